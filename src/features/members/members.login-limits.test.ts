// Log-in throttling: a stranger who knows a username cannot lock its owner out, yet guessing is still
// slowed per address, per (account, address) and, as a high ceiling, per account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTestApp, requireOrSkip, type TestApp } from '../../test/app.ts';
import { guest, TEST_PASSWORD } from '../../test/session.ts';
import { REDIS_URL, redisReachable } from '../../test/redis.ts';
import { createRedisRateLimiter } from '../../platform/http/rate-limit.ts';
import { createLoginLimits, LOGIN_LIMITS } from './members.login-limits.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.members.create({ username: 'owner1', password: TEST_PASSWORD });
  return z;
}

/** The log-in form posted from `ip` (the test app trusts no proxy: the socket address is the client's). */
function loginFrom(z: TestApp, ip: string, username: string, password = TEST_PASSWORD) {
  const c = guest(z);
  const payload = new URLSearchParams({ username, password, _csrf: c.csrf }).toString();
  return z.app.inject({
    method: 'POST',
    url: '/member/login',
    remoteAddress: ip,
    headers: { cookie: c.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload,
  });
}

const STRANGER = '203.0.113.9';
const OWNER = '198.51.100.20';

test("a stranger's five wrong passwords lock only the stranger: the owner logs in from their own address", async (t) => {
  const z = await app(t);
  for (let i = 0; i < 5; i++) assert.equal((await loginFrom(z, STRANGER, 'owner1', `guess-${i}`)).statusCode, 401);
  const stranger = await loginFrom(z, STRANGER, 'Owner1');
  assert.equal(stranger.statusCode, 429, 'even the right password waits at the address that failed');
  assert.match(stranger.body, /登录失败次数过多，请15分钟后再试/);
  assert.doesNotMatch(String(stranger.headers['set-cookie'] ?? ''), /zx_sid=[^;]/);

  const owner = await loginFrom(z, OWNER, 'owner1');
  assert.equal(owner.statusCode, 303, 'the owner is not locked out');
  assert.match(String(owner.headers['set-cookie']), /zx_sid=[^;]/);

  z.clock.advance(LOGIN_LIMITS.windowMs + 1000);
  assert.equal((await loginFrom(z, STRANGER, 'owner1')).statusCode, 303, 'the lock ends after 15 minutes');
});

test('the owner who mistypes from their own address is locked there after five, like anyone', async (t) => {
  const z = await app(t);
  for (let i = 0; i < 4; i++) assert.equal((await loginFrom(z, OWNER, 'owner1', `typo-${i}`)).statusCode, 401);
  assert.equal((await loginFrom(z, OWNER, 'owner1')).statusCode, 303, 'the fifth try succeeds and the count starts again');
  for (let i = 0; i < 5; i++) assert.equal((await loginFrom(z, OWNER, 'owner1', `typo-${i}`)).statusCode, 401);
  assert.equal((await loginFrom(z, OWNER, 'owner1')).statusCode, 429);
});

test('fifty failures spread over many addresses lock the account for everyone until the window ends', async (t) => {
  const z = await app(t);
  // Four failures from each address: no pair reaches its limit, no address its own.
  for (let i = 0; i < LOGIN_LIMITS.account; i++) {
    const res = await loginFrom(z, `192.0.2.${Math.floor(i / 4) + 1}`, 'owner1', `guess-${i}`);
    assert.equal(res.statusCode, 401, `failure ${i + 1} is answered as a wrong password`);
  }
  const owner = await loginFrom(z, OWNER, 'owner1');
  assert.equal(owner.statusCode, 429, 'the account ceiling holds for a fresh address too');
  assert.match(owner.body, /登录失败次数过多，请15分钟后再试/);
  await z.members.create({ username: 'other1', password: TEST_PASSWORD });
  assert.equal((await loginFrom(z, OWNER, 'other1')).statusCode, 303, 'other accounts are not affected');
  z.clock.advance(LOGIN_LIMITS.windowMs + 1000);
  assert.equal((await loginFrom(z, OWNER, 'owner1')).statusCode, 303);
});

test('two instances sharing Redis share the counts: the lock holds on both, and only for the stranger', async (t) => {
  const skip = requireOrSkip('Redis', await redisReachable());
  if (skip) return t.skip(skip);
  const prefix = `test-${randomBytes(4).toString('hex')}:`;
  const redisA = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, keyPrefix: prefix });
  const redisB = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, keyPrefix: prefix });
  t.after(async () => {
    const keys = await redisA.keys(`${prefix}*`);
    if (keys.length) await redisA.del(...keys.map((k) => k.slice(prefix.length)));
    redisA.disconnect();
    redisB.disconnect();
  });
  const a = createLoginLimits(createRedisRateLimiter(redisA));
  const b = createLoginLimits(createRedisRateLimiter(redisB));
  for (let i = 0; i < 3; i++) await a.failed('owner1', STRANGER);
  for (let i = 0; i < 2; i++) await b.failed('owner1', STRANGER);
  assert.equal(await a.isLocked('owner1', STRANGER), true);
  assert.equal(await b.isLocked('Owner1', STRANGER), true);
  assert.equal(await a.isLocked('owner1', OWNER), false);
  assert.equal(await b.isLocked('owner1', OWNER), false);
});
