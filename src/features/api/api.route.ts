import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { clientIp } from '../../platform/http/app.ts';
import type { AuditInput } from '../audit/index.ts';
import { isStaff, type Member } from '../members/index.ts';
import { t } from '../../strings/index.ts';

/**
 * Who may call a route: `public` needs no token, `read` any valid token, `staff` an editor or admin,
 * `admin` an admin. Handlers may narrow further (e.g. drafts are for staff only).
 */
export type Access = 'public' | 'read' | 'staff' | 'admin';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiResponseDoc {
  status: number;
  description: string;
  /** Name of a component schema, or an inline JSON schema. */
  schema?: string | Record<string, unknown>;
}

interface RouteBase {
  method: Method;
  /** Path under /api/v1 in Fastify syntax (`/articles/:id`). */
  path: string;
  tag: string;
  summary: string;
  params?: Record<string, string>;
  query?: z.ZodObject;
  /** Component schema name of the JSON request body. */
  body?: string;
  /** Request headers worth documenting (e.g. Idempotency-Key): name → description and JSON schema. */
  headers?: Record<string, { description: string; schema: Record<string, unknown> }>;
  responses: ApiResponseDoc[];
  /** Largest request body in bytes, when not the server's default (article bodies may be long). */
  bodyLimit?: number;
  /** A create that honours the `Idempotency-Key` header (api.idempotency.ts). */
  idempotent?: true;
}

/**
 * An /api/v1 endpoint another feature registers itself (with its own guard), given to `registerApi`
 * only to be documented, with the component schemas it refers to.
 */
export type ApiDoc = RouteBase & {
  access: Exclude<Access, 'public'>;
  components?: Record<string, [z.ZodType, 'input' | 'output']>;
};

/** One /api/v1 endpoint: registered and documented from the same object, so the two cannot drift. */
export type ApiRoute =
  | (RouteBase & { access: 'public'; handler(req: FastifyRequest, reply: FastifyReply): Promise<unknown> })
  | (RouteBase & { access: Exclude<Access, 'public'>; handler(req: FastifyRequest, reply: FastifyReply, me: Member): Promise<unknown> });

export function isAllowed(access: Access, me: Member | undefined): boolean {
  if (access === 'public') return true;
  if (!me) return false;
  if (access === 'read') return true;
  if (access === 'staff') return isStaff(me.role);
  return me.role === 'admin';
}

export { fieldErrors, zhError, parseOrThrow as parseWith } from '../../platform/validation.ts';

/** Who an API write's audit entry names: the token's member, from the request's address. */
export function apiActor(req: FastifyRequest, me: Member): Pick<AuditInput, 'actorId' | 'ip'> {
  return { actorId: me.id, ip: clientIp(req) };
}

/** The documented 409 of a write that can conflict with existing data. */
export const CONFLICT = (description: string): ApiResponseDoc => ({ status: 409, description, schema: 'Error' });

export class BadRequestError extends AppError {
  constructor(message: string, code = 'bad_request') {
    super(code, message, 400);
  }
}

/**
 * The request's JSON object body (the content type was checked before parsing). With `known` (for
 * bodies no strict schema parses first), any other field is a 422 naming it, as everywhere in the API.
 */
export function jsonObject(req: FastifyRequest, known?: readonly string[]): Record<string, unknown> {
  const b = req.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new BadRequestError(t.errors.api.bodyNotObject, 'body_not_object');
  if (known) {
    const unknown: FieldErrors = {};
    for (const k of Object.keys(b)) if (!known.includes(k)) unknown[k] = t.http.unknownField;
    if (Object.keys(unknown).length) throw new ValidationError(unknown);
  }
  return b as Record<string, unknown>;
}

const ID_RE = /^[1-9]\d{0,9}$/;

/** A positive 32-bit id from a path parameter; anything else is a 404 (there is no such thing). */
export function parseId(req: FastifyRequest, message: string, code: string): number {
  const raw = (req.params as Record<string, string | undefined>).id ?? '';
  const id = ID_RE.test(raw) ? Number(raw) : NaN;
  if (!(id <= 2_147_483_647)) throw new NotFoundError(message, code);
  return id;
}

export function param(req: FastifyRequest, name: string): string {
  return (req.params as Record<string, string | undefined>)[name] ?? '';
}
