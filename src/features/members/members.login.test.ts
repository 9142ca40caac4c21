import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, TEST_PASSWORD, type Client } from '../../test/session.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

const sid = (res: LightMyRequestResponse) => /zx_sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
const login = (c: Client, username: string, password = TEST_PASSWORD, next?: string) =>
  c.post('/member/login', { username, password, ...(next === undefined ? {} : { next }) });
const meJson = (z: TestApp, session: string | undefined) => z.app.inject({ method: 'GET', url: '/member/me.json', headers: { cookie: `zx_sid=${session}` } });

test('log in with the right password: session cookie, the zx_in hint, last log-in recorded; me.json answers', async (t) => {
  const z = await app(t);
  await z.members.create({ username: 'reader1', password: TEST_PASSWORD, displayName: '读者一号' });
  const c = guest(z);
  const form = await c.get('/member/login');
  assert.equal(form.statusCode, 200);
  assert.equal(form.headers['cache-control'], 'no-store');
  assert.match(form.body, /name="_csrf" value="[^"]+"/);

  const res = await login(c, 'reader1');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/member/');
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const hint = cookies.find((x) => x.startsWith('zx_in='));
  assert.ok(hint && !/HttpOnly/i.test(hint), 'the hint cookie is readable by site.js');
  assert.match(cookies.find((x) => x.startsWith('zx_sid=')) ?? '', /HttpOnly; SameSite=Lax/i);
  const row = await z.dbh.db.selectFrom('members').select('last_login_at').where('username', '=', 'reader1').executeTakeFirstOrThrow();
  assert.equal(row.last_login_at, z.clock.now().toISOString());

  const me = await meJson(z, sid(res));
  assert.equal(me.statusCode, 200);
  assert.equal(me.headers['cache-control'], 'no-store');
  assert.deepEqual(me.json(), { username: 'reader1', displayName: '读者一号', role: 'member', isStaff: false, unread: 0 });
  // The header's 站内信（n） link counts what is unread.
  const reader = await z.dbh.db.selectFrom('members').select('id').where('username', '=', 'reader1').executeTakeFirstOrThrow();
  await z.notifications.send(reader.id, { kind: 'article.approved', body: '您的投稿已通过审核' });
  await z.notifications.send(reader.id, { kind: 'article.approved', body: '您的另一篇投稿已通过审核' });
  assert.equal((await meJson(z, sid(res))).json().unread, 2);
  const editor = await loginAs(z, 'bianji', 'editor');
  assert.deepEqual((await editor.get('/member/me.json')).json(), { username: 'bianji', displayName: 'bianji', role: 'editor', isStaff: true, unread: 0 });
});

test('me.json for a guest is a 401 JSON (not a redirect), uncached, and drops a stale hint cookie', async (t) => {
  const z = await app(t);
  const res = await z.app.inject({ method: 'GET', url: '/member/me.json', headers: { cookie: 'zx_in=1; zx_sid=gone' } });
  assert.equal(res.statusCode, 401);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.json().error.code, 'unauthorized');
  assert.match(String(res.headers['set-cookie']), /zx_in=;/);
});

test('wrong password or unknown user: one message for both, 401, typed username kept', async (t) => {
  const z = await app(t);
  await z.members.create({ username: 'reader1', password: TEST_PASSWORD });
  const c = guest(z);
  const wrong = await login(c, 'reader1', 'not-the-password');
  const unknown = await login(c, 'nobody_here', 'not-the-password');
  for (const res of [wrong, unknown]) {
    assert.equal(res.statusCode, 401);
    assert.match(res.body, /用户名或密码不正确/);
    assert.doesNotMatch(String(res.headers['set-cookie'] ?? ''), /zx_sid=[^;]/);
  }
  assert.match(wrong.body, /value="reader1"/);
  const empty = await c.post('/member/login', { username: '', password: '' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /此项为必填项/);
});

test('per account and IP: after 5 failures from one address even the right password waits 15 minutes there', async (t) => {
  const z = await app(t);
  await z.members.create({ username: 'victim', password: TEST_PASSWORD });
  const c = guest(z);
  for (let i = 0; i < 5; i++) assert.equal((await login(c, 'victim', `guess-${i}`)).statusCode, 401);
  const blocked = await login(c, 'Victim');
  assert.equal(blocked.statusCode, 429);
  assert.match(blocked.body, /登录失败次数过多，请15分钟后再试/);
  assert.doesNotMatch(String(blocked.headers['set-cookie'] ?? ''), /zx_sid=[^;]/);
  // Another account from the same IP is not affected by this account's lock.
  await z.members.create({ username: 'other1', password: TEST_PASSWORD });
  assert.equal((await login(c, 'other1')).statusCode, 303);
  z.clock.advance(15 * 60_000 + 1000);
  assert.equal((await login(c, 'victim')).statusCode, 303);
});

test('per-IP throttle: 20 failures over many accounts block the IP', async (t) => {
  const z = await app(t);
  await z.members.create({ username: 'real_user', password: TEST_PASSWORD });
  const c = guest(z);
  for (let i = 0; i < 20; i++) assert.equal((await login(c, `spray${i}`, 'password-1')).statusCode, 401);
  const blocked = await login(c, 'real_user');
  assert.equal(blocked.statusCode, 429);
  assert.match(blocked.body, /登录失败次数过多/);
  z.clock.advance(16 * 60_000);
  assert.equal((await login(c, 'real_user')).statusCode, 303);
});

test('a banned member cannot log in and is told why; their old sessions stop working', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const bad = await loginAs(z, 'spammer', 'member');
  assert.equal((await bad.get('/member/')).statusCode, 200);
  await z.members.banMember(bad.member!.id, admin.member!.id, '发布广告', '127.0.0.1');
  const page = await bad.get('/member/');
  assert.equal(page.statusCode, 303);
  assert.match(String(page.headers.location), /^\/member\/login/);
  const res = await login(guest(z), 'spammer');
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /您的账号已被封禁，无法登录。封禁原因：发布广告/);
  // The wrong password tells nothing about the ban.
  const wrong = await login(guest(z), 'spammer', 'wrong-password-1');
  assert.equal(wrong.statusCode, 401);
  assert.doesNotMatch(wrong.body, /封禁/);
});

