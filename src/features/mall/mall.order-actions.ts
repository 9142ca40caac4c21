import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { type AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import { format, t } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import { MALL_TAG } from './mall.gifts.ts';
import type { MallPoints, Order } from './mall.orders.ts';
import { CancelInputSchema, ShipInputSchema } from './mall.schema.ts';

const s = t.mall;

export interface OrderActionDeps {
  dbh: DbHandle;
  clock: Clock;
  audit: Audit;
  points: MallPoints;
  purge: (tags: string[]) => void;
  mustGet(id: number, trx?: Db): Promise<Order>;
  /** The refusal for an action that needs a pending order. */
  stateError(id: number, trx?: Db): Promise<AppError>;
  /** After staff shipped or cancelled an order (its member's 站内信). */
  onOrderChanged?: ((o: Order, change: 'shipped' | 'cancelled') => Promise<void>) | undefined;
}

type Who = { actorId: number; ip: string };

/** What moves an order on: staff ship or cancel it; its member cancels it while it waits to be shipped. */
export function createOrderActions(deps: OrderActionDeps) {
  const { dbh, clock, audit, points, mustGet, stateError } = deps;
  const nowIso = () => clock.now().toISOString();

  /** Marks a pending order shipped with the carrier and tracking number (audited). Only from pending. */
  async function ship(id: number, raw: Record<string, unknown>, who: Who): Promise<Order> {
    const parsed = check(ShipInputSchema, raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    const v = parsed.data;
    await dbh.tx(async (trx) => {
      const now = nowIso();
      const r = await trx
        .updateTable('mall_orders')
        .set({ status: 'shipped', carrier: v.carrier, tracking_no: v.trackingNo, shipped_by: who.actorId, shipped_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) {
        throw await stateError(id, trx);
      }
      await audit.record(
        { ...who, action: 'mall.order.ship', targetType: 'mall_order', targetId: id, detail: { carrier: v.carrier, trackingNo: v.trackingNo } },
        trx,
      );
    });
    const shipped = await mustGet(id);
    await deps.onOrderChanged?.(shipped, 'shipped');
    return shipped;
  }

  /**
   * The one way an order is cancelled, by staff or by its member: the points go back (sink → member)
   * and the stock is restored, in one transaction (audited). Only from pending: a shipped order cannot
   * be cancelled, and a second cancel (a double click, staff and member at once) is refused — the
   * status update is conditional and the refund has its own key, so it is refunded exactly once.
   */
  async function cancelPending(id: number, reason: string, who: Who, opts: { memberId?: number } = {}): Promise<Order> {
    const key = `mall:refund:${id}`;
    const cancelAction = opts.memberId === undefined ? 'mall.order.cancel' : 'mall.order.cancel_own';
    await points.once(
      key,
      async (trx) => {
        const now = nowIso();
        let q = trx
          .updateTable('mall_orders')
          .set({ status: 'cancelled', cancel_reason: reason, cancelled_by: who.actorId, cancelled_at: now, updated_at: now })
          .where('id', '=', id)
          .where('status', '=', 'pending');
        if (opts.memberId !== undefined) q = q.where('member_id', '=', opts.memberId);
        const r = await q.executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw await stateError(id, trx);
        const o = await mustGet(id, trx);
        await trx
          .updateTable('mall_gifts')
          .set((eb) => ({ stock: eb('stock', '+', o.quantity), redeemed: eb('redeemed', '-', o.quantity) }))
          .where('id', '=', o.giftId)
          .execute();
        const tx = await points.post(trx, {
          reason: 'mall.refund',
          memo: format(s.refundMemo, { id, reason }),
          ref: { type: 'mall_order', id },
          idempotencyKey: key,
          actorId: who.actorId,
          postings: [
            { account: { system: 'sink' }, amount: -o.totalPoints },
            { account: { member: o.memberId }, amount: o.totalPoints },
          ],
        });
        await trx.updateTable('mall_orders').set({ refund_tx_id: tx.transactionId }).where('id', '=', id).execute();
        await audit.record({ ...who, action: cancelAction, targetType: 'mall_order', targetId: id, detail: { reason, refund: o.totalPoints } }, trx);
      },
      async () => {
        throw await stateError(id);
      },
    );
    deps.purge([MALL_TAG]);
    return mustGet(id);
  }

  /** Staff cancel a pending order, with a reason the member sees. */
  async function cancel(id: number, raw: Record<string, unknown>, who: Who): Promise<Order> {
    const parsed = check(CancelInputSchema, raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    await mustGet(id);
    const o = await cancelPending(id, parsed.data.reason, who);
    await deps.onOrderChanged?.(o, 'cancelled');
    return o;
  }

  /** A member cancels their own order while it waits to be shipped; someone else's order is "not found". */
  async function cancelOwn(id: number, memberId: number, ip: string): Promise<Order> {
    const o = await mustGet(id);
    if (o.memberId !== memberId) throw new NotFoundError(s.orderGone, 'mall_order_not_found');
    return cancelPending(id, s.memberCancelReason, { actorId: memberId, ip }, { memberId });
  }

  return { ship, cancel, cancelOwn };
}
