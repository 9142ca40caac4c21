import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * One-use allowances shared by every app instance: something counted on one instance (an ad impression)
 * leaves one use of something else (a click on that ad) that any instance may take, exactly once. Redis
 * keys are hashed (they hold an IP and a user agent) and expire on their own, so their number and size
 * stay bounded; the client's `keyPrefix` (ZIXUN_REDIS_PREFIX) applies to them as to every other key.
 */
export interface SharedAllowances {
  /** Leaves one use of `key` for `ttlMs` (replacing an unused one: one use at a time per key). */
  grant(key: string, ttlMs: number): Promise<void>;
  /**
   * Uses the allowance of `key` if one is left and `key` was not used within `windowMs` (on any instance);
   * true when this call used it. Atomic: of instances asking together, one gets true.
   */
  use(key: string, windowMs: number): Promise<boolean>;
}

// KEYS[1] the allowance, KEYS[2] "used within the window"; ARGV[1] the window (ms). A use inside the window
// leaves the allowance in place (as the per-process rule does: the repeat is not counted, nothing is used up).
const USE = `if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
if tonumber(ARGV[1]) > 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[1]) end
return 1`;

export function createRedisAllowances(redis: Redis, namespace: string): SharedAllowances {
  const hashed = (kind: string, key: string) => `zx:allow:${namespace}:${kind}:${createHash('sha1').update(key).digest('base64url')}`;
  return {
    async grant(key, ttlMs) {
      if (ttlMs > 0) await redis.set(hashed('a', key), '1', 'PX', ttlMs);
    },
    async use(key, windowMs) {
      return Number(await redis.eval(USE, 2, hashed('a', key), hashed('u', key), Math.max(0, Math.round(windowMs)))) === 1;
    },
  };
}
