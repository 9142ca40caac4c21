import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * "Seen within the window" shared by every app instance, for de-duplication that holds when a load
 * balancer sends one reader's requests to different instances. `claim` is true for the first claim of
 * a key in `windowMs` anywhere (Redis `SET key 1 PX window NX`). Callers keep a local RecentSet in front,
 * so Redis is asked once per visitor and item per window per instance, not once per request.
 */
export interface SharedClaims {
  claim(key: string, windowMs: number): Promise<boolean>;
}

export function createRedisClaims(redis: Redis, namespace: string): SharedClaims {
  return {
    async claim(key, windowMs) {
      if (windowMs <= 0) return true;
      // Keys hold an IP and a user agent: hashed, so their length and content stay bounded.
      const k = `zx:seen:${namespace}:${createHash('sha1').update(key).digest('base64url')}`;
      return (await redis.set(k, '1', 'PX', windowMs, 'NX')) === 'OK';
    },
  };
}
