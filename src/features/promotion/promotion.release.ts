import type { Db } from '../../platform/db/index.ts';
import { format, t } from '../../strings/index.ts';
import { toBid, type Bid, type PromotionCore } from './promotion.model.ts';
import { periodLabel } from './promotion.periods.ts';
import { createAnnouncer, type BidSettled } from './promotion.notices.ts';

const s = t.promotion;

/**
 * Releases one held bid inside the caller's transaction: status `released` (a conditional update, so
 * a bid is released, settled or withdrawn exactly once) and its escrow back to the member. False when
 * the bid was no longer held. `key` is the ledger key (settlement's own), if any.
 */
export async function release(
  trx: Db,
  points: PromotionCore['points'],
  b: Bid,
  o: { keyword: string; actorId: number | null; now: string; key?: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('promotion_bids')
    .set({ status: 'released', settled_at: o.now, updated_at: o.now })
    .where('id', '=', b.id)
    .where('status', '=', 'held')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await points.post(trx, {
    reason: 'promotion.refund',
    memo: format(s.memoReleased, { keyword: o.keyword, period: periodLabel(b.period) }),
    ref: { type: 'promotion_bid', id: b.id },
    ...(o.key ? { idempotencyKey: o.key } : {}),
    ...(o.actorId !== null ? { actorId: o.actorId } : {}),
    postings: [
      { account: { system: 'escrow' }, amount: -b.amount },
      { account: { member: b.memberId }, amount: b.amount },
    ],
  });
  return true;
}

/**
 * When an article leaves the site (taken down, unpublished, deleted), its held bids are released at
 * once: the member gets the frozen points back instead of waiting for settlement (which would release
 * them too). Rounds already settled are left alone: their bids are no longer held.
 */
export function createRelease(core: PromotionCore) {
  const { dbh, clock, points } = core;
  const announce = createAnnouncer(core, core.onBidSettled);

  async function releaseForArticle(articleId: number, actorId?: number): Promise<number> {
    if (await core.articles.getPublished(articleId)) return 0; // public again (or never left)
    const bids = await dbh.db.selectFrom('promotion_bids').selectAll().where('article_id', '=', articleId).where('status', '=', 'held').execute();
    let n = 0;
    const told: Array<Omit<BidSettled, 'articleTitle'>> = [];
    for (const row of bids) {
      const b = toBid(row);
      const done = await points.once(
        undefined,
        async (trx) => {
          // The round's row lock: bids, raises, withdrawals and settlement of this round wait for each other.
          await trx
            .updateTable('promotion_rounds')
            .set({ settled_by: null })
            .where('keyword_id', '=', b.keywordId)
            .where('period', '=', b.period)
            .where('settled_at', 'is', null)
            .execute();
          const k = await trx.selectFrom('promotion_keywords').select('keyword').where('id', '=', b.keywordId).executeTakeFirstOrThrow();
          return release(trx, points, b, { keyword: k.keyword, actorId: actorId ?? null, now: clock.now().toISOString() });
        },
        async () => false,
      );
      if (!done) continue;
      n++;
      const keyword = (await dbh.db.selectFrom('promotion_keywords').select('keyword').where('id', '=', b.keywordId).executeTakeFirst())?.keyword ?? '';
      told.push({ memberId: b.memberId, bidId: b.id, articleId, keyword, period: b.period, amount: b.amount, outcome: 'released' });
    }
    if (n) core.purge();
    await announce(told);
    return n;
  }

  return { releaseForArticle };
}
