import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../platform/errors.ts';
import { memberApi, type ApiDoc } from '../api/index.ts';
import type { Members } from '../members/index.ts';
import { t } from '../../strings/index.ts';
import type { Points } from './points.service.ts';
import { reasonLabel } from './views/points-pages.tsx';

/** 我的积分 for machine clients: the token member's balance and ledger entries, newest first. */
const PER_PAGE = 20;
const Query = z.object({
  page: z
    .string()
    .regex(/^[1-9]\d{0,5}$/)
    .optional()
    .describe('page number, from 1'),
});

const EntrySchema = z.object({
  id: z.number().int().describe('ledger entry id'),
  transactionId: z.number().int(),
  amount: z.number().int().describe('points in (positive) or out (negative)'),
  reason: z.string().describe('reason code, e.g. `reward.login`, `tip.send`, `mall.redeem`'),
  reasonText: z.string().describe('the reason as 我的积分 shows it'),
  memo: z.string(),
  link: z.string().nullable().describe('the page the entry is about (an article, an order…), if any'),
  createdAt: z.iso.datetime(),
});

export const pointsApiDoc: ApiDoc = {
  method: 'GET',
  path: '/points',
  tag: 'points',
  summary: 'The token member’s points: balance and ledger entries (我的积分), newest first, 20 per page',
  access: 'read',
  query: Query,
  responses: [{ status: 200, description: 'Balance and one page of entries', schema: 'PointsHistory' }],
  components: {
    PointsEntry: [EntrySchema, 'output'],
    PointsHistory: [
      z.object({ balance: z.number().int(), items: z.array(EntrySchema), page: z.number().int(), pages: z.number().int(), total: z.number().int() }),
      'output',
    ],
  },
};

export function registerPointsApi(app: FastifyInstance, deps: { points: Points; members: Members }): void {
  const api = memberApi(deps.members);
  app.get('/api/v1/points', { onRequest: api.onRequest }, async (req) => {
    const me = api.member(req);
    const q = Query.safeParse(req.query);
    if (!q.success) throw new ValidationError({ page: t.errors.api.pageNumberQuery });
    const page = Number(q.data.page ?? 1);
    const [balance, h] = await Promise.all([deps.points.balance(me.id), deps.points.history(me.id, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE })]);
    const items = h.items.map((e) => ({
      id: e.entryId,
      transactionId: e.transactionId,
      amount: e.amount,
      reason: e.reason,
      reasonText: reasonLabel(e.reason),
      memo: e.memo,
      link: deps.points.refLink(e.refType, e.refId) ?? null,
      createdAt: e.createdAt,
    }));
    return { balance, items, page, pages: Math.max(1, Math.ceil(h.total / PER_PAGE)), total: h.total };
  });
}
