import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import { t } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Member } from '../members/index.ts';
import type { Points } from '../points/index.ts';
import { addDays, chinaDay, daysBetween } from './ads.dates.ts';
import type { Ad } from './ads.model.ts';
import { RejectSchema, StopSchema } from './ads.schema.ts';

const a = t.ads;

export interface AdDecisionDeps {
  dbh: DbHandle;
  clock: Clock;
  audit: Audit;
  points: Points;
  byId(id: number, trx?: Db): Promise<Ad>;
  /** After staff approved, rejected or stopped a member's booking: what happened, why, and the refund. */
  onAdDecided?: ((e: { ad: Ad; decision: 'approved' | 'rejected' | 'stopped'; reason: string; refund: number }) => Promise<void>) | undefined;
}

/** The ledger key of the one refund a booking may get (reject, stop or cancel). */
export const adRefundKey = (adId: number) => `ads:refund:${adId}`;

/**
 * The points a booking gets back when it ends early: the days it has not been shown yet (today, once
 * the ad has started, counts as shown), in proportion to what was paid, rounded down.
 */
export function unusedRefund(ad: Pick<Ad, 'price' | 'days' | 'startsOn' | 'endsOn'>, today: string): number {
  if (ad.price <= 0 || ad.days <= 0) return 0;
  const from = ad.startsOn > today ? ad.startsOn : addDays(today, 1);
  const unused = from > ad.endsOn ? 0 : daysBetween(from, ad.endsOn).length;
  return Math.floor((ad.price * Math.min(unused, ad.days)) / ad.days);
}

/**
 * What ends or approves a booking: staff approve, reject (full refund), stop (refund of the days not
 * shown) and the member's own cancellation before the ad starts (full refund). Each is a conditional
 * status change; every refund is posted in the same transaction under the one key `ads:refund:<id>`,
 * so a double click or two of these racing each other refund at most once.
 */
