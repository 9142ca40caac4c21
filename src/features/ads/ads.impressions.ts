import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { createBatchedCounter, createRecentSet } from '../../platform/counters/batched-counter.ts';
import { isBot } from '../rankings/index.ts';

export interface Visitor {
  ip: string;
  userAgent: string | undefined;
}

/**
 * Ad impressions without a database write per page view: each slot fill is counted in memory and
 * written in one transaction every `flushMs` and on shutdown. A visitor (IP + user agent) counts once
 * per ad per `windowMs` (reloading a page does not inflate a member's statistics); crawlers and
 * scripts without a browser user agent are not counted at all.
 *
 * Rotation needs every fill, counted or not: `rotationWeight` is the stored impressions plus this
 * process's fills since start, so ads on one position still take turns for a visitor who reloads.
 */
export function createImpressions(deps: { dbh: DbHandle; clock: Clock; flushMs: number; windowMs: number }) {
  const { dbh, clock } = deps;
  const fills = new Map<number, number>();
  const seen = createRecentSet(deps.windowMs);
  const counter = createBatchedCounter<number>({
    flushMs: deps.flushMs,
    beforeFlush: () => seen.prune(clock.now().getTime()),
    write: (batch) =>
      dbh.tx(async (trx) => {
        for (const [id, count] of batch)
          await trx
            .updateTable('ads')
            .set((eb) => ({ impressions: eb('impressions', '+', count) }))
            .where('id', '=', id)
            .execute();
      }),
  });

  /** Records that these ads filled slots for this visitor; returns the ids that counted an impression. */
  function record(adIds: number[], visitor: Visitor): number[] {
    for (const id of adIds) fills.set(id, (fills.get(id) ?? 0) + 1);
    if (isBot(visitor.userAgent)) return [];
    const now = clock.now().getTime();
    const counted = adIds.filter((id) => seen.firstIn(`${id}\u0000${visitor.ip}\u0000${visitor.userAgent}`, now));
    for (const id of counted) counter.add(id);
    return counted;
  }

  return {
    record,
    /** The order key of an ad among those showing on its position: fewest goes next. */
    rotationWeight: (adId: number, storedImpressions: number) => storedImpressions + counter.pendingOf(adId) + (fills.get(adId) ?? 0),
    /** Writes the counted impressions (one transaction); resolves to how many ads. Concurrent calls queue. */
    flush: () => counter.flush(),
    /** Counted impressions not yet written, for an ad (the admin and member pages add them). */
    pendingOf: (adId: number) => counter.pendingOf(adId),
    start: (onError?: (e: unknown) => void) => counter.start(onError),
    stop: () => counter.stop(),
  };
}

export type Impressions = ReturnType<typeof createImpressions>;
