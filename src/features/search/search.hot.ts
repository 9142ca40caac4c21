import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import { fold } from '../../platform/text/index.ts';

/** Distinct queries kept, how many are shown, and how often a query must be searched to be shown. */
export const HOT_KEEP = 500;
export const HOT_SHOW = 10;
export const HOT_MIN_COUNT = 3;
/** Visitors remembered per query (a query past this many distinct visitors is popular anyway). */
const SEEN_PER_QUERY = 64;
/** Counts halve every day: 热门搜索 follows what readers look for now. */
const HALF_LIFE_MS = 24 * 3_600_000;

/**
 * 热门搜索: how often each query that found results was searched recently, counted in this process's
 * memory (no table, no personal data: the query text, and per query a short keyed hash of the visitors who
 * searched it so that one visitor repeating a query counts once; nothing survives a restart, and each app
 * instance counts its own readers). A query is shown once HOT_MIN_COUNT different visitors searched it. Queries that look like personal details
 * (long digit runs such as phone or ID numbers, e-mail addresses) are never counted; banned words are
 * filtered when the list is shown (`allowed`).
 */
export function createHotSearches(deps: { clock: Clock; keep?: number }) {
  const keep = deps.keep ?? HOT_KEEP;
  const counts = new Map<string, { q: string; n: number; at: number; seen: Set<string> }>();
  // Visitor hashes are keyed per process: they cannot be matched against anything outside it.
  const salt = randomBytes(16);
  const visitorKey = (v: string) => createHmac('sha256', salt).update(v).digest('base64url').slice(0, 12);

  const decayed = (e: { n: number; at: number }, now: number) => e.n * Math.pow(0.5, Math.max(0, now - e.at) / HALF_LIFE_MS);

  return {
    /** Counts one search that found results (page 1 only, so paging through results counts once), once per visitor. */
    record(q: string, visitor: string): void {
      if (!q || [...q].length > 30 || /\d{6,}|@/.test(q.replace(/[\s-]/g, ''))) return;
      const key = fold(q).replace(/\s+/g, ' ').trim();
      if (!key) return;
      const now = deps.clock.now().getTime();
      const who = visitorKey(visitor);
      const e = counts.get(key);
      if (e) {
        if (e.seen.has(who)) return;
        if (e.seen.size >= SEEN_PER_QUERY) e.seen.clear();
        e.seen.add(who);
        e.n = decayed(e, now) + 1;
        e.at = now;
        e.q = q;
        return;
      }
      if (counts.size >= keep) {
        // Drop the weakest entry to make room.
        let weakest: string | undefined;
        let low = Infinity;
        for (const [k, v] of counts) {
          const n = decayed(v, now);
          if (n < low) [low, weakest] = [n, k];
        }
        if (weakest !== undefined) counts.delete(weakest);
      }
      counts.set(key, { q, n: 1, at: now, seen: new Set([who]) });
    },

    /** The most searched queries, most first, each searched at least HOT_MIN_COUNT times (decayed). */
    async top(allowed: (q: string) => Promise<boolean> = async () => true, limit = HOT_SHOW): Promise<string[]> {
      const now = deps.clock.now().getTime();
      const ranked = [...counts.values()]
        .map((e) => ({ q: e.q, n: decayed(e, now) }))
        .filter((e) => e.n >= HOT_MIN_COUNT - 0.05)
        .sort((a, b) => b.n - a.n || (a.q < b.q ? -1 : 1));
      const out: string[] = [];
      for (const e of ranked) {
        if (out.length >= limit) break;
        if (await allowed(e.q)) out.push(e.q);
      }
      return out;
    },
  };
}

export type HotSearches = ReturnType<typeof createHotSearches>;