export function createAdDecisions(deps: AdDecisionDeps) {
  const { dbh, clock, audit, points, byId } = deps;
  const nowIso = () => clock.now().toISOString();
  const today = () => chinaDay(clock.now());

  function refund(trx: Db, ad: Ad, amount: number, memo: string, actorId: number) {
    return points.post(trx, {
      reason: 'ads.refund',
      memo,
      ref: { type: 'ad_booking', id: ad.id },
      idempotencyKey: adRefundKey(ad.id),
      actorId,
      postings: [
        { account: { system: 'revenue' }, amount: -amount },
        { account: { member: ad.memberId! }, amount },
      ],
    });
  }

  /** Runs `work` once per ad when it refunds points (the ledger key guards it), in a plain transaction otherwise. */
  async function ending<T>(ad: Ad, amount: number, work: (trx: Db) => Promise<T>, conflict: () => never): Promise<T> {
    if (ad.memberId === null || amount <= 0) return dbh.tx(work);
    return points.once(adRefundKey(ad.id), work, async () => conflict());
  }

  async function approve(id: number, actor: Member, ip: string): Promise<void> {
    await dbh.tx(async (trx) => {
      const ad = await byId(id, trx);
      if (ad.status !== 'pending') throw new ConflictError(a.errNotPending, 'ad_not_pending');
      const r = await trx
        .updateTable('ads')
        .set({ status: 'approved', reviewed_by: actor.id, reviewed_at: nowIso(), updated_at: nowIso() })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new ConflictError(a.errNotPending, 'ad_not_pending');
      await audit.record(
        { actorId: actor.id, action: 'ads.approve', targetType: 'ad', targetId: id, detail: { title: ad.title, memberId: ad.memberId }, ip },
        trx,
      );
    });
    await told(id, 'approved', '', 0);
  }

  /** The booking's member hears of a staff decision (staff ads have no member). */
  async function told(id: number, decision: 'approved' | 'rejected' | 'stopped', reason: string, refund: number): Promise<void> {
    if (!deps.onAdDecided) return;
    const ad = await byId(id);
    if (ad.memberId !== null) await deps.onAdDecided({ ad, decision, reason, refund });
  }

  /** Rejects a pending booking and gives the member their points back, in one transaction. */
  async function reject(id: number, raw: Record<string, unknown>, actor: Member, ip: string): Promise<void> {
    const parsed = check(RejectSchema, raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    const reason = parsed.data.reason;
    const ad = await byId(id);
    const notPending = (): never => {
      throw new ConflictError(a.errNotPending, 'ad_not_pending');
    };
    if (ad.status !== 'pending') notPending();
    await ending(
      ad,
      ad.price,
      async (trx) => {
        const r = await trx
          .updateTable('ads')
          .set({ status: 'rejected', reject_reason: reason, reviewed_by: actor.id, reviewed_at: nowIso(), updated_at: nowIso() })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) notPending();
        if (ad.memberId !== null && ad.price > 0) await refund(trx, ad, ad.price, a.refundMemo, actor.id);
        await audit.record(
          { actorId: actor.id, action: 'ads.reject', targetType: 'ad', targetId: id, detail: { reason, refund: ad.price, memberId: ad.memberId }, ip },
          trx,
        );
      },
      notPending,
    );
    await told(id, 'rejected', reason, ad.memberId !== null ? ad.price : 0);
  }

  /**
   * Takes an approved ad off the site for good, with a reason the member sees in 我的广告 (kept in
   * `reject_reason`, the ad's one "why it ended" field). A member's booking gets back the points of
   * the days it has not been shown (none once its last day has begun). Returns the points refunded.
   */
  async function stop(id: number, actor: Member, ip: string, raw: Record<string, unknown> = {}): Promise<number> {
    const parsed = check(StopSchema, raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    const reason = parsed.data.reason;
    const ad = await byId(id);
    if (ad.status === 'stopped' || ad.status === 'rejected' || ad.status === 'cancelled') return 0;
    // A pending booking is rejected (which refunds it), never stopped.
    if (ad.status === 'pending') throw new ConflictError(a.errStopPending, 'ad_pending');
    const amount = ad.memberId === null ? 0 : unusedRefund(ad, today());
    const gone = (): never => {
      throw new ConflictError(a.errNotRunning, 'ad_not_running');
    };
    const refunded = await ending(
      ad,
      amount,
      async (trx) => {
        const r = await trx
          .updateTable('ads')
          .set({ status: 'stopped', reject_reason: reason, updated_at: nowIso() })
          .where('id', '=', id)
          .where('status', '=', 'approved')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) gone();
        if (amount > 0) await refund(trx, ad, amount, a.stopRefundMemo, actor.id);
        await audit.record(
          {
            actorId: actor.id,
            action: 'ads.stop',
            targetType: 'ad',
            targetId: id,
            detail: { from: ad.status, title: ad.title, refund: amount, memberId: ad.memberId, reason },
            ip,
          },
          trx,
        );
        return amount;
      },
      gone,
    );
    await told(id, 'stopped', reason, refunded);
    return refunded;
  }

  /**
   * A member withdraws their own booking while it is still waiting for review, or approved but not yet
   * shown (its first day is after today): the whole price comes back and the days are free again.
   */
  async function cancel(id: number, member: Member, ip: string): Promise<number> {
    const ad = await byId(id);
    if (ad.memberId !== member.id) throw new ForbiddenError();
    const refused = (): never => {
      throw new ConflictError(a.errCannotCancel, 'ad_not_cancellable');
    };
    const day = today();
    if (!(ad.status === 'pending' || (ad.status === 'approved' && ad.startsOn > day))) refused();
    return ending(
      ad,
      ad.price,
      async (trx) => {
        const r = await trx
          .updateTable('ads')
          .set({ status: 'cancelled', updated_at: nowIso() })
          .where('id', '=', id)
          .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'approved'), eb('starts_on', '>', day)])]))
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) refused();
        if (ad.price > 0) await refund(trx, ad, ad.price, a.cancelMemo, member.id);
        await audit.record(
          { actorId: member.id, action: 'ads.cancel', targetType: 'ad', targetId: id, detail: { from: ad.status, title: ad.title, refund: ad.price }, ip },
          trx,
        );
        return ad.price;
      },
      refused,
    );
  }

  return { approve, reject, stop, cancel };
}
