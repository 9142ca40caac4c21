/**
 * Counting without a database write per request: counts accumulate in memory and a caller-supplied
 * `write` stores a batch every `flushMs` and on `stop()`. Flushes run one after another; a failed
 * write puts its counts back, so a transient failure loses nothing (they are written next time).
 */
export interface BatchedCounter<K> {
  add(key: K, n?: number): void;
  /** Counted but not yet written, for one key. */
  pendingOf(key: K): number;
  /** Keys with pending counts, and the sum of those counts. */
  pendingSize(): { keys: number; total: number };
  /** Writes what is pending now; resolves to the number of keys written (0 when nothing was pending). */
  flush(): Promise<number>;
  /** Starts the periodic flush (no-op when already started or `flushMs` ≤ 0). */
  start(onError?: (e: unknown) => void): void;
  /** Stops the periodic flush and writes what is pending. */
  stop(): Promise<void>;
}

export function createBatchedCounter<K>(opts: {
  flushMs: number;
  /** Stores one batch (typically one transaction); must throw if nothing was stored. */
  write: (batch: ReadonlyMap<K, number>) => Promise<void>;
  /**
   * At most this many keys per `write` (each its own transaction), so that a large flush does not hold the
   * database for long from the requests waiting on it; when one fails, it and the ones after it are kept.
   */
  chunkSize?: number;
  /** Called before each flush, e.g. to prune a RecentSet. */
  beforeFlush?: () => void;
  /**
   * Called after each flush that wrote something (periodic or explicit; not on stop), also after one that failed
   * part-way with the keys written before the failure; the flush settles once it has. Its failure does not fail
   * the flush.
   */
  afterFlush?: (written: number) => unknown;
}): BatchedCounter<K> {
  let pending = new Map<K, number>();
  let flushing: Promise<number> = Promise.resolve(0);
  let timer: NodeJS.Timeout | undefined;

  /** Flushes queued or running; the timer adds none while one is (a slow write or afterFlush must not pile them up). */
  let inFlight = 0;
  let stopping = false;

  /** afterFlush for `n` keys written; never throws, and skipped on stop (nobody is left to read what it refreshes). */
  async function followed(n: number): Promise<void> {
    if (n > 0 && !stopping)
      await Promise.resolve()
        .then(() => opts.afterFlush?.(n))
        .catch(() => {});
  }

  function flush(): Promise<number> {
    inFlight++;
    flushing = flushing
      .catch(() => 0)
      .then(async () => {
        opts.beforeFlush?.();
        if (!pending.size) return 0;
        const batch = pending;
        pending = new Map();
        const size = opts.chunkSize ?? batch.size;
        const entries = [...batch];
        for (let i = 0; i < entries.length; i += size) {
          try {
            // A macrotask between chunks: with SQLite the whole write is synchronous work chained by
            // promises, which would otherwise hold the event loop for the whole flush.
            if (i > 0) await new Promise((r) => setImmediate(r));
            await opts.write(batch.size <= size ? batch : new Map(entries.slice(i, i + size)));
          } catch (e) {
            for (const [k, n] of entries.slice(i)) pending.set(k, (pending.get(k) ?? 0) + n);
            await followed(i); // the chunks before this one were written
            throw e;
          }
        }
        await followed(batch.size);
        return batch.size;
      })
      .finally(() => inFlight--);
    return flushing;
  }

  return {
    add(key, n = 1) {
      pending.set(key, (pending.get(key) ?? 0) + n);
    },
    pendingOf: (key) => pending.get(key) ?? 0,
    pendingSize() {
      let total = 0;
      for (const n of pending.values()) total += n;
      return { keys: pending.size, total };
    },
    flush,
    start(onError = () => {}) {
      if (timer || opts.flushMs <= 0) return;
      timer = setInterval(() => {
        if (!inFlight) void flush().catch(onError);
      }, opts.flushMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      stopping = true;
      await flush();
    },
  };
}

/**
 * Keys seen within the last `windowMs` (e.g. visitor+article, so a reload is not a second view).
 * Every entry lives `windowMs`, so insertion order is expiry order: pruning walks from the front and
 * stops at the first live entry. Past `max` entries the oldest are forgotten early.
 *
 * Keys are kept as 53-bit hashes and expiries as whole seconds: an entry is a number pair (about 60 bytes)
 * instead of a string holding an IP and a user agent (about 220 bytes; 100,000 of them were 20 MB of live
 * heap, which V8 sizes its heap by). Two keys with one hash would count as one: with 100,000 keys the
 * chance that any two collide is about 1 in 10^6.
 */
export interface RecentSet {
  /** True the first time `key` is offered in a window (and remembers it); false for a repeat. */
  firstIn(key: string, nowMs: number): boolean;
  prune(nowMs: number): void;
  readonly size: number;
}

export function createRecentSet(windowMs: number, max = 100_000): RecentSet {
  const seen = new Map<number, number>();
  // Expiries in whole seconds after the first key (small integers, stored unboxed); a window ends up to a
  // second early.
  let base: number | undefined;
  const until = (nowMs: number) => Math.floor((nowMs - (base ??= nowMs) + windowMs) / 1000);
  const secondsAt = (nowMs: number) => (nowMs - (base ??= nowMs)) / 1000;
  function prune(now: number): void {
    const t = secondsAt(now);
    for (const [k, u] of seen) {
      if (u > t && seen.size <= max) break;
      seen.delete(k);
    }
  }
  return {
    firstIn(key, now) {
      if (windowMs <= 0) return true;
      const h = hash53(key);
      const u = seen.get(h);
      if (u !== undefined && u > secondsAt(now)) return false;
      if (u !== undefined) seen.delete(h); // re-insert at the back, keeping expiry order
      seen.set(h, until(now));
      if (seen.size > max) prune(now);
      return true;
    },
    prune,
    get size() {
      return seen.size;
    },
  };
}

/** A 53-bit hash of a string: two 32-bit multiplicative hashes with different seeds, one cut to 21 bits. */
export function hash53(text: string): number {
  let a = 0x9e3779b9 ^ text.length;
  let b = 0x85ebca6b ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x7feb352d);
  a ^= a >>> 15;
  b = Math.imul(b ^ (a >>> 7), 0x846ca68b);
  b ^= b >>> 16;
  return (b & 0x1fffff) * 0x100000000 + (a >>> 0);
}
