import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisClaims } from '../../platform/counters/shared-claims.ts';
import { createRedisAllowances, type SharedAllowances } from '../../platform/counters/shared-allowances.ts';
import { createTestApp, requireOrSkip, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { REDIS_URL, redisReachable } from '../../test/redis.ts';
import { createAds } from './ads.service.ts';

const READER = { ip: '10.2.0.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36' };

/** One staff text ad showing today on `article-links`; its id. */
async function oneAd(z: TestApp): Promise<number> {
  const admin = (await loginAs(z, 'ads_admin', 'admin')).member!;
  await z.ads.savePosition(
    undefined,
    { code: 'article-links', name: '文章下方文字链', kind: 'text', width: '640', height: '30', pricePerDay: '10', capacity: '1', active: '1' },
    admin,
    '127.0.0.1',
  );
  return z.ads.saveStaffAd(
    undefined,
    { position: 'article-links', kind: 'text', title: '青川本地好物', targetUrl: 'https://shop.example.com/', startsOn: z.ads.today(), days: '3' },
    admin,
    '127.0.0.1',
  );
}

/** Another ads service on the same database, as a second app instance behind the load balancer would have. */
const instance = (z: TestApp, extra: Partial<Parameters<typeof createAds>[0]>) =>
  createAds({ dbh: z.dbh, clock: z.clock, audit: z.audit, points: z.points, storage: z.storage, impressionFlushMs: 0, ...extra });

const stored = async (z: TestApp, id: number) => {
  const r = await z.dbh.db.selectFrom('ads').select(['impressions', 'clicks']).where('id', '=', id).executeTakeFirstOrThrow();
  return [Number(r.impressions), Number(r.clicks)];
};

test('two app instances sharing Redis: the impression served by one allows exactly one counted click, on whichever instance', async (t) => {
  const skip = requireOrSkip('Redis', await redisReachable());
  if (skip) return t.skip(skip);
  const z = await createTestApp();
  t.after(() => z.close());
  // A key prefix of this run only (as ZIXUN_REDIS_PREFIX gives a site), so parallel and earlier runs do not meet.
  const prefix = `test-${randomBytes(4).toString('hex')}:`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, keyPrefix: prefix });
  const plain = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  t.after(async () => {
    const keys = await plain.keys(`${prefix}*`);
    if (keys.length) await plain.del(...keys);
    redis.disconnect();
    plain.disconnect();
  });
  const id = await oneAd(z);
  const shared = { sharedClaims: createRedisClaims(redis, 'ad'), sharedAllowances: createRedisAllowances(redis, 'ad') };
  const a = instance(z, shared);
  const b = instance(z, shared);

  // The reader's page asks for slots on both instances; the click lands on B.
  await a.serve(['article-links'], READER);
  await b.serve(['article-links'], READER);
  await a.flushImpressions();
  await b.flushImpressions();
  assert.equal(await b.click(id, READER), 'https://shop.example.com/');
  await b.flushImpressions();
  assert.deepEqual(await stored(z, id), [1, 1], 'one impression (once across instances), and its click counted on B');

  // Clicking again on either instance, or both at once, is redirected but not counted again.
  const again = await Promise.all([a.click(id, READER), b.click(id, READER), a.click(id, READER)]);
  assert.deepEqual(again, Array(3).fill('https://shop.example.com/'));
  await a.flushImpressions();
  await b.flushImpressions();
  assert.deepEqual(await stored(z, id), [1, 1]);

  // Someone the ad was never shown to follows the link on A: redirected, not counted.
  const stranger = { ip: '10.2.0.99', userAgent: READER.userAgent };
  assert.equal(await a.click(id, stranger), 'https://shop.example.com/');
  // A new reader, shown the ad by B, clicks on A and on B at the same moment: one click counts.
  const other = { ip: '10.2.0.8', userAgent: READER.userAgent };
  await b.serve(['article-links'], other);
  await b.flushImpressions();
  await Promise.all([a.click(id, other), b.click(id, other)]);
  await a.flushImpressions();
  await b.flushImpressions();
  assert.deepEqual(await stored(z, id), [2, 2]);

  // Every key lives under the site's prefix, hashed (no IP or user agent in Redis key names), and expires.
  const keys = await plain.keys(`${prefix}*`);
  assert.ok(keys.length > 0, 'keys were written under the prefix');
  for (const k of keys) {
    assert.ok(!k.includes('10.2.0') && !k.includes('Mozilla') && k.length < 120, k);
    assert.ok((await plain.pttl(k)) > 0, `${k} expires`);
  }
});

test('when Redis fails, a click is still redirected and counted by the instance that served the impression', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const id = await oneAd(z);
  const errors: unknown[] = [];
  const down: SharedAllowances = {
    grant: () => Promise.reject(new Error('connect ECONNREFUSED')),
    use: () => Promise.reject(new Error('connect ECONNREFUSED')),
  };
  const a = instance(z, { sharedAllowances: down, onSharedError: (e) => errors.push(e) });
  await a.serve(['article-links'], READER);
  assert.equal(await a.click(id, READER), 'https://shop.example.com/');
  assert.equal(await a.click(id, READER), 'https://shop.example.com/');
  await a.flushImpressions();
  assert.deepEqual(await stored(z, id), [1, 1], 'the local rule: one click for the impression');
  assert.ok(errors.length >= 2, 'the Redis errors were reported');
});
