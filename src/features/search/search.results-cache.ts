import type { Clock } from '../../platform/clock.ts';
import type { IndexHits } from './search.index.ts';

/** How many recent result windows are kept, and for how long at most. */
export const RESULTS_MAX = 1_000;
export const RESULTS_TTL_MS = 60_000;

interface Entry {
  value: IndexHits;
  /** Clock milliseconds after which the entry is stale. */
  until: number;
}

/**
 * Recent index answers keyed by everything the query depends on (clauses, mode, filters, sort, page),
 * kept exact:
 * - every change of the index (`invalidate`: the search feature's own writes and rebuilds, and every
 *   page-cache purge or clear, which every article write and scheduled release triggers, from this
 *   instance after its commit or from others over the purge bus) drops them all;
 * - an entry never outlives the next scheduled article's release (`horizon`, the earliest
 *   `published_at` still in the future, asked again after each change);
 * - and lives at most RESULTS_TTL_MS, which bounds how far the freshness boost can drift and how
 *   late writes of a process without the purge bus are seen (the same minute as list counts).
 * A query that ran while the index changed is not stored.
 */
export function createResultsCache(deps: { clock: Clock; horizon: (now: string) => Promise<string | null>; max?: number; ttlMs?: number }) {
  const max = deps.max ?? RESULTS_MAX;
  const ttl = deps.ttlMs ?? RESULTS_TTL_MS;
  const entries = new Map<string, Entry>();
  let version = 0;
  /** Clock ms of the next scheduled release (Infinity: none), for `version`; undefined: not known. */
  let release: { version: number; at: number } | undefined;

  async function nextRelease(now: number): Promise<number> {
    if (release && release.version === version && release.at > now) return release.at;
    const v = version;
    const at = await deps.horizon(new Date(now).toISOString());
    const ms = at === null ? Infinity : Date.parse(at);
    if (v === version) release = { version: v, at: ms };
    return ms;
  }

  return {
    /** The cached answer for `key`, or the answer of `run()`, stored when nothing changed meanwhile. */
    async get(key: string, run: () => Promise<IndexHits>): Promise<IndexHits> {
      const now = deps.clock.now().getTime();
      const hit = entries.get(key);
      if (hit && hit.until > now) {
        entries.delete(key); // Map order is the LRU order
        entries.set(key, hit);
        return hit.value;
      }
      if (hit) entries.delete(key);
      const v = version;
      const value = await run();
      const releaseAt = await nextRelease(now);
      if (v === version) {
        entries.set(key, { value, until: Math.min(now + ttl, releaseAt) });
        if (entries.size > max) entries.delete(entries.keys().next().value as string);
      }
      return value;
    },
    invalidate(): void {
      version++;
      entries.clear();
    },
    get size(): number {
      return entries.size;
    },
  };
}

export type ResultsCache = ReturnType<typeof createResultsCache>;
