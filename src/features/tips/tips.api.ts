import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { RateLimiter } from '../../platform/http/rate-limit.ts';
import { t } from '../../strings/index.ts';
import { jsonObject, memberApi, type ApiDoc } from '../api/index.ts';
import type { Members } from '../members/index.ts';
import { AMOUNT_CEILING, MESSAGE_MAX, parseFlag, parseFormKey } from './tips.schema.ts';
import type { Tip, Tips } from './tips.service.ts';
import { checkTipRate, parseId, TIP_REFUSALS_PER_WINDOW, TIP_WINDOW_MS, tipRefusalGate, TIPS_PER_WINDOW } from './tips.routes.tsx';

export const TIPS_API_PATH = '/api/v1/articles/:id/tips';

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

const TipSchema = z.object({
  id: z.number().int(),
  articleId: z.number().int(),
  amount: z.number().int().describe('points the tipper paid'),
  authorShare: z.number().int().describe('points the author received: floor(amount × share %)'),
  siteShare: z.number().int().describe('the rest, kept by the site'),
  anonymous: z.boolean(),
  message: z.string(),
  createdAt: z.iso.datetime(),
});

/** The tips endpoint as the OpenAPI document shows it (the route itself is registered below). */
export const tipsApiDoc: ApiDoc = {
  method: 'POST',
  path: '/articles/:id/tips',
  tag: 'tips',
  summary: 'Tip the author of a published article (打赏) from the token member’s points',
  access: 'read',
  params: { id: 'article id' },
  body: 'TipRequest',
  headers: {
    'Idempotency-Key': {
      description: 'Optional, 8–64 of A–Z a–z 0–9 _ -. A retry with the same key answers 200 with the first tip and moves nothing.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
    },
  },
  responses: [
    { status: 201, description: 'Tipped; the tip and the member’s new balance', schema: 'TipResult' },
    { status: 200, description: 'A retry with an Idempotency-Key already used: the same tip, nothing moved', schema: 'TipResult' },
    {
      status: 422,
      description:
        'Refused, nothing moved: bad fields (`error.fields.amount`, `message`, `idempotencyKey`), or `error.code` `points_insufficient`, `tip_self` (own article), `tip_article_gone` (not published)',
      schema: 'Error',
    },
    {
      status: 429,
      description: `Over ${TIPS_PER_WINDOW} tips, or over ${TIP_REFUSALS_PER_WINDOW} refused attempts (422), in ${TIP_WINDOW_MS / 60_000} minutes by this member (form and API together; a retry with a used Idempotency-Key is never limited); \`Retry-After\` in seconds`,
      schema: 'Error',
    },
  ],
  components: {
    TipRequest: [
      z
        .object({
          amount: z.number().int().min(1).max(AMOUNT_CEILING).describe('points, within the site’s minimum and maximum (打赏设置)'),
          message: z.string().max(MESSAGE_MAX).optional().describe('shown in the article’s 打赏记录; plain text'),
          anonymous: z.boolean().optional().describe('hide the tipper’s name from the page and the author'),
        })
        .strict(),
      'input',
    ],
    TipResult: [z.object({ tip: TipSchema, replayed: z.boolean(), balance: z.number().int().describe('the member’s points after the tip') }), 'output'],
  },
};

/**
 * `POST /api/v1/articles/:id/tips` with a bearer token: `{ amount, message?, anonymous? }` and an
 * optional `Idempotency-Key` header (8–64 of A–Z a–z 0–9 _ -). 201 with the tip; a retry with the same
 * key answers 200 with the same tip and moves nothing. Refusals are JSON errors with field messages.
 */
export function registerTipsApi(app: FastifyInstance, deps: { tips: Tips; members: Members; rateLimiter: RateLimiter }): void {
  const api = memberApi(deps.members);
  app.post<{ Params: { id: string } }>(TIPS_API_PATH, {
    onRequest: api.onRequest,
    handler: async (req, reply) => {
      const me = api.member(req);
      const id = parseId(req.params.id);
      if (!id) throw new NotFoundError(t.tips.errArticleGone, 'article_not_found');
      const body = jsonObject(req, ['amount', 'message', 'anonymous']);
      const rawKey = req.headers['idempotency-key'];
      const key = typeof rawKey === 'string' ? parseFormKey(rawKey) : undefined;
      if (rawKey !== undefined && key === undefined) throw new ValidationError({ idempotencyKey: t.errors.api.idempotencyKeyBad });
      // Counted only when the tip would be accepted; a retry with the same key is answered before (see tips.tip).
      const retryAfter = (e: unknown) => {
        reply.header('retry-after', String(TIP_WINDOW_MS / 1000)); // the window's full length at most
        throw e;
      };
      const admit = () => checkTipRate(deps.rateLimiter, me.id).catch(retryAfter);
      const gate = tipRefusalGate(deps.rateLimiter, me.id);
      const refusals = { check: () => gate.check().catch(retryAfter), refused: gate.refused };
      const input = { memberId: me.id, articleId: id, amount: body.amount, message: body.message, anonymous: parseFlag(body.anonymous), key };
      const r = await deps.tips.tip(input, { admit, refusals });
      return reply.code(r.replayed ? 200 : 201).send({ tip: tipJson(r.tip), replayed: r.replayed, balance: await deps.tips.balance(me.id) });
    },
  });
}
