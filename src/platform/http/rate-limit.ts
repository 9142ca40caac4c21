import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { t } from '../../strings/index.ts';

/**
 * Fixed-window counters: "at most `limit` events per `windowMs` for this key". In memory for one
 * instance, or in Redis (INCR + PEXPIRE) when several instances must share the counts.
 */
export interface RateLimiter {
  /** Count one event; false when the key is over its limit (the event is still counted). */
  hit(key: string, limit: number, windowMs: number): Promise<boolean>;
  /** Whether the key is over its limit, without counting. */
  isLimited(key: string, limit: number): Promise<boolean>;
  reset(key: string): Promise<void>;
}

export class RateLimitedError extends AppError {
  constructor(message: string = t.http.rateLimited) {
    super('rate_limited', message, 429);
  }
}

export function createMemoryRateLimiter(clock: Clock): RateLimiter {
  const windows = new Map<string, { count: number; until: number }>();
  let sweeps = 0;
  function current(key: string) {
    const w = windows.get(key);
    if (w && w.until <= clock.now().getTime()) {
      windows.delete(key);
      return undefined;
    }
    return w;
  }
  return {
    async hit(key, limit, windowMs) {
      const now = clock.now().getTime();
      if (++sweeps % 1000 === 0) for (const [k, w] of windows) if (w.until <= now) windows.delete(k);
      const w = current(key) ?? { count: 0, until: now + windowMs };
      w.count++;
      windows.set(key, w);
      return w.count <= limit;
    },
    async isLimited(key, limit) {
      return (current(key)?.count ?? 0) >= limit;
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

export function createRedisRateLimiter(redis: Redis): RateLimiter {
  return {
    async hit(key, limit, windowMs) {
      const k = `zx:rl:${key}`;
      const [[, count]] = (await redis.multi().incr(k).pexpire(k, windowMs, 'NX').exec()) as [[unknown, number]];
      return count <= limit;
    },
    async isLimited(key, limit) {
      return Number((await redis.get(`zx:rl:${key}`)) ?? 0) >= limit;
    },
    async reset(key) {
      await redis.del(`zx:rl:${key}`);
    },
  };
}
