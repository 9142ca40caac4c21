import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { createBatchedCounter, createRecentSet, type RecentSet } from '../../platform/counters/batched-counter.ts';
import type { SharedClaims } from '../../platform/counters/shared-claims.ts';
import { isBot } from '../rankings/index.ts';

export interface Visitor {
  ip: string;
  userAgent: string | undefined;
}

/**
 * Ad impressions and clicks without a database write per request: each is counted in memory and
 * written in one transaction every `flushMs` and on shutdown. A visitor (IP + user agent) counts one
 * impression and one click per ad per `windowMs` (reloading a page or clicking twice does not inflate
 * a member's statistics); crawlers and scripts without a browser user agent are not counted at all.
 *
 * With `shared` (Redis) the once-per-window rule holds across app instances (see rankings' hits).
 *
 * Rotation needs every fill, counted or not: `rotationWeight` is the stored impressions plus this
 * process's fills since start, so ads on one position still take turns for a visitor who reloads.
 */
export function createAdCounters(deps: { dbh: DbHandle; clock: Clock; flushMs: number; windowMs: number; shared?: SharedClaims }) {
  const { dbh, clock } = deps;
  const fills = new Map<number, number>();
  const seenShown = createRecentSet(deps.windowMs);
  const seenClicked = createRecentSet(deps.windowMs);
  // Each counter flushes on its own timer and prunes the visitors it de-duplicates against.
  const counterOf = (column: 'impressions' | 'clicks', seen: RecentSet) =>
    createBatchedCounter<number>({
      flushMs: deps.flushMs,
      beforeFlush: () => seen.prune(clock.now().getTime()),
      write: (batch) =>
        dbh.tx(async (trx) => {
          for (const [id, n] of batch)
            await trx
              .updateTable('ads')
              .set((eb) => ({ [column]: eb(column, '+', n) }))
              .where('id', '=', id)
              .execute();
        }),
    });
  const impressions = counterOf('impressions', seenShown);
  const clicks = counterOf('clicks', seenClicked);
  const visitorKey = (id: number, v: Visitor) => `${id}\u0000${v.ip}\u0000${v.userAgent}`;

  /** Records that these ads filled slots for this visitor; returns the ids that counted an impression. */
  function recordFills(adIds: number[], visitor: Visitor): number[] {
    for (const id of adIds) fills.set(id, (fills.get(id) ?? 0) + 1);
    if (isBot(visitor.userAgent)) return [];
    const now = clock.now().getTime();
    const counted = adIds.filter((id) => seenShown.firstIn(visitorKey(id, visitor), now));
    for (const id of counted) countOnce(impressions, `i\u0000${visitorKey(id, visitor)}`, id);
    return counted;
  }

  /** Counts now, or once Redis agrees this is the first in the window on any instance (on error: counts). */
  function countOnce(counter: typeof impressions, key: string, id: number): void {
    if (!deps.shared) return counter.add(id);
    deps.shared.claim(key, deps.windowMs).then(
      (first) => first && counter.add(id),
      () => counter.add(id),
    );
  }

  /** Records a click on an ad; true when it counted (a person's first click on it in the window). */
  function recordClick(adId: number, visitor: Visitor): boolean {
    if (isBot(visitor.userAgent) || !seenClicked.firstIn(visitorKey(adId, visitor), clock.now().getTime())) return false;
    countOnce(clicks, `c\u0000${visitorKey(adId, visitor)}`, adId);
    return true;
  }

  /** Writes counted impressions and clicks now; resolves to how many ads had counts. Concurrent calls queue. */
  async function flush(): Promise<number> {
    const [a, b] = await Promise.all([impressions.flush(), clicks.flush()]);
    return a + b;
  }

  return {
    recordFills,
    recordClick,
    /** The order key of an ad among those showing on its position: fewest goes next. */
    rotationWeight: (adId: number, storedImpressions: number) => storedImpressions + impressions.pendingOf(adId) + (fills.get(adId) ?? 0),
    flush,
    /** Counts not yet written, for an ad (the admin and member pages add them). */
    pendingOf: (adId: number) => ({ impressions: impressions.pendingOf(adId), clicks: clicks.pendingOf(adId) }),
    start(onError?: (e: unknown) => void) {
      impressions.start(onError);
      clicks.start(onError);
    },
    async stop() {
      await Promise.all([impressions.stop(), clicks.stop()]);
    },
  };
}

export type AdCounters = ReturnType<typeof createAdCounters>;
