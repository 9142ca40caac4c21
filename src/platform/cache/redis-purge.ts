import { randomBytes } from 'node:crypto';
import type { Redis as RedisClient } from 'ioredis';
import type { PageCache } from './page-cache.ts';

const CHANNEL = 'zixun:cache:purge';

/**
 * Keeps the page caches of several app instances consistent: every local purge is published on a
 * Redis channel, and purges published by other instances are applied here (without re-publishing).
 * Messages are `{ from, tags }` or `{ from, clear: true }`.
 */
export async function connectPurgeBus(cache: PageCache, redisUrl: string, opts: { channel?: string; onError?: (e: unknown) => void } = {}) {
  const channel = opts.channel ?? CHANNEL;
  const me = randomBytes(6).toString('hex');
  const { Redis } = await import('ioredis'); // only instances configured with Redis load it
  const pub: RedisClient = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const sub: RedisClient = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await Promise.all([pub.connect(), sub.connect()]);
  let applying = false;
  sub.on('message', (_ch: string, raw: string) => {
    try {
      const msg = JSON.parse(raw) as { from?: string; tags?: unknown; clear?: boolean };
      if (msg.from === me) return;
      applying = true;
      if (msg.clear) cache.clear();
      else if (Array.isArray(msg.tags)) cache.purge(msg.tags.filter((t): t is string => typeof t === 'string'));
    } catch (e) {
      opts.onError?.(e);
    } finally {
      applying = false;
    }
  });
  await sub.subscribe(channel);
  const send = (body: object) => {
    if (applying) return;
    pub.publish(channel, JSON.stringify({ from: me, ...body })).catch((e: unknown) => opts.onError?.(e));
  };
  cache.onPurge((tags) => send({ tags }));
  cache.onClear(() => send({ clear: true }));
  return {
    id: me,
    async close() {
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}
