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
  /** Longest a window's totals are answered from before they are summed again, for buckets written by other processes (default 60 s). */
  maxAgeMs?: number;
  /** How many of a window's most-hit articles are kept in memory (default 2,000). */
  keep?: number;
}

interface Totals {
  key: string;
  at: number;
  /** Hit writes it includes at least. */
  writes: number;
  /** Most hits first (ties: newest id first). */
  rows: Array<{ id: number; categoryId: number; n: number }>;
  /** False when only the top `keep` rows were read: a category's ranking may continue past them. */
  complete: boolean;
}

/**
 * 点击排行: articles ordered by hits counted in a window, site-wide or within categories.
 *
 * Summing the hourly buckets costs O(buckets in the window) — every article read in the last 30 days
 * — and the sums only change when hits are written (every few seconds). So each window's totals are summed
 * once per hit flush (`refresh`, which the flusher calls), kept as a sorted list of the top `keep` articles
 * with their category, and every ranking (site-wide or a category subtree) is cut from that list; a category
 * whose ranking runs past the kept rows is summed exactly in SQL.
 *
 * Only the very first ranking of a window waits for a sum. Afterwards pages are answered from the totals held
 * while a new sum runs (after a flush, when the hour moves on, or when older than `maxAgeMs`): the sum runs
 * off the event loop but queues behind the flush's writes on the write thread, and pages waiting for it
 * stalled every page that shows 点击排行 for as long (up to seconds under load).
 */
export function createRankings(deps: RankingsDeps) {
  const { db, clock } = deps;
  const maxAgeMs = deps.maxAgeMs ?? 60_000;
  const keep = deps.keep ?? 2_000;
  const memo = new Map<HotWindow, Totals>();
  /** The latest sum of each window, and how many writes it includes at least. */
  const running = new Map<HotWindow, { writes: number; p: Promise<Totals> }>();
  /** Hit writes reported so far (`refresh` calls). */
  let writes = 0;
  /** Each window's version, bumped whenever its totals are replaced. */
  const versions = new Map<HotWindow, number>();
  /** Windows read since the last refresh: only these are summed again at once after a write. */
  const read = new Set<HotWindow>();
  /**
   * Quiet categories' rankings summed in SQL, kept with the totals they continue (dropped with them): each is
   * summed once per hit flush, not once per page that shows it.
   */
  const quiet = new WeakMap<Totals, Map<string, Promise<HotEntry[]>>>();

  function sinceFor(window: HotWindow, now: number): string {
    return hourBucket(new Date(now - (HOT_WINDOWS[window] - 1) * 3600_000));
  }

  async function sumWindow(since: string, limit: number, categoryIds?: number[]) {
    // Summed per article first, then only the top `limit` are joined to their articles for the category: joining
    // every bucket read the row of every article hit in the window (100,000 random row reads on the benchmark
    // corpus, 790 → 160 ms).
    let sums = db
      .selectFrom('article_hit_buckets')
      .select(['article_hit_buckets.article_id as id', (eb) => eb.fn.sum<number>('article_hit_buckets.hits').as('n')])
      .where('article_hit_buckets.hour', '>=', since);
    if (categoryIds)
      sums = sums.where('article_hit_buckets.article_id', 'in', (eb) =>
        eb
          .selectFrom('articles')
          .select('articles.id')
          .where('articles.category_id', 'in', categoryIds.length ? categoryIds : [-1]),
      );
    const top = sums.groupBy('article_hit_buckets.article_id').orderBy('n', 'desc').orderBy('article_hit_buckets.article_id', 'desc').limit(limit);
    // Off the event loop on a SQLite file: over every bucket of the window this takes tens to hundreds of
    // milliseconds on a large busy site, once per hit flush.
    const rows = await deps.readOffThread(
      db
        .selectFrom(top.as('t'))
        .innerJoin('articles', 'articles.id', 't.id')
        .select(['t.id', 'articles.category_id as categoryId', 't.n'])
        .orderBy('t.n', 'desc')
        .orderBy('t.id', 'desc')
        .compile(),
    );
    return rows.map((r) => ({ id: r.id, categoryId: r.categoryId, n: toNumber(r.n) }));
  }

  /**
   * A sum of the window that includes at least `minWrites` writes: the one running if it does, else a new one
   * after it (one sum of a window at a time, so totals are replaced in order).
   */
  function resum(window: HotWindow, minWrites = writes): Promise<Totals> {
    const cur = running.get(window);
    if (cur && cur.writes >= minWrites) return cur.p;
    const p = (cur ? cur.p.then(noop, noop) : Promise.resolve()).then(async () => {
      const now = clock.now().getTime();
      const since = sinceFor(window, now);
      const rows = await sumWindow(since, keep + 1);
      const t: Totals = { key: since, at: now, writes: entry.writes, rows: rows.slice(0, keep), complete: rows.length <= keep };
      memo.set(window, t);
      versions.set(window, (versions.get(window) ?? 0) + 1);
      return t;
    });
    const entry = { writes, p };
    running.set(window, entry);
    void p
      .finally(() => {
        if (running.get(window) === entry) running.delete(window);
      })
      .catch(noop);
    return p;
  }

  async function totals(window: HotWindow): Promise<Totals> {
    read.add(window);
    const have = memo.get(window);
    if (!have) return resum(window);
    const now = clock.now().getTime();
    // Written since (a window nobody read at the last refresh), the hour moved on, or summed a minute ago.
    if (have.writes < writes || have.key !== sinceFor(window, now) || now - have.at >= maxAgeMs) void resum(window).catch(noop);
    return have;
  }

  return {
    /**
     * Changes whenever the window's totals (that rankings are cut from) are replaced: anything derived from them
     * may be kept while it stays the same.
     */
    version(window: HotWindow): number {
      return versions.get(window) ?? 0;
    },

    /**
     * Starts summing a window nobody has asked for yet (at start-up, so that the first pages, which wait for
     * it, find it done or under way on the write thread while the server is still starting).
     */
    prime(window: HotWindow): void {
      if (!memo.has(window)) void resum(window).catch(noop);
    },

    /**
     * Hits were written (the flusher calls this after each flush that wrote): sums again, at once, every window
     * read since the last refresh (or being summed); settles once their new totals are in (failed sums leave the
     * old ones). A window nobody read meanwhile is summed when it is next read, which is answered from the
     * totals held: a 30-day ranking one crawler asked for once does not cost a sum per flush.
     */
    async refresh(): Promise<void> {
      const w = ++writes;
      const windows = new Set([...read, ...running.keys()]);
      read.clear();
      await Promise.all([...windows].map((win) => resum(win, w).catch(noop)));
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
      let byKey = quiet.get(t);
      if (!byKey) quiet.set(t, (byKey = new Map()));
      const key = `${opts.limit}|${opts.categoryIds.join(',')}`;
      let p = byKey.get(key);
      if (!p) {
        if (byKey.size >= QUIET_KEYS) byKey.clear();
        const kept = byKey;
        const summed = sumWindow(t.key, opts.limit, opts.categoryIds).then((rows) => rows.map((r) => ({ articleId: r.id, hits: r.n })));
        kept.set(key, summed);
        // A failed sum is tried again by the next page.
        summed.catch(() => kept.get(key) === summed && kept.delete(key));
        p = summed;
      }
      return p;
    },
  };
}

/** Quiet-category rankings kept per totals: a site's categories and their subtrees, with room to spare. */
const QUIET_KEYS = 500;

function noop(): void {}

export type Rankings = ReturnType<typeof createRankings>;
