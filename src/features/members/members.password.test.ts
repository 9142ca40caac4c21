import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, TEST_PASSWORD } from '../../test/session.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

const sid = (res: LightMyRequestResponse) => /zx_sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
const canLogin = async (z: TestApp, username: string, password: string) => (await guest(z).post('/member/login', { username, password })).statusCode === 303;
const NEW = 'brand-new-pass-9';

test('changing the password keeps this browser logged in and logs out every other session', async (t) => {
  const z = await app(t);
  const here = await loginAs(z, 'reader1');
  const phone = await loginAs(z, 'reader1');
  assert.equal((await here.get('/member/password')).statusCode, 200);
  const res = await here.post('/member/password', { current: TEST_PASSWORD, password: NEW, confirm: NEW });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/member/password?done=1');
  assert.equal((await phone.get('/member/me.json')).statusCode, 401, 'the other session ended');
  assert.equal((await here.get('/member/me.json')).statusCode, 401, 'the old cookie of this browser ended too…');
  const fresh = await z.app.inject({ method: 'GET', url: '/member/password?done=1', headers: { cookie: `zx_sid=${sid(res)}` } });
  assert.equal(fresh.statusCode, 200, '…and it received a fresh session');
  assert.match(fresh.body, /密码已修改/);
  assert.equal(await canLogin(z, 'reader1', TEST_PASSWORD), false);
  assert.equal(await canLogin(z, 'reader1', NEW), true);
});

test('a wrong current password or a bad new one: 422 with field messages, nothing changes, no session ends', async (t) => {
  const z = await app(t);
  const here = await loginAs(z, 'reader1');
  const phone = await loginAs(z, 'reader1');
  const wrong = await here.post('/member/password', { current: 'not-my-password', password: NEW, confirm: NEW });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /当前密码不正确/);
  const mismatch = await here.post('/member/password', { current: TEST_PASSWORD, password: NEW, confirm: 'something-else-1' });
  assert.equal(mismatch.statusCode, 422);
  assert.match(mismatch.body, /两次输入的密码不一致/);
  assert.doesNotMatch(mismatch.body, new RegExp(NEW));
  assert.equal((await phone.get('/member/me.json')).statusCode, 200);
  assert.equal(await canLogin(z, 'reader1', TEST_PASSWORD), true);
  // Guessing the current password from a stolen session is throttled.
  for (let i = 0; i < 8; i++) await here.post('/member/password', { current: `guess-${i}`, password: NEW, confirm: NEW });
  const throttled = await here.post('/member/password', { current: TEST_PASSWORD, password: NEW, confirm: NEW });
  assert.equal(throttled.statusCode, 429);
  assert.equal(await canLogin(z, 'reader1', TEST_PASSWORD), true);
  // Guests are sent to log in.
  const g = await guest(z).post('/member/password', { current: TEST_PASSWORD, password: NEW, confirm: NEW });
  assert.equal(g.statusCode, 303);
  assert.match(String(g.headers.location), /^\/member\/login/);
});

function mailedToken(z: TestApp): string {
  const mail = z.mailer.sent.at(-1);
  assert.ok(mail, 'a mail was sent');
  const m = /\/member\/reset\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  assert.ok(m, 'the mail carries a reset link');
  return m[1] as string;
}

test('forgot password end to end: mail → link → new password → old sessions gone → token used up', async (t) => {
  const z = await app(t);
  const old = await loginAs(z, 'reader1');
  const c = guest(z);
  const form = await c.get('/member/forgot');
  assert.equal(form.statusCode, 200);
  const sent = await c.post('/member/forgot', { email: ' Reader1@Example.com ' });
  assert.equal(sent.statusCode, 200);
  assert.match(sent.body, /如果该邮箱已在本站注册/);
  assert.equal(z.mailer.sent.length, 1);
  assert.equal(z.mailer.sent[0]?.to, 'reader1@example.com');
  assert.match(z.mailer.sent[0]?.subject ?? '', /重设密码/);
  const token = mailedToken(z);
  const stored = await z.dbh.db.selectFrom('password_resets').selectAll().execute();
  assert.equal(stored.length, 1);
  assert.notEqual(stored[0]?.token_hash, token, 'only a hash of the token is stored');

  const page = await c.get(`/member/reset?token=${token}`);
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  assert.match(page.body, /name="token" value="[A-Za-z0-9_-]+"/);

  const bad = await c.post('/member/reset', { token, password: 'short', confirm: 'short' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /密码至少8位/);
  const done = await c.post('/member/reset', { token, password: NEW, confirm: NEW });
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, '/member/login?reset=1');
  assert.match((await c.get('/member/login?reset=1')).body, /密码已重置，请用新密码登录/);
  assert.equal((await old.get('/member/me.json')).statusCode, 401, 'sessions from before the reset ended');
  assert.equal(await canLogin(z, 'reader1', NEW), true);

  const reused = await c.post('/member/reset', { token, password: 'another-pass-7', confirm: 'another-pass-7' });
  assert.equal(reused.statusCode, 400);
  assert.match(reused.body, /重设链接无效、已过期或已被使用/);
  assert.equal((await c.get(`/member/reset?token=${token}`)).statusCode, 400);
  assert.equal(await canLogin(z, 'reader1', NEW), true, 'the reused token changed nothing');
});

test('an unknown address gets the same answer and no mail; an expired link is refused', async (t) => {
  const z = await app(t);
  await loginAs(z, 'reader1');
  const c = guest(z);
  const unknown = await c.post('/member/forgot', { email: 'nobody@example.com' });
  const known = await c.post('/member/forgot', { email: 'reader1@example.com' });
  const strip = (s: string) => s.replace(/value="[^"]*"/g, '');
  assert.equal(unknown.statusCode, known.statusCode);
  assert.equal(strip(unknown.body), strip(known.body), 'the page does not tell whether the address is registered');
  assert.equal(z.mailer.sent.length, 1);
  const token = mailedToken(z);
  z.clock.advance(3600_000 + 1000);
  assert.equal((await c.get(`/member/reset?token=${token}`)).statusCode, 400);
  const late = await c.post('/member/reset', { token, password: NEW, confirm: NEW });
  assert.equal(late.statusCode, 400);
  assert.equal(await canLogin(z, 'reader1', TEST_PASSWORD), true);
  assert.equal((await c.get('/member/reset?token=made-up-token')).statusCode, 400);
  const invalid = await c.post('/member/forgot', { email: 'not an address' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /请填写有效的电子邮箱/);
});

test('forgot password is rate limited per address (silently) and per IP', async (t) => {
  const z = await app(t);
  await loginAs(z, 'reader1');
  const c = guest(z);
  for (let i = 0; i < 5; i++) assert.equal((await c.post('/member/forgot', { email: 'reader1@example.com' })).statusCode, 200);
  assert.equal(z.mailer.sent.length, 3, 'at most three mails an hour to one address');
  for (let i = 0; i < 5; i++) await c.post('/member/forgot', { email: `x${i}@example.com` });
  const limited = await c.post('/member/forgot', { email: 'reader1@example.com' });
  assert.equal(limited.statusCode, 429);
});
