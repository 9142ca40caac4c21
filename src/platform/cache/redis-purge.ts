import { randomBytes } from 'node:crypto';
import type { Redis as RedisClient } from 'ioredis';
import type { PageCache } from './page-cache.ts';
import type { SharedMemosHub } from './shared-memos.ts';

const CHANNEL = 'zixun:cache:purge';

/**
 * Keeps the page caches of several app instances consistent: every local purge is published on a
 * Redis channel, and purges published by other instances are applied here (without re-publishing).
 * Messages are `{ from, tags }`, `{ from, clear: true }` or `{ from, reload: name }` (a shared memo,
 * shared-memos.ts). Several sites on one Redis server keep apart with their own channel (the prefix).
 * Connecting fails within `connectTimeoutMs` with a message naming Redis, rather than waiting forever.
 */
export async function connectPurgeBus(
  cache: PageCache,
  redisUrl: string,
  opts: { channel?: string; memos?: SharedMemosHub; onError?: (e: unknown) => void; connectTimeoutMs?: number } = {},
) {
  const channel = opts.channel ?? CHANNEL;
  const me = randomBytes(6).toString('hex');
  const { Redis } = await import('ioredis'); // only instances configured with Redis load it
  const options = { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: opts.connectTimeoutMs ?? 5000 };
  const pub: RedisClient = new Redis(redisUrl, options);
  const sub: RedisClient = new Redis(redisUrl, { ...options, connectionName: `zixun-purge-${me}` });
  // Errors after start-up (a lost connection) are reported, not thrown from an event emitter.
  let lastError: unknown;
  const onError = (e: unknown) => {
    lastError = e;
    opts.onError?.(e);
  };
  pub.on('error', onError);
  sub.on('error', onError);
  try {
    // One attempt at start-up: an unreachable Redis is a configuration error to report, not to retry forever.
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (e) {
    pub.disconnect();
    sub.disconnect();
    const cause = lastError ?? e; // the socket's own error (ECONNREFUSED …) says more than "Connection is closed."
    throw new Error(`无法连接 Redis（${redactUrl(redisUrl)}）：${cause instanceof Error ? cause.message : String(cause)}`);
  }
  let applying = false;
  sub.on('message', (_ch: string, raw: string) => {
    try {
      const msg = JSON.parse(raw) as { from?: string; tags?: unknown; clear?: boolean };
      if (msg.from === me) return;
      applying = true;
      if (msg.clear) cache.clear();
      else if (typeof (msg as { reload?: unknown }).reload === 'string') opts.memos?.apply((msg as { reload: string }).reload);
      else if (Array.isArray(msg.tags)) cache.purge(msg.tags.filter((t): t is string => typeof t === 'string'));
    } catch (e) {
      opts.onError?.(e);
    } finally {
      applying = false;
    }
  });
  await sub.subscribe(channel);
  // Pub/sub does not keep messages: whatever other instances sent while this one was disconnected is
  // lost. After a reconnect, drop everything that might have changed meanwhile (pages and memos), here only.
  sub.on('ready', () => {
    applying = true;
    try {
      cache.clear();
      opts.memos?.applyAll();
    } finally {
      applying = false;
    }
  });
  const send = (body: object) => {
    if (applying) return;
    pub.publish(channel, JSON.stringify({ from: me, ...body })).catch((e: unknown) => opts.onError?.(e));
  };
  cache.onPurge((tags) => send({ tags }));
  cache.onClear(() => send({ clear: true }));
  opts.memos?.publishTo((name) => send({ reload: name }));
  return {
    id: me,
    /** `ready` while connected (ioredis's status of the subscriber), for the status page. */
    status: () => sub.status,
    async close() {
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}

/** A Redis URL fit for messages and logs: the password replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://…';
  }
}

/** A Redis error logged once per message a minute (a lost connection repeats the same one many times a second). */
export function redisErrorLog(what: string): (e: unknown) => void {
  const last = new Map<string, number>();
  return (e) => {
    const msg = e instanceof Error ? e.message : String(e);
    const now = Date.now();
    if ((last.get(msg) ?? 0) > now - 60_000) return;
    last.set(msg, now);
    console.error(`${what}: ${msg}`);
  };
}
