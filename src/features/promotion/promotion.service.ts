import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Articles } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Categories } from '../categories/index.ts';
import type { Points } from '../points/index.ts';
import { createBidding } from './promotion.bidding.ts';
import { createKeywords } from './promotion.keywords.ts';
import { matchKey, PROMOTION_TAG, PROMOTION_WINNERS_TAG, ranked, toBid, type Bid, type PromotionCore } from './promotion.model.ts';
import { periodOf } from './promotion.periods.ts';
import { createRelease } from './promotion.release.ts';
import { createSettlement } from './promotion.settle.ts';
import type { OnBidSettled } from './promotion.notices.ts';

export { entryPrice, matchKey, PROMOTION_TAG, PROMOTION_WINNERS_TAG, type Bid, type BidOutcome, type Keyword, type SettleOutcome } from './promotion.model.ts';

/** 排名推广: keywords, bids held in escrow, settlement, and the reading side (pages, search, category lists). */
export function createPromotion(deps: {
  dbh: DbHandle;
  clock: Clock;
  points: Points;
  articles: Articles;
  categories: Categories;
  audit: Audit;
  purge(tags: string[]): void;
  onBidSettled?: OnBidSettled | undefined;
}) {
  const core: PromotionCore = {
    ...deps,
    purge: () => deps.purge([PROMOTION_TAG]),
    purgeWinners: () => deps.purge([PROMOTION_TAG, PROMOTION_WINNERS_TAG]),
  };
  const { clock } = deps;
  const db = deps.dbh.db;
  const keywords = createKeywords(core);
  const bidding = createBidding(core, keywords);
  const settlement = createSettlement(core, keywords);
  const releases = createRelease(core);

  async function bidsOfRound(keywordId: number, period: string): Promise<Bid[]> {
    const rows = await db.selectFrom('promotion_bids').selectAll().where('keyword_id', '=', keywordId).where('period', '=', period).execute();
    return ranked(rows.map(toBid));
  }

  async function bidById(id: number): Promise<Bid | undefined> {
    const r = await db.selectFrom('promotion_bids').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toBid(r) : undefined;
  }

  async function round(keywordId: number, period: string): Promise<{ settledAt: string | null; settledBy: number | null } | undefined> {
    const r = await db.selectFrom('promotion_rounds').selectAll().where('keyword_id', '=', keywordId).where('period', '=', period).executeTakeFirst();
    return r ? { settledAt: r.settled_at, settledBy: r.settled_by } : undefined;
  }

  /** Held and won bids of several keywords in one period, ranked per keyword. */
  async function standing(keywordIds: number[], period: string, status: 'held' | 'won'): Promise<Map<number, Bid[]>> {
    const out = new Map<number, Bid[]>();
    if (!keywordIds.length) return out;
    const rows = await db
      .selectFrom('promotion_bids')
      .selectAll()
      .where('keyword_id', 'in', keywordIds)
      .where('period', '=', period)
      .where('status', '=', status)
      .execute();
    for (const b of ranked(rows.map(toBid))) out.set(b.keywordId, [...(out.get(b.keywordId) ?? []), b]);
    return out;
  }

  async function memberBids(memberId: number, page: number, perPage: number): Promise<{ items: Array<Bid & { keyword: string }>; total: number }> {
    const q = db.selectFrom('promotion_bids').where('member_id', '=', memberId);
    const [rows, n] = await Promise.all([
      q
        .innerJoin('promotion_keywords', 'promotion_keywords.id', 'promotion_bids.keyword_id')
        .selectAll('promotion_bids')
        .select('promotion_keywords.keyword as keyword')
        .orderBy('promotion_bids.period', 'desc')
        .orderBy('promotion_bids.id', 'desc')
        .limit(perPage)
        .offset((page - 1) * perPage)
        .execute(),
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    ]);
    return { items: rows.map((r) => ({ ...toBid(r), keyword: r.keyword })), total: Number(n?.n ?? 0) };
  }

  /**
   * The articles promoted for a search query right now: the winners of the current period's round of
   * the keyword that equals the query after folding and trimming (exact match, not a substring),
   * highest bid first. Articles no longer public are left out.
   */
  async function promotedFor(q: string): Promise<number[]> {
    const folded = matchKey(q);
    if (!folded) return [];
    const k = await db.selectFrom('promotion_keywords').select('id').where('keyword_folded', '=', folded).executeTakeFirst();
    if (!k) return [];
    const won = (await standing([k.id], periodOf(clock.now()), 'won')).get(k.id) ?? [];
    const ids = [...new Set(won.map((b) => b.articleId))];
    const live = new Set((await deps.articles.getPublishedMany(ids)).map((a) => a.id));
    return ids.filter((id) => live.has(id));
  }

  /** Winners of the current period of the keywords linked to this category (栏目推广), highest bid first; public articles only. */
  async function promotedInCategory(categoryId: number): Promise<number[]> {
    const linked = await db.selectFrom('promotion_keywords').select('id').where('category_id', '=', categoryId).execute();
    if (!linked.length) return [];
    const won = await standing(
      linked.map((k) => k.id),
      periodOf(clock.now()),
      'won',
    );
    const ids = [...new Set(ranked([...won.values()].flat()).map((b) => b.articleId))];
    const live = new Set((await deps.articles.getPublishedMany(ids)).map((a) => a.id));
    return ids.filter((id) => live.has(id));
  }

  return {
    ...keywords,
    ...bidding,
    ...settlement,
    ...releases,
    bidsOfRound,
    bidById,
    round,
    standing,
    memberBids,
    promotedFor,
    promotedInCategory,
  };
}

export type Promotion = ReturnType<typeof createPromotion>;
