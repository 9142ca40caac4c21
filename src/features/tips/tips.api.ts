import type { FastifyInstance } from 'fastify';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { createBearerGuard } from '../../platform/http/auth.ts';
import { t } from '../../strings/index.ts';
import type { Members } from '../members/index.ts';
import { parseFlag, parseFormKey } from './tips.schema.ts';
import type { Tip, Tips } from './tips.service.ts';
import { parseId } from './tips.routes.tsx';

export const TIPS_API_PATH = '/api/v1/articles/:id/tips';
const JSON_TYPE = /^application\/json\s*(;|$)/i;

class BadRequest extends AppError {
  constructor(message: string, code: string) {
    super(code, message, 400);
  }
}

const tipJson = (x: Tip) => ({
  id: x.id,
  articleId: x.articleId,
  amount: x.amount,
  authorShare: x.authorShare,
  siteShare: x.siteShare,
  anonymous: x.anonymous,
  message: x.message,
  createdAt: x.createdAt,
});

/**
 * `POST /api/v1/articles/:id/tips` with a bearer token: `{ amount, message?, anonymous? }` and an
 * optional `Idempotency-Key` header (8–64 of A–Z a–z 0–9 _ -). 201 with the tip; a retry with the same
 * key answers 200 with the same tip and moves nothing. Refusals are JSON errors with field messages.
 */
export function registerTipsApi(app: FastifyInstance, deps: { tips: Tips; members: Members }): void {
  const guard = createBearerGuard((token) => deps.members.memberForToken(token), { realm: 'zixun' });
  app.post<{ Params: { id: string } }>(TIPS_API_PATH, {
    onRequest: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      await guard.authenticate(req, reply);
      if (!JSON_TYPE.test(req.headers['content-type'] ?? ''))
        throw new BadRequest('请求体必须是 JSON（Content-Type: application/json）', 'unsupported_content_type');
    },
    handler: async (req, reply) => {
      const me = guard.principal(req);
      const id = parseId(req.params.id);
      if (!id) throw new NotFoundError(t.tips.errArticleGone, 'article_not_found');
      const b = req.body;
      if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new BadRequest('请求体必须是 JSON 对象', 'body_not_object');
      const body = b as Record<string, unknown>;
      const rawKey = req.headers['idempotency-key'];
      const key = typeof rawKey === 'string' ? parseFormKey(rawKey) : undefined;
      if (rawKey !== undefined && key === undefined) throw new ValidationError({ idempotencyKey: 'Idempotency-Key 须为8到64位字母、数字、下划线或连字符' });
      const r = await deps.tips.tip({ memberId: me.id, articleId: id, amount: body.amount, message: body.message, anonymous: parseFlag(body.anonymous), key });
      return reply.code(r.replayed ? 200 : 201).send({ tip: tipJson(r.tip), replayed: r.replayed, balance: await deps.tips.balance(me.id) });
    },
  });
}
