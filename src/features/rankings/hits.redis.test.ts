import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisClaims } from '../../platform/counters/shared-claims.ts';
import { createTestApp, requireOrSkip } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { createHits } from './hits.service.ts';
import { REDIS_URL, redisReachable } from '../../test/redis.ts';

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

test('two app instances sharing Redis count a reader once per window, whichever instance serves them', async (t) => {
  const skip = requireOrSkip('Redis', await redisReachable());
  if (skip) return t.skip(skip);
  const z = await createTestApp();
  t.after(() => z.close());
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  t.after(() => redis.disconnect());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  // A namespace of this run only, so parallel runs and earlier runs do not meet.
  const shared = createRedisClaims(redis, `test-${randomBytes(4).toString('hex')}`);
  const one = createHits({ dbh: z.dbh, clock: z.clock, flushMs: 0, windowMs: 60_000, shared });
  const two = createHits({ dbh: z.dbh, clock: z.clock, flushMs: 0, windowMs: 60_000, shared });
  const reader = { ip: '10.1.0.7', userAgent: BROWSER };
  // The load balancer alternates: the reader's six views land on both instances.
  for (let i = 0; i < 3; i++) {
    one.record(a.id, reader);
    two.record(a.id, reader);
  }
  two.record(a.id, { ip: '10.1.0.8', userAgent: BROWSER }); // another reader
  // The claims are answered asynchronously: wait until Redis has answered all seven.
  const answered = () => one.stats().counted + one.stats().repeats + two.stats().counted + two.stats().repeats;
  for (let i = 0; i < 250 && answered() < 7; i++) await new Promise((r) => setTimeout(r, 20));
  await one.flush();
  await two.flush();
  assert.equal((await z.articles.getAny(a.id))!.hits, 2, 'two readers, two hits');
  assert.deepEqual([one.stats().counted + two.stats().counted, one.stats().repeats + two.stats().repeats], [2, 5]);

  // A window of its own per namespace and per key; a claim lapses with its window.
  assert.equal(await shared.claim('k', 50), true);
  assert.equal(await shared.claim('k', 50), false);
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(await shared.claim('k', 50), true, 'the window has passed');
});
