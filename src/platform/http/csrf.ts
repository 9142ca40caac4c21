import '@fastify/cookie';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { t } from '../../strings/index.ts';
import { SESSION_COOKIE } from './session.ts';

/**
 * CSRF protection for every state-changing form: a double-submit token. The browser holds a random
 * token in the `zx_csrf` cookie (readable by our own script, SameSite=Lax); each form sends it back
 * in `_csrf` (or the `x-csrf-token` header). A cross-site page can neither read the cookie nor
 * forge the field. A mismatching `Origin` header is refused outright.
 *
 * Cached public pages cannot carry a per-visitor token (nor set the cookie): public/site.js copies the
 * cookie into their forms, making a random one first if the visitor has none. Without JavaScript such
 * a form arrives without a token, and `confirm` renders a page that repeats the submission with a
 * token, so the action still works after one more click (forms with a password are not repeated).
 * A guest's form without a token whose browser sent this site's Origin goes through: no session means no
 * account to act for, and a forged post from another site would carry that site's origin (refused above).
 */
export const CSRF_COOKIE = 'zx_csrf';
export const CSRF_FIELD = '_csrf';

export class CsrfError extends AppError {
  constructor() {
    super('csrf_failed', t.http.csrfFailed, 403);
  }
}

function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin !== 'null';
  try {
    return new URL(origin).host === req.host;
  } catch {
    return false;
  }
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The visitor's CSRF token, set as a cookie when new. */
export function csrfToken(req: FastifyRequest, reply: FastifyReply): string {
  let token = req.cookies[CSRF_COOKIE];
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) {
    token = randomBytes(24).toString('base64url');
    req.cookies[CSRF_COOKIE] = token;
    reply.setCookie(CSRF_COOKIE, token, { path: '/', httpOnly: false, sameSite: 'lax', secure: req.protocol === 'https', maxAge: 365 * 86400 });
  }
  return token;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfOptions {
  /** Requests to skip (the bearer-token API, which no browser sends cookies to). */
  skip(req: FastifyRequest): boolean;
  /** HTML asking the visitor to confirm a form that arrived without a token. */
  confirm(req: FastifyRequest, fields: Record<string, string>, token: string): Promise<string>;
}

export function registerCsrf(app: FastifyInstance, opts: CsrfOptions): void {
  app.addHook('preHandler', async (req, reply) => {
    if (!UNSAFE.has(req.method) || opts.skip(req)) return;
    if (!sameOrigin(req)) throw new CsrfError();
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    // Multipart forms (uploads) carry the token in the action URL's query string.
    const query = (req.query ?? {}) as Record<string, unknown>;
    const sent =
      typeof body[CSRF_FIELD] === 'string'
        ? (body[CSRF_FIELD] as string)
        : typeof query[CSRF_FIELD] === 'string'
          ? (query[CSRF_FIELD] as string)
          : String(req.headers['x-csrf-token'] ?? '');
    const cookie = req.cookies[CSRF_COOKIE];
    if (sent && cookie && equal(sent, cookie)) return;
    if (!sent && req.headers.origin && !req.cookies[SESSION_COOKIE]) return;
    const isForm = /^application\/x-www-form-urlencoded/i.test(String(req.headers['content-type'] ?? ''));
    if (!sent && isForm && req.method === 'POST') {
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== CSRF_FIELD) fields[k] = v;
      const html = await opts.confirm(req, fields, csrfToken(req, reply));
      return reply.code(200).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
    }
    throw new CsrfError();
  });
}
