import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { toNumber } from '../../platform/db/index.ts';
import { hourBucket } from './hits.service.ts';

export const HOT_WINDOWS = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
export type HotWindow = keyof typeof HOT_WINDOWS;

export interface HotEntry {
  articleId: number;
  hits: number;
}

/** 点击排行: articles ordered by hits counted in a window, site-wide or within categories. */
export function createRankings(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** Hit totals in the window, most first; may include articles no longer public (filter them when showing). */
    async hot(window: HotWindow, opts: { categoryIds?: number[]; limit: number }): Promise<HotEntry[]> {
      const now = clock.now();
      const since = hourBucket(new Date(now.getTime() - (HOT_WINDOWS[window] - 1) * 3600_000));
      // Aggregate the buckets alone (driven by the hour index); the caller keeps only public articles.
      let q = db
        .selectFrom('article_hit_buckets')
        .select(['article_hit_buckets.article_id as id', (eb) => eb.fn.sum<number>('article_hit_buckets.hits').as('n')])
        .where('article_hit_buckets.hour', '>=', since);
      if (opts.categoryIds) {
        const ids = opts.categoryIds.length ? opts.categoryIds : [-1];
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('articles')
              .select('articles.id')
              .whereRef('articles.id', '=', 'article_hit_buckets.article_id')
              .where('articles.category_id', 'in', ids),
          ),
        );
      }
      const rows = await q
        .groupBy('article_hit_buckets.article_id')
        .orderBy('n', 'desc')
        .orderBy('article_hit_buckets.article_id', 'desc')
        .limit(opts.limit)
        .execute();
      return rows.map((r) => ({ articleId: r.id, hits: toNumber(r.n) }));
    },
  };
}

export type Rankings = ReturnType<typeof createRankings>;
