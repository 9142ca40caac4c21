import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { createBatchedCounter, createRecentSet, hash53, type RecentSet } from '../../platform/counters/batched-counter.ts';
import type { SharedClaims } from '../../platform/counters/shared-claims.ts';
import type { SharedAllowances } from '../../platform/counters/shared-allowances.ts';
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
 * A click counts only against an impression: each counted impression leaves the visitor one click to
 * count on that ad (kept up to CLICKABLE_MS), which a counted click uses up. So an ad never has more
 * clicks than impressions (no click-through rate over 100%): a reused or shared click link, a click
 * by someone the ad was never shown to, or a second click after the click window, is redirected but not
 * counted. With `allowances` (Redis) that one click is kept in Redis, so whichever instance the click
 * lands on counts it, exactly once over all instances; without, per process (a click counts only on the
 * instance that served the impression). A Redis error falls back to this process's rule (and is logged):
 * counting never fails a request.
 *
 * Rotation needs every fill, counted or not: `rotationWeight` is the stored impressions plus this
 * process's fills since start, so ads on one position still take turns for a visitor who reloads.
 */
/** How long after its impression a click on the ad still counts (a reader may click after reading on). */
export const CLICKABLE_MS = 24 * 3600_000;
const CLICKABLE_MAX = 200_000;

export interface AdCountersDeps {
  dbh: DbHandle;
  clock: Clock;
  flushMs: number;
  windowMs: number;
  /** Once-per-window impressions across instances. */
  shared?: SharedClaims;
  /** The one click an impression allows, across instances. */
  allowances?: SharedAllowances;
  /** Where Redis errors go (default: stderr, each message at most once a minute). */
  onSharedError?: (e: unknown) => void;
}

export function createAdCounters(deps: AdCountersDeps) {
  const { dbh, clock } = deps;
  const onSharedError = deps.onSharedError ?? rateLimitedLog('ad counters (redis)');
  // Redis answers not yet in: a flush waits for them, so shutdown writes what they count.
  const answering = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const settled = p.then(
      () => {},
      () => {},
    );
    answering.add(settled);
    void settled.finally(() => answering.delete(settled));
  };
  const fills = new Map<number, number>();
  const seenShown = createRecentSet(deps.windowMs);
  const seenClicked = createRecentSet(deps.windowMs);
  /**
   * Visitor × ad (a 53-bit hash of the key, as the recent sets keep: user agents are the client's to make
   * long) → when the impression that allows one counted click was counted (insertion ordered).
   */
  const clickable = new Map<number, number>();
  const pruneClickable = () => {
    const oldest = clock.now().getTime() - CLICKABLE_MS;
    for (const [k, at] of clickable) {
      if (at > oldest && clickable.size <= CLICKABLE_MAX) break;
      clickable.delete(k);
    }
  };
  // Each counter flushes on its own timer and prunes the visitors it de-duplicates against.
  const counterOf = (column: 'impressions' | 'clicks', seen: RecentSet) =>
    createBatchedCounter<number>({
      flushMs: deps.flushMs,
      beforeFlush: () => {
        seen.prune(clock.now().getTime());
        pruneClickable();
      },
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
  // The first 512 characters of the user agent tell browsers apart; a longer one is the client's invention.
  const visitorKey = (id: number, v: Visitor) => `${id}\u0000${v.ip}\u0000${(v.userAgent ?? '').slice(0, 512)}`;

  /** Records that these ads filled slots for this visitor; returns the ids that counted an impression. */
  function recordFills(adIds: number[], visitor: Visitor): number[] {
    for (const id of adIds) fills.set(id, (fills.get(id) ?? 0) + 1);
    if (isBot(visitor.userAgent)) return [];
    const now = clock.now().getTime();
    const counted = adIds.filter((id) => seenShown.firstIn(visitorKey(id, visitor), now));
    for (const id of counted) {
      const key = visitorKey(id, visitor);
      const h = hash53(key);
      countOnce(impressions, `i\u0000${key}`, id, () => {
        clickable.delete(h); // re-insert at the back, keeping time order
        clickable.set(h, now);
        if (deps.allowances) track(deps.allowances.grant(key, CLICKABLE_MS).catch(onSharedError));
      });
    }
    if (clickable.size > CLICKABLE_MAX) pruneClickable();
    return counted;
  }

  /** Counts now, or once Redis agrees this is the first in the window on any instance (on error: counts). */
  function countOnce(counter: typeof impressions, key: string, id: number, counted?: () => void): void {
    const add = () => {
      counter.add(id);
      counted?.();
    };
    if (!deps.shared) return add();
    track(
      deps.shared.claim(key, deps.windowMs).then(
        (first) => first && add(),
        (e: unknown) => (onSharedError(e), add()),
      ),
    );
  }

  /** This process's click rule: a click against a counted impression it served, once per window. */
  function localClick(adId: number, key: string, now: number, claim: boolean): boolean {
    const h = hash53(key);
    const shownAt = clickable.get(h);
    if (shownAt === undefined || shownAt <= now - CLICKABLE_MS) return false;
    if (!seenClicked.firstIn(key, now)) return false;
    clickable.delete(h);
    if (claim) countOnce(clicks, `c\u0000${key}`, adId);
    else clicks.add(adId);
    return true;
  }

  /**
   * Records a click on an ad; resolves to true when it counted: a person's first click on it in the
   * window, with a counted impression of the ad to them not yet used by a click (see above). Never
   * rejects; callers need not wait (the redirect does not wait for Redis).
   */
  function recordClick(adId: number, visitor: Visitor): Promise<boolean> {
    if (isBot(visitor.userAgent)) return Promise.resolve(false);
    const key = visitorKey(adId, visitor);
    const now = clock.now().getTime();
    if (!deps.allowances) return Promise.resolve(localClick(adId, key, now, true));
    const decided = deps.allowances.use(key, deps.windowMs).then(
      (used) => {
        if (!used) return false;
        clickable.delete(hash53(key));
        seenClicked.firstIn(key, now); // so a fallback to the local rule does not count it again
        clicks.add(adId);
        return true;
      },
      (e: unknown) => {
        onSharedError(e);
        return localClick(adId, key, now, false);
      },
    );
    track(decided);
    return decided;
  }

  /** Writes counted impressions and clicks now (after Redis answered those asked); resolves to how many ads had counts. */
  async function flush(): Promise<number> {
    await Promise.allSettled([...answering]);
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
      await Promise.allSettled([...answering]);
      await Promise.all([impressions.stop(), clicks.stop()]);
    },
  };
}

export type AdCounters = ReturnType<typeof createAdCounters>;

/** A logger that prints each distinct message at most once a minute (Redis down: one line, not one per request). */
function rateLimitedLog(what: string): (e: unknown) => void {
  const last = new Map<string, number>();
  return (e) => {
    const msg = e instanceof Error ? e.message : String(e);
    const now = Date.now();
    if ((last.get(msg) ?? 0) > now - 60_000) return;
    if (last.size > 100) last.clear();
    last.set(msg, now);
    console.error(`${what}: ${msg}`);
  };
}
