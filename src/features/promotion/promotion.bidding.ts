import type { Db } from '../../platform/db/index.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import { format, t } from '../../strings/index.ts';
import type { Member } from '../members/index.ts';
import type { BidOutcome, PromotionCore } from './promotion.model.ts';
import type { Keywords } from './promotion.keywords.ts';
import { biddablePeriods, isPeriod, periodLabel, periodOf } from './promotion.periods.ts';
import { BidFormSchema } from './promotion.schema.ts';

const s = t.promotion;

/** 出价: placing, raising and withdrawing bids; every points move goes through the ledger in the same transaction. */
export function createBidding(core: PromotionCore, keywords: Pick<Keywords, 'keywordById'>) {
  const { dbh, clock, points } = core;
  const db = dbh.db;
  const nowIso = () => clock.now().toISOString();
  const purge = core.purge;
  const { keywordById } = keywords;

  /**
   * Takes the round's lock for this transaction: creates the round row when needed and touches it
   * unless it is settled. On PostgreSQL the touched row stays locked until commit, so bids, raises,
   * withdrawals and settlement of one round run one after another; SQLite has a single writer anyway.
   * False when the round is settled (a concurrent settlement won).
   */
  async function lockOpenRound(trx: Db, keywordId: number, period: string): Promise<boolean> {
    await trx
      .insertInto('promotion_rounds')
      .values({ keyword_id: keywordId, period, settled_at: null, settled_by: null })
      .onConflict((oc) => oc.columns(['keyword_id', 'period']).doNothing())
      .execute();
    const r = await trx
      .updateTable('promotion_rounds')
      .set({ settled_by: null })
      .where('keyword_id', '=', keywordId)
      .where('period', '=', period)
      .where('settled_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  function assertBiddablePeriod(period: string): void {
    if (!isPeriod(period)) throw new ValidationError({ period: s.errPeriod });
    if (period <= periodOf(clock.now())) throw new ValidationError({ period: format(s.errPeriodClosed, { period: periodLabel(period) }) });
    if (!biddablePeriods(clock.now()).includes(period)) throw new ValidationError({ period: s.errPeriodFar });
  }

  /** A ledger refusal (not enough points) as a field error on the amount, so the form shows it. */
  function asFieldError(e: unknown): never {
    if (e instanceof AppError && e.code === 'points_insufficient') throw new ValidationError({ amount: e.message }, e.message);
    throw e;
  }

  /**
   * Place a bid, or raise the member's bid in that round (the amount is the new total; only the
   * difference is escrowed). `formKey` is the form's idempotency field: a retried submit is applied once.
   */
  async function bid(member: Member, raw: unknown, formKey: string | undefined): Promise<BidOutcome> {
    const parsed = check(BidFormSchema, raw);
    if (!parsed.ok) throw new ValidationError(parsed.fields);
    const v = parsed.data;
    assertBiddablePeriod(v.period);
    const article = await core.articles.getPublished(v.article);
    if (!article || article.authorId !== member.id) throw new ValidationError({ article: s.errArticleNotYours });
    const key = formKey ? `promotion:${member.id}:${formKey}` : undefined;
    let out: BidOutcome;
    try {
      out = await points.once<BidOutcome>(
        key,
        async (trx) => {
          const k = await trx.selectFrom('promotion_keywords').selectAll().where('id', '=', v.keyword).executeTakeFirst();
          if (!k || k.active !== 1) throw new ValidationError({ keyword: s.errKeywordInactive });
          if (v.amount < k.floor_price) throw new ValidationError({ amount: format(s.errBelowFloor, { n: k.floor_price }) });
          if (!(await lockOpenRound(trx, k.id, v.period))) throw new ValidationError({ period: format(s.errPeriodClosed, { period: periodLabel(v.period) }) });
          const now = nowIso();
          const mine = await trx
            .selectFrom('promotion_bids')
            .selectAll()
            .where('keyword_id', '=', k.id)
            .where('period', '=', v.period)
            .where('member_id', '=', member.id)
            .executeTakeFirst();
          let bidId: number;
          let charged = v.amount;
          const raised = mine?.status === 'held';
          if (mine && raised) {
            if (v.amount <= mine.amount) throw new ValidationError({ amount: format(s.errRaiseOnly, { n: mine.amount }) });
            charged = v.amount - mine.amount;
            const u = await trx
              .updateTable('promotion_bids')
              .set({ amount: v.amount, article_id: v.article, placed_at: now, updated_at: now })
              .where('id', '=', mine.id)
              .where('status', '=', 'held')
              .where('amount', '=', mine.amount)
              .executeTakeFirst();
            if (Number(u.numUpdatedRows) !== 1) throw new ConflictError(s.errBusy, 'promotion_bid_busy');
            bidId = mine.id;
          } else if (mine) {
            // Withdrawn earlier in this round: the same row is bid again, with a fresh escrow.
            await trx
              .updateTable('promotion_bids')
              .set({ amount: v.amount, article_id: v.article, status: 'held', placed_at: now, updated_at: now, settled_at: null })
              .where('id', '=', mine.id)
              .execute();
            bidId = mine.id;
          } else {
            const row = await trx
              .insertInto('promotion_bids')
              .values({
                keyword_id: k.id,
                period: v.period,
                member_id: member.id,
                article_id: v.article,
                amount: v.amount,
                status: 'held',
                placed_at: now,
                created_at: now,
                updated_at: now,
                settled_at: null,
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            bidId = row.id;
          }
          await points.post(trx, {
            reason: 'promotion.bid',
            memo: format(raised ? s.memoRaise : s.memoBid, { keyword: k.keyword, period: periodLabel(v.period) }),
            ref: { type: 'promotion_bid', id: bidId },
            ...(key ? { idempotencyKey: key } : {}),
            actorId: member.id,
            postings: [
              { account: { member: member.id }, amount: -charged },
              { account: { system: 'escrow' }, amount: charged },
            ],
          });
          return { bidId, raised, charged, replayed: false };
        },
        async (earlier) => ({ bidId: Number(earlier.refId), raised: false, charged: 0, replayed: true }),
      );
    } catch (e) {
      return asFieldError(e);
    }
    purge();
    return out;
  }

  /** Withdraw a held bid before its period starts: the escrow goes back to the member. */
  async function withdraw(member: Member, bidId: number, formKey: string | undefined): Promise<{ refunded: number; replayed: boolean }> {
    const b = await db.selectFrom('promotion_bids').selectAll().where('id', '=', bidId).executeTakeFirst();
    if (!b || b.member_id !== member.id) throw new NotFoundError(s.bidGone, 'promotion_bid_not_found');
    if (b.period <= periodOf(clock.now())) throw new ConflictError(format(s.errPeriodClosed, { period: periodLabel(b.period) }), 'promotion_period_closed');
    const key = formKey ? `promotion-withdraw:${member.id}:${formKey}` : undefined;
    const out = await points.once(
      key,
      async (trx) => {
        if (!(await lockOpenRound(trx, b.keyword_id, b.period)))
          throw new ConflictError(format(s.errPeriodClosed, { period: periodLabel(b.period) }), 'promotion_period_closed');
        const cur = await trx.selectFrom('promotion_bids').selectAll().where('id', '=', bidId).executeTakeFirstOrThrow();
        if (cur.status !== 'held') throw new ConflictError(s.errNotHeld, 'promotion_bid_not_held');
        const now = nowIso();
        await trx.updateTable('promotion_bids').set({ status: 'withdrawn', updated_at: now, settled_at: now }).where('id', '=', bidId).execute();
        const k = await keywordById(cur.keyword_id, trx);
        await points.post(trx, {
          reason: 'promotion.refund',
          memo: format(s.memoWithdraw, { keyword: k.keyword, period: periodLabel(cur.period) }),
          ref: { type: 'promotion_bid', id: bidId },
          ...(key ? { idempotencyKey: key } : {}),
          actorId: member.id,
          postings: [
            { account: { system: 'escrow' }, amount: -cur.amount },
            { account: { member: member.id }, amount: cur.amount },
          ],
        });
        return { refunded: cur.amount, replayed: false };
      },
      async () => ({ refunded: 0, replayed: true }),
    );
    purge();
    return out;
  }

  return { bid, withdraw };
}
