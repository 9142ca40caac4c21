import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import { jsonObject, memberApi, type ApiDoc } from '../api/index.ts';
import type { Members } from '../members/index.ts';
import { availability, type Gift, type Gifts } from './mall.gifts.ts';
import type { MallPoints, Order, Orders } from './mall.orders.ts';
import { ADDRESS_MAX, CONTACT_MAX, ORDER_STATUSES, QUANTITY_MAX } from './mall.schema.ts';
import { giftUrl } from './views/public-pages.tsx';

/**
 * 积分换礼 for machine clients (a member's app): the gift list, one gift with whether the token's member
 * may redeem it, redeeming (the same ledger transaction as the form, idempotent with `Idempotency-Key`)
 * and the member's own orders. Every route needs a member's API token; staff actions stay in the console.
 */
const s = t.mall;
const KEY = /^[A-Za-z0-9-]{8,64}$/;
const PER_PAGE = 20;

const giftJson = (g: Gift, now: string) => ({
  id: g.id,
  name: g.name,
  picture: g.picture || null,
  descriptionHtml: g.descriptionHtml,
  price: g.price,
  stock: g.stock,
  redeemed: g.redeemed,
  perMemberLimit: g.perMemberLimit,
  groupIds: g.groupIds,
  availableFrom: g.availableFrom,
  availableUntil: g.availableUntil,
  availability: availability(g, now),
  url: giftUrl(g.id),
});

const orderJson = (o: Order) => ({
  id: o.id,
  giftId: o.giftId,
  giftName: o.giftName,
  quantity: o.quantity,
  unitPrice: o.unitPrice,
  totalPoints: o.totalPoints,
  contactName: o.contactName,
  phone: o.phone,
  address: o.address,
  status: o.status,
  carrier: o.carrier || null,
  trackingNo: o.trackingNo || null,
  cancelReason: o.cancelReason || null,
  shippedAt: o.shippedAt,
  cancelledAt: o.cancelledAt,
  createdAt: o.createdAt,
});

const GiftSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  picture: z.string().nullable().describe('URL of the picture, or null'),
  descriptionHtml: z.string().describe('sanitized HTML'),
  price: z.number().int().describe('points per item'),
  stock: z.number().int(),
  redeemed: z.number().int(),
  perMemberLimit: z.number().int().describe('0 = no limit'),
  groupIds: z.array(z.number().int()).describe('member groups that may redeem; empty = every group'),
  availableFrom: z.iso.datetime().nullable(),
  availableUntil: z.iso.datetime().nullable(),
  availability: z.enum(['open', 'not_open', 'ended']),
  url: z.string().describe('the gift’s page'),
});

