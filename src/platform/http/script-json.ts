import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../errors.ts';

/** A request from one of public/*.js that asks for JSON (`Accept: application/json`) rather than a page. */
export const wantsJson = (req: FastifyRequest): boolean => /application\/json/i.test(String(req.headers.accept ?? ''));

/**
 * A refusal (an AppError) answered as JSON to a script, which then shows the message or falls back to
 * the form; anything else, or a request from a form, is thrown on to the error page.
 */
export function jsonRefusal(req: FastifyRequest, reply: FastifyReply, e: unknown): FastifyReply {
  if (!wantsJson(req) || !isAppError(e)) throw e;
  return reply
    .code(e.status)
    .header('cache-control', 'no-store')
    .send({ error: { code: e.code, message: e.message } });
}
