import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors.ts';
import { t } from '../../strings/index.ts';

/**
 * Bearer-token authentication for machine clients (`Authorization: Bearer <token>`). Framework-level
 * only: the caller says how a token maps to a principal and decides what each principal may do.
 */
export interface BearerGuard<P> {
  /** onRequest hook: resolves the token or answers 401 before the body is even read. */
  authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The principal of an authenticated request; throws 401 if the hook did not run or failed. */
  principal(req: FastifyRequest): P;
}

export interface BearerGuardOptions {
  /** Realm named in the `WWW-Authenticate` challenge. */
  realm: string;
  /** Requests for which the hook lets anonymous callers through (e.g. a public document). */
  isPublic?: (req: FastifyRequest) => boolean;
  message?: string;
}

const SCHEME = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]{1,512})[ \t]*$/i;

/** The token of an `Authorization: Bearer …` header, or undefined when absent or malformed. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return SCHEME.exec(header)?.[1];
}

export function createBearerGuard<P>(resolve: (token: string) => Promise<P | undefined>, opts: BearerGuardOptions): BearerGuard<P> {
  const principals = new WeakMap<FastifyRequest, P>();
  const message = opts.message ?? t.http.badBearerToken;

  async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (opts.isPublic?.(req)) return;
    const token = bearerToken(req);
    const p = token === undefined ? undefined : await resolve(token);
    if (p === undefined) {
      const error = req.headers.authorization ? ', error="invalid_token"' : '';
      reply.header('www-authenticate', `Bearer realm="${opts.realm}"${error}`);
      throw new UnauthorizedError(message);
    }
    principals.set(req, p);
  }

  function principal(req: FastifyRequest): P {
    const p = principals.get(req);
    if (p === undefined) throw new UnauthorizedError(message);
    return p;
  }

  return { authenticate, principal };
}
