import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { isBot } from '../rankings/index.ts';

/** Visitor+ad pairs remembered for de-duplication; beyond this the oldest are forgotten early. */
const MAX_SEEN = 100_000;

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
  let pending = new Map<number, number>();
  const fills = new Map<number, number>();
  // visitor+ad → expiry; every entry lives `windowMs`, so insertion order is expiry order.
  const seen = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<number> = Promise.resolve(0);

  /** Records that these ads filled slots for this visitor; returns the ids that counted an impression. */
  function record(adIds: number[], visitor: Visitor): number[] {
    for (const id of adIds) fills.set(id, (fills.get(id) ?? 0) + 1);
    if (isBot(visitor.userAgent)) return [];
    const now = clock.now().getTime();
    const counted: number[] = [];
    for (const id of adIds) {
      const key = `${id}\u0000${visitor.ip}\u0000${visitor.userAgent}`;
      const until = seen.get(key);
      if (until !== undefined && until > now) continue;
      if (until !== undefined) seen.delete(key);
      seen.set(key, now + deps.windowMs);
      pending.set(id, (pending.get(id) ?? 0) + 1);
      counted.push(id);
    }
    if (seen.size > MAX_SEEN)
      for (const [k, until] of seen) {
        if (until > now && seen.size <= MAX_SEEN) break;
        seen.delete(k);
      }
    return counted;
  }

  /** The order key of an ad among those showing on its position: fewest goes next. */
  function rotationWeight(adId: number, storedImpressions: number): number {
    return storedImpressions + (pending.get(adId) ?? 0) + (fills.get(adId) ?? 0);
  }

  /** Writes the counted impressions (one transaction); returns how many. Concurrent calls queue. */
  function flush(): Promise<number> {
    flushing = flushing
      .catch(() => 0)
      .then(async () => {
        if (!pending.size) return 0;
        const batch = pending;
        pending = new Map();
        let n = 0;
        try {
          await dbh.tx(async (trx) => {
            for (const [id, count] of batch) {
              await trx
                .updateTable('ads')
                .set((eb) => ({ impressions: eb('impressions', '+', count) }))
                .where('id', '=', id)
                .execute();
              n += count;
            }
          });
        } catch (e) {
          for (const [id, count] of batch) pending.set(id, (pending.get(id) ?? 0) + count); // retried next time
          throw e;
        }
        return n;
      });
    return flushing;
  }

  return {
    record,
    rotationWeight,
    flush,
    /** Counted impressions not yet written, for an ad (the admin and member pages add them). */
    pendingOf: (adId: number) => pending.get(adId) ?? 0,
    start(onError: (e: unknown) => void = () => {}) {
      if (timer || deps.flushMs <= 0) return;
      timer = setInterval(() => void flush().catch(onError), deps.flushMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await flush();
    },
  };
}

export type Impressions = ReturnType<typeof createImpressions>;
