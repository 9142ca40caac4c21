import type { FastifyReply, FastifyRequest } from 'fastify';
import { createBearerGuard } from '../../platform/http/auth.ts';
import type { Member, Members } from '../members/index.ts';
import { BadRequestError } from './api.route.ts';
import { t } from '../../strings/index.ts';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** Refuses a request with a body that is not `application/json` (before the body is read). */
export function requireJsonBody(req: FastifyRequest): void {
  if (WITH_BODY.has(req.method) && !JSON_TYPE.test(req.headers['content-type'] ?? ''))
    throw new BadRequestError(t.errors.api.bodyNotJson, 'unsupported_content_type');
}

/**
 * For /api/v1 routes another feature registers itself (tips, points, the mall): any member's bearer
 * token, answers never stored by caches, JSON bodies only. `onRequest` runs before the body is read
 * (401 without a valid token, 400 for another content type); `member(req)` is the token's member.
 */
export function memberApi(members: Pick<Members, 'memberForToken'>) {
  const guard = createBearerGuard((token) => members.memberForToken(token), { realm: 'zixun' });
  return {
    async onRequest(req: FastifyRequest, reply: FastifyReply): Promise<void> {
      reply.header('cache-control', 'no-store');
      await guard.authenticate(req, reply);
      requireJsonBody(req);
    },
    member: (req: FastifyRequest): Member => guard.principal(req),
  };
}
