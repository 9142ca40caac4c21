import { format, t } from '../../strings/index.ts';
import type { Member } from '../members/index.ts';
import { ranked, toBid, type PromotionCore, type SettleOutcome } from './promotion.model.ts';
import type { Keywords } from './promotion.keywords.ts';
import { periodLabel, periodOf } from './promotion.periods.ts';

const s = t.promotion;

/** 结算: each round settles exactly once when its period starts; the job and 立即结算 both call settleDue. */
export function createSettlement(core: PromotionCore, keywords: Pick<Keywords, 'keywordById'>) {
  const { dbh, clock, points, audit } = core;
  const db = dbh.db;
  const nowIso = () => clock.now().toISOString();
  const purgeWinners = core.purgeWinners;
  const { keywordById } = keywords;

  /**
   * Settle one round: exactly one caller flips `settled_at` (a conditional update; a concurrent
   * settler waits on the row and then finds it settled). The top `slots` held bids win and their
   * escrow becomes revenue; every other held bid is refunded. An inactive keyword sells nothing.
   */
  async function settleRound(keywordId: number, period: string, actorId: number | null): Promise<{ settled: boolean; won: number; lost: number }> {
    return points.once(
      undefined,
      async (trx) => {
        const now = nowIso();
        const flip = await trx
          .updateTable('promotion_rounds')
          .set({ settled_at: now, settled_by: actorId })
          .where('keyword_id', '=', keywordId)
          .where('period', '=', period)
          .where('settled_at', 'is', null)
          .executeTakeFirst();
        if (Number(flip.numUpdatedRows) !== 1) return { settled: false, won: 0, lost: 0 };
        const k = await keywordById(keywordId, trx);
        const held = ranked(
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
        const winners = k.active ? held.slice(0, k.slots) : [];
        const vars = { keyword: k.keyword, period: periodLabel(period) };
        for (const b of held) {
          const won = winners.includes(b);
          await trx
            .updateTable('promotion_bids')
            .set({ status: won ? 'won' : 'lost', settled_at: now, updated_at: now })
            .where('id', '=', b.id)
            .execute();
          await points.post(trx, {
            reason: won ? 'promotion.win' : 'promotion.refund',
            memo: format(won ? s.memoWin : s.memoLost, vars),
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
        return { settled: true, won: winners.length, lost: held.length - winners.length };
      },
      async () => ({ settled: false, won: 0, lost: 0 }),
    );
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
    const out: SettleOutcome = { rounds: 0, won: 0, lost: 0 };
    for (const r of due) {
      const res = await settleRound(r.keyword_id, r.period, actor?.member.id ?? null);
      if (!res.settled) continue;
      out.rounds++;
      out.won += res.won;
      out.lost += res.lost;
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
