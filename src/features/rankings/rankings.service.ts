import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { toNumber } from '../../platform/db/index.ts';
import { hourBucket } from './hits.service.ts';

export const HOT_WINDOWS = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
export type HotWindow = keyof typeof HOT_WINDOWS;

export interface HotEntry {
  articleId: number;
  hits: number;
}

export interface RankingsDeps {
  db: Db;
  /** DbHandle.readOffThread (platform/db). */
  readOffThread: DbHandle['readOffThread'];
  clock: Clock;
  /**
   * A number that changes whenever this process writes hit buckets (the hit flusher's flush count).
   * With it, a window's totals are summed once per change instead of once per page; without it,
   * every call sums the buckets.
   */
  version?: () => number;
  /** Longest a window's totals are reused, for buckets written by other processes (default 60 s). */
  maxAgeMs?: number;
  /** How many of a window's most-hit articles are kept in memory (default 2,000). */
  keep?: number;
}

interface Totals {
  key: string;
  version: number;
  at: number;
  /** Most hits first (ties: newest id first). */
  rows: Array<{ id: number; categoryId: number; n: number }>;
  /** False when only the top `keep` rows were read: a category's ranking may continue past them. */
  complete: boolean;
}

/**
 * 点击排行: articles ordered by hits counted in a window, site-wide or within categories.
 *
 * Summing the hourly buckets costs O(buckets in the window) — every article read in the last 30 days
 * — and the sums only change when the hit flusher writes (every few seconds). So each window's totals
 * are summed once per flush (see `version`), kept as a sorted list of the top `keep` articles with their
 * category, and every ranking (site-wide or a category subtree) is cut from that list; a category whose
 * ranking runs past the kept rows is summed exactly in SQL.
 */
export function createRankings(deps: RankingsDeps) {
  const { db, clock } = deps;
  const maxAgeMs = deps.maxAgeMs ?? 60_000;
  const keep = deps.keep ?? 2_000;
  const memo = new Map<HotWindow, Totals>();
  const pending = new Map<string, Promise<Totals>>();

  function sinceFor(window: HotWindow, now: number): string {
    return hourBucket(new Date(now - (HOT_WINDOWS[window] - 1) * 3600_000));
  }

  async function sumWindow(since: string, limit: number, categoryIds?: number[]) {
    let q = db
      .selectFrom('article_hit_buckets')
      .innerJoin('articles', 'articles.id', 'article_hit_buckets.article_id')
      .select(['article_hit_buckets.article_id as id', 'articles.category_id as categoryId', (eb) => eb.fn.sum<number>('article_hit_buckets.hits').as('n')])
      .where('article_hit_buckets.hour', '>=', since);
    if (categoryIds) q = q.where('articles.category_id', 'in', categoryIds.length ? categoryIds : [-1]);
    // Off the event loop on a SQLite file: summed over every bucket of the window, this takes tens to hundreds
    // of milliseconds on a large busy site, once per hit flush.
    const rows = await deps.readOffThread(
      q
        .groupBy(['article_hit_buckets.article_id', 'articles.category_id'])
        .orderBy('n', 'desc')
        .orderBy('article_hit_buckets.article_id', 'desc')
        .limit(limit)
        .compile(),
    );
    return rows.map((r) => ({ id: r.id, categoryId: r.categoryId, n: toNumber(r.n) }));
  }

  async function totals(window: HotWindow): Promise<Totals> {
    const now = clock.now().getTime();
    const since = sinceFor(window, now);
    const version = deps.version?.();
    const have = memo.get(window);
    if (have && version !== undefined && have.version === version && have.key === since && now - have.at < maxAgeMs) return have;
    const pkey = `${window}|${since}|${version}`;
    const inflight = pending.get(pkey);
    if (inflight) return inflight;
    const p = (async () => {
      const rows = await sumWindow(since, keep + 1);
      const t: Totals = { key: since, version: version ?? -1, at: now, rows: rows.slice(0, keep), complete: rows.length <= keep };
      if (version !== undefined) memo.set(window, t);
      return t;
    })().finally(() => pending.delete(pkey));
    pending.set(pkey, p);
    return p;
  }

  return {
    /**
     * Changes whenever this process writes hit counts (undefined without a flusher to follow): anything
     * derived from hits (totals, `articles.hits` order) may be kept while it stays the same.
     */
    version(): number | undefined {
      return deps.version?.();
    },

    /** Hit totals in the window, most first; may include articles no longer public (filter them when showing). */
    async hot(window: HotWindow, opts: { categoryIds?: number[]; limit: number }): Promise<HotEntry[]> {
      const t = await totals(window);
      const wanted = opts.categoryIds ? new Set(opts.categoryIds) : undefined;
      const out: HotEntry[] = [];
      for (const r of t.rows) {
        if (wanted && !wanted.has(r.categoryId)) continue;
        out.push({ articleId: r.id, hits: r.n });
        if (out.length >= opts.limit) return out;
      }
      if (t.complete || !opts.categoryIds) return out;
      // A quiet category: its ranking continues below the kept rows.
      const rows = await sumWindow(t.key, opts.limit, opts.categoryIds);
      return rows.map((r) => ({ articleId: r.id, hits: r.n }));
    },
  };
}

export type Rankings = ReturnType<typeof createRankings>;