const OrderSchema = z.object({
  id: z.number().int(),
  giftId: z.number().int(),
  giftName: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  totalPoints: z.number().int(),
  contactName: z.string(),
  phone: z.string(),
  address: z.string(),
  status: z.enum(ORDER_STATUSES),
  carrier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  cancelReason: z.string().nullable(),
  shippedAt: z.iso.datetime().nullable(),
  cancelledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

const OrdersQuery = z.object({
  page: z
    .string()
    .regex(/^[1-9]\d{0,5}$/)
    .optional()
    .describe('page number, from 1'),
});

const idempotencyHeader = {
  'Idempotency-Key': {
    description: 'Optional, 8–64 of A–Z a–z 0–9 -. A retry with the same key answers 200 with the first order and moves nothing.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9-]{8,64}$' },
  },
};

/** The mall endpoints as the OpenAPI document shows them (the routes are registered below). */
export const mallApiDocs: ApiDoc[] = [
  {
    method: 'GET',
    path: '/mall/gifts',
    tag: 'mall',
    summary: 'Gifts on offer in 积分换礼 (active, not ended), newest first',
    access: 'read',
    responses: [{ status: 200, description: 'The gifts', schema: 'GiftList' }],
    components: { Gift: [GiftSchema, 'output'], GiftList: [z.object({ items: z.array(GiftSchema) }), 'output'] },
  },
  {
    method: 'GET',
    path: '/mall/gifts/:id',
    tag: 'mall',
    summary: 'One gift, and why the token’s member may not redeem it now (null when they may)',
    access: 'read',
    params: { id: 'gift id' },
    responses: [{ status: 200, description: 'The gift', schema: 'GiftView' }],
    components: { GiftView: [z.object({ gift: GiftSchema, refusal: z.string().nullable(), balance: z.number().int() }), 'output'] },
  },
  {
    method: 'POST',
    path: '/mall/gifts/:id/orders',
    tag: 'mall',
    summary: 'Redeem a gift with the token member’s points: stock, points and the order move in one transaction',
    access: 'read',
    params: { id: 'gift id' },
    body: 'RedeemRequest',
    headers: idempotencyHeader,
    responses: [
      { status: 201, description: 'Redeemed; the order and the member’s new balance', schema: 'RedeemResult' },
      { status: 200, description: 'A retry with an Idempotency-Key already used: the same order, nothing moved', schema: 'RedeemResult' },
      {
        status: 409,
        description:
          'Refused, nothing moved: `error.code` `points_insufficient`, `mall_out_of_stock`, `mall_limit`, `mall_group`, `mall_not_open`, `mall_ended`, `mall_gift_inactive`',
        schema: 'Error',
      },
      {
        status: 422,
        description: 'Refused, nothing moved: bad fields (`error.fields.quantity`, `contactName`, `phone`, `address`, `idempotencyKey`)',
        schema: 'Error',
      },
    ],
    components: {
      RedeemRequest: [
        z
          .object({
            quantity: z.number().int().min(1).max(QUANTITY_MAX).optional().describe('items; 1 when absent'),
            contactName: z.string().min(1).max(CONTACT_MAX).describe('收货人'),
            phone: z.string().describe('a mainland mobile number or a landline with area code'),
            address: z.string().min(5).max(ADDRESS_MAX).describe('收货地址'),
          })
          .strict(),
        'input',
      ],
      Order: [OrderSchema, 'output'],
      RedeemResult: [z.object({ order: OrderSchema, replayed: z.boolean(), balance: z.number().int() }), 'output'],
    },
  },
  {
    method: 'GET',
    path: '/mall/orders',
    tag: 'mall',
    summary: 'The token member’s own orders (我的订单), newest first, 20 per page',
    access: 'read',
    query: OrdersQuery,
    responses: [
      {
        status: 200,
        description: 'One page of orders',
        schema: 'OrderList',
      },
    ],
    components: {
      OrderList: [z.object({ items: z.array(OrderSchema), page: z.number().int(), pages: z.number().int(), total: z.number().int() }), 'output'],
    },
  },
];

function parseId(v: string): number | undefined {
  return /^[1-9]\d{0,9}$/.test(v) ? Number(v) : undefined;
}

/** JSON fields → the redeem form's fields (the service validates them and names the bad ones). */
function redeemFields(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const q = body.quantity;
  const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : null);
  return {
    quantity: q === undefined ? '1' : typeof q === 'number' && Number.isInteger(q) ? String(q) : null,
    contactName: text(body.contactName),
    phone: text(body.phone),
    address: text(body.address),
    key,
  };
}

export function registerMallApi(app: FastifyInstance, deps: { gifts: Gifts; orders: Orders; points: MallPoints; members: Members; clock: Clock }): void {
  const api = memberApi(deps.members);
  const onRequest = api.onRequest;
  const now = () => deps.clock.now().toISOString();
  async function activeGift(raw: string): Promise<Gift> {
    const id = parseId(raw);
    const g = id === undefined ? undefined : await deps.gifts.byId(id);
    if (!g || !g.active) throw new NotFoundError(s.giftGone, 'mall_gift_not_found');
    return g;
  }

  app.get('/api/v1/mall/gifts', { onRequest }, async () => {
    const at = now();
    return { items: (await deps.gifts.listPublic()).map((g) => giftJson(g, at)) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/mall/gifts/:id', { onRequest }, async (req) => {
    const me = api.member(req);
    const g = await activeGift(req.params.id);
    return { gift: giftJson(g, now()), refusal: (await deps.orders.refusalFor(me.id, g)) ?? null, balance: await deps.points.balance(me.id) };
  });

  app.post<{ Params: { id: string } }>('/api/v1/mall/gifts/:id/orders', { onRequest }, async (req, reply) => {
    const me = api.member(req);
    const g = await activeGift(req.params.id);
    const b = jsonObject(req, ['quantity', 'contactName', 'phone', 'address']);
    const rawKey = req.headers['idempotency-key'];
    if (rawKey !== undefined && (typeof rawKey !== 'string' || !KEY.test(rawKey)))
      throw new ValidationError({ idempotencyKey: t.errors.api.mallIdempotencyKeyBad });
    const key = typeof rawKey === 'string' ? rawKey : randomUUID();
    const r = await deps.orders.redeem(me.id, g.id, redeemFields(b, key));
    return reply.code(r.replayed ? 200 : 201).send({ order: orderJson(r.order), replayed: r.replayed, balance: await deps.points.balance(me.id) });
  });

  app.get<{ Querystring: { page?: string } }>('/api/v1/mall/orders', { onRequest }, async (req) => {
    const me = api.member(req);
    const q = OrdersQuery.safeParse(req.query);
    if (!q.success) throw new ValidationError({ page: t.errors.api.pageNumberQuery });
    const page = Number(q.data.page ?? 1);
    const { items, total } = await deps.orders.listForMember(me.id, page, PER_PAGE);
    return { items: items.map(orderJson), page, pages: Math.max(1, Math.ceil(total / PER_PAGE)), total };
  });
}
