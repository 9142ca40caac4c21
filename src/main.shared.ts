import { dataDir, type Config } from './config.ts';
import type { Clock } from './platform/clock.ts';
import { PageCache } from './platform/cache/page-cache.ts';
import { connectPurgeBus, redisErrorLog } from './platform/cache/redis-purge.ts';
import { createSharedMemos } from './platform/cache/shared-memos.ts';
import { createMemoryRateLimiter, createRedisRateLimiter } from './platform/http/rate-limit.ts';
import { createOutboxMailer, createSmtpMailer, type Mailer } from './platform/mail/index.ts';

/**
 * What several app instances share, or keep each for themselves without Redis (main.ts): the page cache
 * with its purge bus, the in-memory copies of rarely changed rows, Redis, the rate limiter and the mailer.
 */
export async function createSharedParts(config: Config, o: { clock: Clock; rootDir: string; mailer?: Mailer | undefined }) {
  const cache = new PageCache({ enabled: config.pageCache, clock: o.clock, maxBytes: config.pageCacheMb * 1024 * 1024 });
  // Several instances behind one load balancer: share purges through Redis when it is configured.
  // In-memory copies of rarely changed rows, dropped on every instance after a write (with Redis).
  const memos = createSharedMemos();
  const purgeBus = config.redisUrl
    ? await connectPurgeBus(cache, config.redisUrl, {
        channel: `${config.redisPrefix}zixun:cache:purge`,
        memos,
        onError: redisErrorLog('cache purge bus'),
      })
    : undefined;
  // Redis, when configured, is shared by every instance: sessions, rate limits, cache purges.
  const redis = config.redisUrl
    ? new (await import('ioredis')).Redis(config.redisUrl, { maxRetriesPerRequest: 2, keyPrefix: config.redisPrefix || undefined })
    : undefined;
  redis?.on('error', redisErrorLog('redis'));
  // Without SMTP, mail (password resets, e-mail changes) is written as files here: serve says where.
  const outboxDir = o.mailer || config.smtpUrl ? undefined : dataDir(o.rootDir, config.outboxDir, 'ZIXUN_OUTBOX_DIR');
  const mailer = o.mailer ?? (outboxDir ? createOutboxMailer(outboxDir) : createSmtpMailer(config.smtpUrl as string, config.mailFrom));
  const rateLimiter = redis ? createRedisRateLimiter(redis) : createMemoryRateLimiter(o.clock);
  return { cache, memos, purgeBus, redis, outboxDir, mailer, rateLimiter };
}
