import type { Selectable } from 'kysely';
import { toNumber, type Database, type Db, type DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import { format, t } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import type { LedgerTransaction, Points } from '../points/index.ts';
import { formatDateTime } from '../articles/index.ts';
import { availability, MALL_TAG, toGift, type Gift } from './mall.gifts.ts';
import { createOrderActions } from './mall.order-actions.ts';
import { RedeemInputSchema, type OrderStatus } from './mall.schema.ts';

const s = t.mall;

export interface Order {
  id: number;
  giftId: number;
  giftName: string;
  giftPicture: string;
  memberId: number;
  quantity: number;
  unitPrice: number;
  totalPoints: number;
  contactName: string;
  phone: string;
  address: string;
  status: OrderStatus;
  carrier: string;
  trackingNo: string;
  cancelReason: string;
  shippedAt: string | null;
  cancelledAt: string | null;
  createdAt: string;
}

type OrderRow = Selectable<Database['mall_orders']> & { gift_name: string; gift_picture: string };

function toOrder(r: OrderRow): Order {
  return {
    id: r.id,
    giftId: r.gift_id,
    giftName: r.gift_name,
    giftPicture: r.gift_picture,
    memberId: r.member_id,
    quantity: r.quantity,
    unitPrice: r.unit_price,
    totalPoints: r.total_points,
    contactName: r.contact_name,
    phone: r.phone,
    address: r.address,
    status: r.status as OrderStatus,
    carrier: r.carrier,
    trackingNo: r.tracking_no,
    cancelReason: r.cancel_reason,
    shippedAt: r.shipped_at,
    cancelledAt: r.cancelled_at,
    createdAt: r.created_at,
  };
}

/** Refusals a member can act on: each a clear message, and nothing was moved. */
const refuse = (code: string, message: string) => new ConflictError(message, code);

export type MallPoints = Pick<Points, 'once' | 'post' | 'balance' | 'transactionByKey'>;

/**
 * Orders (订单). Redeeming is one ledger transaction (`points.once`): the stock goes down with a
 * conditional update (`stock >= q`), the per-member limit is counted after that update (which holds the
 * gift's row lock, so concurrent redemptions of one gift are counted one after another), the order is
 * written and the points move member → sink. Any refusal rolls all of it back.
 */
export function createOrders(deps: {
  dbh: DbHandle;
  clock: Clock;
  audit: Audit;
  points: MallPoints;
  groupIdOf: (memberId: number) => Promise<number | undefined>;
  purge: (tags: string[]) => void;
  onOrderChanged?: ((o: Order, change: 'shipped' | 'cancelled') => Promise<void>) | undefined;
}) {
  const { dbh, clock, audit, points } = deps;
  const db = dbh.db;
  const nowIso = () => clock.now().toISOString();

  function baseQuery(q: Db) {
    return q
      .selectFrom('mall_orders')
      .innerJoin('mall_gifts', 'mall_gifts.id', 'mall_orders.gift_id')
      .selectAll('mall_orders')
      .select(['mall_gifts.name as gift_name', 'mall_gifts.picture as gift_picture']);
  }

  async function byId(id: number, trx: Db = db): Promise<Order | undefined> {
    const r = await baseQuery(trx).where('mall_orders.id', '=', id).executeTakeFirst();
    return r ? toOrder(r) : undefined;
  }

  async function mustGet(id: number, trx: Db = db): Promise<Order> {
    const o = await byId(id, trx);
    if (!o) throw new NotFoundError(s.orderGone, 'mall_order_not_found');
    return o;
  }

  /** The refusal for an action that needs a pending order. */
  async function stateError(id: number, trx: Db = db): Promise<AppError> {
    const o = await mustGet(id, trx);
    return refuse('mall_order_state', format(s.errNotPending, { status: s.statuses[o.status] ?? o.status }));
  }

  /** Items of this gift the member holds in open or shipped orders. */
  async function usedBy(trx: Db, giftId: number, memberId: number): Promise<number> {
    const r = await trx
      .selectFrom('mall_orders')
      .select((eb) => eb.fn.sum<number>('quantity').as('n'))
      .where('gift_id', '=', giftId)
      .where('member_id', '=', memberId)
      .where('status', '!=', 'cancelled')
      .executeTakeFirst();
    return toNumber(r?.n);
  }

  /** The checks that need no lock: active, window, group, quantity within the limit. */
  function checkGift(g: Gift, quantity: number, groupId: number | undefined): void {
    if (!g.active) throw refuse('mall_gift_inactive', s.errInactive);
    const when = availability(g, nowIso());
    if (when === 'not_open') throw refuse('mall_not_open', format(s.errNotOpen, { from: formatDateTime(g.availableFrom as string) }));
    if (when === 'ended') throw refuse('mall_ended', s.errEnded);
    if (g.groupIds.length && (groupId === undefined || !g.groupIds.includes(groupId))) throw refuse('mall_group', s.errGroup);
    if (g.perMemberLimit > 0 && quantity > g.perMemberLimit)
      throw new ValidationError({ quantity: format(s.errOverLimit, { limit: g.perMemberLimit }) }, format(s.errOverLimit, { limit: g.perMemberLimit }));
  }

  /**
   * Redeems `raw.quantity` items of a gift for the member. A form submitted twice (same `key`) makes one
   * order: the second call returns the first order. Throws ValidationError for bad input and
   * ConflictError / AppError('points_insufficient') for refusals; nothing is written then.
   */
  async function redeem(memberId: number, giftId: number, raw: Record<string, unknown>): Promise<{ order: Order; replayed: boolean }> {
    const parsed = check(RedeemInputSchema, raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    const v = parsed.data;
    const key = `mall:${memberId}:${v.key}`;
    const gift = await db.selectFrom('mall_gifts').selectAll().where('id', '=', giftId).executeTakeFirst();
    if (!gift) throw new NotFoundError(s.giftGone, 'mall_gift_not_found');
    const groupId = await deps.groupIdOf(memberId);

    let replayed = false;
    const replay = async (earlier: LedgerTransaction): Promise<number> => {
      if (earlier.refType !== 'mall_order' || earlier.refId === null) throw new AppError('idempotency_replay', s.errKey, 409);
      const order = await mustGet(Number(earlier.refId));
      if (order.memberId !== memberId) throw new AppError('idempotency_replay', s.errKey, 409);
      replayed = true;
      return order.id;
    };
    // The same form sent again: the order it made, whatever happened to the gift since.
    const earlier = await points.transactionByKey(key);
    if (earlier) return { order: await mustGet(await replay(earlier)), replayed: true };

    // Refusals that need no lock first; they are checked again inside the transaction. The stock is
    // only ever judged by the conditional update there (a read here would be stale under concurrency).
    checkGift(toGift(gift), v.quantity, groupId);

    const orderId = await points.once(
      key,
      async (trx) => {
        const now = nowIso();
        const g = await trx.selectFrom('mall_gifts').selectAll().where('id', '=', giftId).executeTakeFirstOrThrow();
        checkGift(toGift(g), v.quantity, groupId);
        const taken = await trx
          .updateTable('mall_gifts')
          .set((eb) => ({ stock: eb('stock', '-', v.quantity), redeemed: eb('redeemed', '+', v.quantity) }))
          .where('id', '=', giftId)
          .where('active', '=', 1)
          .where('stock', '>=', v.quantity)
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== 1) {
          // Say how many are left when some are: "only 5 left" is something the member can act on.
          const left = await trx.selectFrom('mall_gifts').select('stock').where('id', '=', giftId).executeTakeFirst();
          const n = left?.stock ?? 0;
          throw refuse('mall_out_of_stock', n > 0 ? format(s.errOnlyLeft, { n }) : s.errOutOfStock);
        }
        // Counted after the update above: that row lock makes concurrent redemptions of this gift wait.
        if (g.per_member_limit > 0) {
          const used = await usedBy(trx, giftId, memberId);
          if (used + v.quantity > g.per_member_limit) throw refuse('mall_limit', format(s.errLimit, { limit: g.per_member_limit, used }));
        }
        const total = g.price * v.quantity;
        const row = await trx
          .insertInto('mall_orders')
          .values({
            gift_id: giftId,
            member_id: memberId,
            quantity: v.quantity,
            unit_price: g.price,
            total_points: total,
            contact_name: v.contactName,
            phone: v.phone,
            address: v.address,
            status: 'pending',
            redeem_tx_id: null,
            refund_tx_id: null,
            shipped_by: null,
            shipped_at: null,
            cancelled_by: null,
            cancelled_at: null,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const tx = await points.post(trx, {
          reason: 'mall.redeem',
          memo: format(s.redeemMemo, { name: g.name, n: v.quantity }),
          ref: { type: 'mall_order', id: row.id },
          idempotencyKey: key,
          actorId: memberId,
          postings: [
            { account: { member: memberId }, amount: -total },
            { account: { system: 'sink' }, amount: total },
          ],
        });
        await trx.updateTable('mall_orders').set({ redeem_tx_id: tx.transactionId }).where('id', '=', row.id).execute();
        return row.id;
      },
      replay,
    );
    if (!replayed) deps.purge([MALL_TAG]);
    return { order: await mustGet(orderId), replayed };
  }

  async function listForMember(memberId: number, page: number, perPage: number): Promise<{ items: Order[]; total: number }> {
    const [rows, n] = await Promise.all([
      baseQuery(db)
        .where('mall_orders.member_id', '=', memberId)
        .orderBy('mall_orders.id', 'desc')
        .limit(perPage)
        .offset((page - 1) * perPage)
        .execute(),
      db
        .selectFrom('mall_orders')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('member_id', '=', memberId)
        .executeTakeFirst(),
    ]);
    return { items: rows.map(toOrder), total: toNumber(n?.n) };
  }

  async function listAdmin(status: OrderStatus | undefined, page: number, perPage: number): Promise<{ items: Order[]; total: number }> {
    let q = baseQuery(db);
    let c = db.selectFrom('mall_orders').select((eb) => eb.fn.countAll().as('n'));
    if (status) {
      q = q.where('mall_orders.status', '=', status);
      c = c.where('status', '=', status);
    }
    const [rows, n] = await Promise.all([
      q
        .orderBy('mall_orders.id', 'desc')
        .limit(perPage)
        .offset((page - 1) * perPage)
        .execute(),
      c.executeTakeFirst(),
    ]);
    return { items: rows.map(toOrder), total: toNumber(n?.n) };
  }

  /** Why the member cannot redeem this gift now (shown instead of the form), or undefined. */
  async function refusalFor(memberId: number, g: Gift): Promise<string | undefined> {
    try {
      checkGift(g, 1, await deps.groupIdOf(memberId));
    } catch (e) {
      return (e as Error).message;
    }
    if (g.stock <= 0) return s.errOutOfStock;
    if (g.perMemberLimit > 0) {
      const used = await usedBy(db, g.id, memberId);
      if (used >= g.perMemberLimit) return format(s.errLimit, { limit: g.perMemberLimit, used });
    }
    return undefined;
  }

  return {
    byId,
    mustGet,
    redeem,
    refusalFor,
    listForMember,
    listAdmin,
    usedBy: (giftId: number, memberId: number) => usedBy(db, giftId, memberId),
    ...createOrderActions({ ...deps, mustGet, stateError }),
  };
}

export type Orders = ReturnType<typeof createOrders>;
