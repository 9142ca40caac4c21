// Device cookies: strangers who push an account over its per-account ceiling from many addresses lock out other
// strangers, not the owner's browser that logged in before; a forged or another account's cookie does not help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, TEST_PASSWORD } from '../../test/session.ts';
import { LOGIN_LIMITS } from './members.login-limits.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.members.create({ username: 'admin', role: 'admin', password: TEST_PASSWORD });
  await z.members.create({ username: 'other1', password: TEST_PASSWORD });
  return z;
}

/** The log-in form posted from `ip`, with the browser's device cookie when it has one. */
function loginFrom(z: TestApp, ip: string, username: string, password = TEST_PASSWORD, device?: string) {
  const c = guest(z);
  return z.app.inject({
    method: 'POST',
    url: '/member/login',
    remoteAddress: ip,
    headers: { cookie: [c.cookie, ...(device ? [`zx_dev=${device}`] : [])].join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ username, password, _csrf: c.csrf }).toString(),
  });
}

const deviceOf = (res: LightMyRequestResponse) => /zx_dev=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
const loggedIn = (res: LightMyRequestResponse) => res.statusCode === 303 && /zx_sid=[^;]/.test(String(res.headers['set-cookie']));

const OWNER = '198.51.100.20';
const TRAVEL = '198.51.100.77';

/** 2 wrong passwords from each of 12 addresses and 5 from 6 more: 54 failures, no pair or address locked. */
async function attack(z: TestApp, username: string) {
  for (let a = 1; a <= 12; a++) for (let i = 0; i < 2; i++) await loginFrom(z, `192.0.2.${a}`, username, `guess-${a}-${i}`);
  for (let a = 1; a <= 6; a++) for (let i = 0; i < 4; i++) await loginFrom(z, `203.0.113.${a}`, username, `guess-${a}-${i}`);
  for (let a = 1; a <= 6; a++) await loginFrom(z, `203.0.113.${a}`, username, `last-${a}`);
}

test('a successful log-in leaves a year-long HttpOnly device cookie; the attack locks strangers out, not the owner’s browser', async (t) => {
  const z = await app(t);
  const first = await loginFrom(z, OWNER, 'admin');
  assert.ok(loggedIn(first));
  const cookie = String(first.headers['set-cookie']);
  assert.match(cookie, /zx_dev=[^;]+; Max-Age=31536000; Path=\/member\/login; HttpOnly; SameSite=Lax/);
  const device = deviceOf(first)!;

  await attack(z, 'admin');
  const stranger = await loginFrom(z, TRAVEL, 'admin');
  assert.equal(stranger.statusCode, 429, 'a new browser, even with the right password, waits');
  assert.match(stranger.body, /登录失败次数过多，请15分钟后再试/);
  const nobody = await loginFrom(z, TRAVEL, 'no-such-user');
  assert.equal(nobody.statusCode, 401, 'an unknown name is not told apart by the lock');
  await attack(z, 'no-such-user');
  assert.match((await loginFrom(z, TRAVEL, 'no-such-user')).body, /登录失败次数过多，请15分钟后再试/, 'the same message for an unknown name');

  const owner = await loginFrom(z, TRAVEL, 'Admin', TEST_PASSWORD, device);
  assert.ok(loggedIn(owner), 'the browser that logged in before gets in, from a new address and in another case');
  assert.equal(deviceOf(owner), device, 'it keeps its device id');
});

test('a device cookie of another account, or a forged one, does not pass the account ceiling', async (t) => {
  const z = await app(t);
  const otherDevice = deviceOf(await loginFrom(z, OWNER, 'other1'))!;
  await attack(z, 'admin');
  assert.equal((await loginFrom(z, OWNER, 'admin', TEST_PASSWORD, otherDevice)).statusCode, 429, 'other1’s browser proves nothing for admin');
  const [id] = otherDevice.split('.');
  const forged = `${id}.${createHmac('sha256', 'guessed-secret').update(`login-device:admin:${id}`).digest('base64url')}`;
  assert.equal((await loginFrom(z, OWNER, 'admin', TEST_PASSWORD, forged)).statusCode, 429, 'a cookie signed with another key');
  assert.equal((await loginFrom(z, OWNER, 'admin', TEST_PASSWORD, 'garbage')).statusCode, 429);
});

test('a known device is locked after five failures, from its address and from others (a stolen cookie cannot guess on)', async (t) => {
  const z = await app(t);
  const device = deviceOf(await loginFrom(z, OWNER, 'admin'))!;
  await attack(z, 'admin');
  for (let i = 0; i < LOGIN_LIMITS.pair; i++) assert.equal((await loginFrom(z, OWNER, 'admin', `typo-${i}`, device)).statusCode, 401);
  const locked = await loginFrom(z, OWNER, 'admin', TEST_PASSWORD, device);
  assert.equal(locked.statusCode, 429, 'locked at its address like anyone');
  assert.equal((await loginFrom(z, TRAVEL, 'admin', TEST_PASSWORD, device)).statusCode, 429, 'and from another address: the device itself is');
  z.clock.advance(LOGIN_LIMITS.windowMs + 1000);
  assert.ok(loggedIn(await loginFrom(z, OWNER, 'admin', TEST_PASSWORD, device)), 'until the window ends');
});

test('failures from a known device spread over addresses count against the device, not the account', async (t) => {
  const z = await app(t);
  const device = deviceOf(await loginFrom(z, OWNER, 'admin'))!;
  for (let i = 0; i < 4; i++) assert.equal((await loginFrom(z, `192.0.2.${i + 1}`, 'admin', `typo-${i}`, device)).statusCode, 401);
  assert.equal((await loginFrom(z, '192.0.2.9', 'admin', 'typo-x', device)).statusCode, 401);
  assert.equal((await loginFrom(z, TRAVEL, 'admin', TEST_PASSWORD, device)).statusCode, 429, 'five failures of the device from five addresses');
  assert.ok(loggedIn(await loginFrom(z, TRAVEL, 'admin')), 'the account itself is not held: a browser without the cookie gets in');
});
