import type { PageCache } from '../../platform/cache/page-cache.ts';

/** Longest a block's rows are kept (articles written by a process without the purge bus; as list counts). */
export const BLOCK_ROWS_MAX_AGE_MS = 60_000;

interface Kept {
  value: unknown;
  tags: readonly string[];
  version: number | undefined;
  at: number;
}

/**
 * The rows (not the HTML) of the site-wide sidebar blocks — 最新文章, 推荐文章, 推荐图文 and the site-wide
 * 点击排行 — are the same on every page, so they are kept between requests, with the page cache on or
 * off. Each entry is dropped exactly when the fragment it feeds would be: on a page-cache purge naming one
 * of its tags (every article write and scheduled release, from this instance or over the purge bus) or a
 * clear; entries derived from hits also when the 24-hour totals they were cut from are replaced (after a hit flush). None is older than
 * BLOCK_ROWS_MAX_AGE_MS. A block's HTML is kept with its rows object (blocks.tsx), so it is rendered once per rows
 * read, with the page cache on or off.
 */
export function createBlockRows(cache: Pick<PageCache, 'onPurge' | 'onClear'>, now: () => number = Date.now) {
  const kept = new Map<string, Kept>();
  // A load that started before a purge must not store what it read.
  let generation = 0;
  cache.onPurge((tags) => {
    generation++;
    const purged = new Set(tags);
    for (const [k, e] of kept) if (e.tags.some((t) => purged.has(t))) kept.delete(k);
  });
  cache.onClear(() => {
    generation++;
    kept.clear();
  });
  return async function rows<T>(key: string, tags: readonly string[], version: number | undefined, load: () => Promise<T>): Promise<T> {
    const e = kept.get(key);
    const t = now();
    if (e && e.version === version && t - e.at < BLOCK_ROWS_MAX_AGE_MS && t >= e.at) return e.value as T;
    const gen = generation;
    const value = await load();
    if (gen === generation) kept.set(key, { value, tags, version, at: t });
    return value;
  };
}

export type BlockRows = ReturnType<typeof createBlockRows>;