test('next: same-site paths only', async (t) => {
  const z = await app(t);
  await z.members.create({ username: 'reader1', password: TEST_PASSWORD });
  const cases: Array<[string, string]> = [
    ['/news/12.html', '/news/12.html'],
    ['/member/favorites/?page=2', '/member/favorites/?page=2'],
    ['//evil.example/x', '/member/'],
    ['https://evil.example/', '/member/'],
    ['/\\evil.example', '/member/'],
    ['javascript:alert(1)', '/member/'],
    ['/ok\r\nSet-Cookie: x=1', '/member/'],
  ];
  for (const [next, expected] of cases) {
    const res = await login(guest(z), 'reader1', TEST_PASSWORD, next);
    assert.equal(res.headers.location, expected, next);
  }
  const form = await guest(z).get(`/member/login?next=${encodeURIComponent('/news/12.html')}`);
  assert.match(form.body, /name="next" value="\/news\/12.html"/);
  const evil = await guest(z).get(`/member/login?next=${encodeURIComponent('//evil.example')}`);
  assert.match(evil.body, /name="next" value="\/member\/"/);
  // A member page visited as a guest comes back after logging in.
  const redirected = await guest(z).get('/member/profile');
  assert.equal(redirected.headers.location, `/member/login?next=${encodeURIComponent('/member/profile')}`);
});

test('log out ends the session and clears both cookies', async (t) => {
  const z = await app(t);
  const c = await loginAs(z, 'reader1');
  const forged = await c.post('/member/logout', {}, { headers: { origin: 'https://evil.example' } });
  assert.equal(forged.statusCode, 403, 'a cross-site page cannot log the member out');
  assert.equal((await c.get('/member/me.json')).statusCode, 200);
  const res = await c.post('/member/logout');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/');
  const cookies = String(res.headers['set-cookie']);
  assert.match(cookies, /zx_sid=;/);
  assert.match(cookies, /zx_in=;/);
  assert.equal((await c.get('/member/me.json')).statusCode, 401, 'the old cookie no longer works');
});

test('a log-in or registration that arrives without its CSRF token is not repeated with the password in the page', async (t) => {
  const z = await app(t);
  await z.members.create({ username: 'reader1', password: TEST_PASSWORD });
  const c = guest(z);
  for (const [url, fields] of [
    ['/member/login?next=%2Fmall%2F', { username: 'reader1', password: TEST_PASSWORD }],
    ['/member/register', { username: 'newbie1', password: 'another-secret-99', confirm: 'another-secret-99', email: 'n@example.com' }],
  ] as const) {
    const res = await c.post(url, fields, { withoutToken: true });
    assert.equal(res.statusCode, 200, url);
    assert.ok(res.body.includes('请返回重新填写'), url);
    assert.ok(!res.body.includes(fields.password), `${url}: the password is not in the page`);
    assert.ok(!/type="hidden" name="password"/.test(res.body), url);
    assert.ok(res.body.includes(`href="${url.replace('%2F', '%2F').replace(/&/g, '&amp;')}"`), `${url}: links back to the form`);
    assert.ok(!String(res.headers['set-cookie'] ?? '').includes('zx_sid='), `${url}: nobody logged in`);
  }
  assert.equal(await z.members.byUsername('newbie1'), undefined, 'nobody registered');
  // Back to the page the form was on, query included (a reset link's token), when the browser names it.
  const reset = await c.post(
    '/member/reset',
    { token: 'tok123', password: 'another-secret-99', confirm: 'another-secret-99' },
    { withoutToken: true, headers: { referer: 'http://localhost/member/reset?token=tok123' } },
  );
  assert.ok(reset.body.includes('href="/member/reset?token=tok123"'), 'back to the reset form with its token');
  const foreign = await c.post(
    '/member/login',
    { username: 'reader1', password: TEST_PASSWORD },
    { withoutToken: true, headers: { referer: 'https://evil.example/x' } },
  );
  assert.ok(foreign.body.includes('href="/member/login"') && !foreign.body.includes('evil.example'), 'another site is never the way back');
  // A form without a password still gets the one-click confirmation.
  const other = await c.post('/member/logout', {}, { withoutToken: true });
  assert.ok(other.body.includes('<button type="submit" class="btn primary">确认</button>'));
});
