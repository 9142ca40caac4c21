import { format, t } from '../../strings/index.ts';
import type { Member } from '../members/index.ts';
import { ranked, toBid, type PromotionCore, type SettleOutcome } from './promotion.model.ts';
import { release } from './promotion.release.ts';
import type { Keywords } from './promotion.keywords.ts';
import { periodLabel, periodOf } from './promotion.periods.ts';
import { createAnnouncer, type BidSettled } from './promotion.notices.ts';

const s = t.promotion;

/** 结算: each round settles exactly once when its period starts; the job and 立即结算 both call settleDue. */
export function createSettlement(core: PromotionCore, keywords: Pick<Keywords, 'keywordById'>) {
  const { dbh, clock, points, audit } = core;
  const db = dbh.db;
  const nowIso = () => clock.now().toISOString();
  const purgeWinners = core.purgeWinners;
  const { keywordById } = keywords;
  const announce = createAnnouncer(core, core.onBidSettled);

  /** The articles of a round's held bids that are public now (read before the settling transaction). */
  async function publicArticlesOf(keywordId: number, period: string): Promise<Set<number>> {
    const rows = await db
      .selectFrom('promotion_bids')
      .select('article_id')
      .distinct()
      .where('keyword_id', '=', keywordId)
      .where('period', '=', period)
      .where('status', '=', 'held')
      .execute();
    if (!rows.length) return new Set();
    return new Set((await core.articles.getPublishedMany(rows.map((r) => r.article_id))).map((a) => a.id));
  }

  /**
   * Settle one round: exactly one caller flips `settled_at` (a conditional update; a concurrent
   * settler waits on the row and then finds it settled). Bids for articles no longer public are
   * released first (refunded, status `released`): a taken-down article is never charged for, and
   * it does not take a slot. Of the rest the top `slots` win and their escrow becomes revenue; every
   * other held bid is refunded. An inactive keyword sells nothing: its bids are refunded as `cancelled`.
   */
  async function settleRound(
    keywordId: number,
    period: string,
    actorId: number | null,
  ): Promise<{ settled: boolean; won: number; lost: number; released: number }> {
    // Read outside the transaction: the articles service has its own reads (the period has started,
    // so no bid of this round can be placed, raised or withdrawn any more).
    const live = await publicArticlesOf(keywordId, period);
    const told: Array<Omit<BidSettled, 'articleTitle'>> = [];
    const out = await points.once(
      undefined,
      async (trx) => {
        told.length = 0; // a retried transaction starts over
        const now = nowIso();
        const flip = await trx
          .updateTable('promotion_rounds')
          .set({ settled_at: now, settled_by: actorId })
          .where('keyword_id', '=', keywordId)
          .where('period', '=', period)
          .where('settled_at', 'is', null)
          .executeTakeFirst();
        if (Number(flip.numUpdatedRows) !== 1) return { settled: false, won: 0, lost: 0, released: 0 };
        const k = await keywordById(keywordId, trx);
        const all = ranked(
          (
            await trx
              .selectFrom('promotion_bids')
              .selectAll()
              .where('keyword_id', '=', keywordId)
              .where('period', '=', period)
              .where('status', '=', 'held')
              .execute()
          ).map(toBid),
        );
        const vars = { keyword: k.keyword, period: periodLabel(period) };
        const gone = all.filter((b) => !live.has(b.articleId));
        const event = (b: (typeof all)[number], outcome: BidSettled['outcome']) =>
          told.push({ memberId: b.memberId, bidId: b.id, articleId: b.articleId, keyword: k.keyword, period, amount: b.amount, outcome });
        for (const b of gone) {
          if (await release(trx, points, b, { keyword: k.keyword, actorId, now, key: `promotion-settle:${b.id}` })) event(b, 'released');
        }
        const held = all.filter((b) => live.has(b.articleId));
        const winners = k.active ? held.slice(0, k.slots) : [];
        // A deactivated keyword sells nothing: its bidders were not outbid, the round was called off.
        const refunded = k.active ? 'lost' : 'cancelled';
        for (const b of held) {
          const won = winners.includes(b);
          event(b, won ? 'won' : refunded);
          await trx
            .updateTable('promotion_bids')
            .set({ status: won ? 'won' : refunded, settled_at: now, updated_at: now })
            .where('id', '=', b.id)
            .execute();
          await points.post(trx, {
            reason: won ? 'promotion.win' : 'promotion.refund',
            memo: format(won ? s.memoWin : k.active ? s.memoLost : s.memoCancelled, vars),
            ref: { type: 'promotion_bid', id: b.id },
            idempotencyKey: `promotion-settle:${b.id}`,
            ...(actorId !== null ? { actorId } : {}),
            postings: won
              ? [
                  { account: { system: 'escrow' }, amount: -b.amount },
                  { account: { system: 'revenue' }, amount: b.amount },
                ]
              : [
                  { account: { system: 'escrow' }, amount: -b.amount },
                  { account: { member: b.memberId }, amount: b.amount },
                ],
          });
        }
        return { settled: true, won: winners.length, lost: held.length - winners.length, released: gone.length };
      },
      async () => ({ settled: false, won: 0, lost: 0, released: 0 }),
    );
    // Told only once the round is committed: 已中标 (points spent), 未中标 and 文章已下线 (refunded).
    if (out.settled) await announce(told);
    return out;
  }

  /** The period the last settleDue saw: when a new one begins, cached pages showing winners are purged. */
  let lastSeenPeriod: string | undefined;

  /** Settle every round whose period has started (the scheduled job and 立即结算). Safe to run twice, or on two instances at once. */
  async function settleDue(actor?: { member: Member; ip: string }): Promise<SettleOutcome> {
    const current = periodOf(clock.now());
    const periodChanged = lastSeenPeriod !== undefined && lastSeenPeriod !== current;
    lastSeenPeriod = current;
    const due = await db
      .selectFrom('promotion_rounds')
      .select(['keyword_id', 'period'])
      .where('settled_at', 'is', null)
      .where('period', '<=', current)
      .orderBy('period')
      .orderBy('keyword_id')
      .execute();
    const out: SettleOutcome = { rounds: 0, won: 0, lost: 0, released: 0 };
    for (const r of due) {
      const res = await settleRound(r.keyword_id, r.period, actor?.member.id ?? null);
      if (!res.settled) continue;
      out.rounds++;
      out.won += res.won;
      out.lost += res.lost;
      out.released += res.released;
    }
    if (actor)
      await audit.record({
        actorId: actor.member.id,
        action: 'promotion.settle',
        targetType: 'promotion_round',
        detail: { period: current, ...out },
        ip: actor.ip,
      });
    if (out.rounds || periodChanged) purgeWinners();
    return out;
  }

  return { settleRound, settleDue };
}
