import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, type Client } from '../../test/session.ts';
import { toNumber } from '../../platform/db/index.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

/** Opens the sign-up form as a browser would and returns its signed form-time field. */
async function openForm(c: Client): Promise<string> {
  const res = await c.get('/member/register');
  assert.equal(res.statusCode, 200);
  const m = /name="_ft" value="([^"]+)"/.exec(res.body);
  assert.ok(m, 'the form carries a signed time field');
  return m[1] as string;
}

const fields = (over: Record<string, string> = {}) => ({
  username: 'xiaowang',
  password: 'qingchuan2026',
  confirm: 'qingchuan2026',
  email: 'XiaoWang@Example.com',
  website: '',
  ...over,
});

/** Opens the form, waits like a person, submits. */
async function register(z: TestApp, c: Client, over: Record<string, string> = {}, waitMs = 4000): Promise<LightMyRequestResponse> {
  const ft = await openForm(c);
  z.clock.advance(waitMs);
  return c.post('/member/register', { ...fields(over), _ft: ft });
}

const memberCount = async (z: TestApp) =>
  toNumber(
    (
      await z.dbh.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
    )?.n,
  );
const sessionCookie = (res: LightMyRequestResponse) => /zx_sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];

test('a visitor registers, lands logged in in the member centre, in the default group', async (t) => {
  const z = await app(t);
  const c = guest(z);
  const res = await register(z, c);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/member/?welcome=new');
  const cookies = String(res.headers['set-cookie']);
  assert.match(cookies, /zx_sid=[^;]+;.*HttpOnly/i);
  assert.match(cookies, /zx_in=1/);
  const m = await z.dbh.db.selectFrom('members').selectAll().where('username', '=', 'xiaowang').executeTakeFirstOrThrow();
  assert.equal(m.email, 'xiaowang@example.com', 'e-mail stored trimmed and lower-cased');
  assert.equal(m.role, 'member');
  assert.notEqual(m.password_hash, 'qingchuan2026');
  assert.match(m.password_hash ?? '', /^scrypt\$/);
  assert.ok(m.last_login_at);
  const groups = await z.members.groups.list();
  assert.deepEqual(
    groups.map((g) => [g.name, g.needsReview, g.dailyQuota, g.minIntervalSec, g.isDefault]),
    [
      ['普通会员', true, 10, 60, true],
      ['可信会员', false, 30, 30, false],
    ],
  );
  assert.equal(m.group_id, groups[0]?.id);
  const home = await z.app.inject({ method: 'GET', url: res.headers.location as string, headers: { cookie: `${c.cookie}; zx_sid=${sessionCookie(res)}` } });
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /xiaowang，欢迎加入！/, 'a new member is welcomed, not welcomed back');
  assert.ok(!home.body.includes('欢迎回来'));
  assert.ok(home.body.includes('<a href="/member/profile">设置昵称和个人简介</a>'));
  const later = await z.app.inject({ method: 'GET', url: '/member/', headers: { cookie: `${c.cookie}; zx_sid=${sessionCookie(res)}` } });
  assert.match(later.body, /xiaowang，欢迎回来/);
});

test('bad input re-renders the form with 422, field messages and what was typed; nothing is written', async (t) => {
  const z = await app(t);
  const c = guest(z);
  await z.members.create({ username: 'laozhang', password: 'laozhang-pass-1', email: 'taken@example.com' });
  const before = await memberCount(z);

  const dup = await register(z, c, { username: 'LaoZhang' });
  assert.equal(dup.statusCode, 422);
  assert.match(dup.body, /用户名「laozhang」已被注册（用户名不区分大小写）/, 'names the existing spelling');
  const exact = await register(z, c, { username: 'laozhang' });
  assert.equal(exact.statusCode, 422);
  assert.match(exact.body, /用户名「laozhang」已被注册/);
  assert.match(dup.body, /value="LaoZhang"/, 'keeps the username typed');
  assert.match(dup.body, /value="XiaoWang@Example.com"/, 'keeps the e-mail typed');
  assert.doesNotMatch(dup.body, /qingchuan2026/, 'never echoes a password');

  const weak = await register(z, c, { password: '12345678', confirm: '12345678' });
  assert.equal(weak.statusCode, 422);
  assert.match(weak.body, /密码太简单/);

  const short = await register(z, c, { password: 'a1b2', confirm: 'a1b2' });
  assert.equal(short.statusCode, 422);
  assert.match(short.body, /密码至少8位/);

  const mismatch = await register(z, c, { confirm: 'qingchuan2027' });
  assert.equal(mismatch.statusCode, 422);
  assert.match(mismatch.body, /两次输入的密码不一致/);

  const email = await register(z, c, { email: 'not-an-address' });
  assert.equal(email.statusCode, 422);
  assert.match(email.body, /请填写有效的电子邮箱/);

  const emailTaken = await register(z, c, { email: 'Taken@example.com' });
  assert.equal(emailTaken.statusCode, 422);
  assert.match(emailTaken.body, /该邮箱已被其他会员使用/);

  // Names that pose as the site or its staff, in any script or letter case, and another member's 昵称.
  for (const username of ['站长', '青川管理员', '官方客服', '站長', 'Admin', 'webmaster2']) {
    const reserved = await register(z, c, { username });
    assert.equal(reserved.statusCode, 422, username);
    assert.match(reserved.body, /该用户名为本站保留/);
  }
  const laozhang = (await z.members.byUsername('laozhang'))!;
  await z.members.accounts.updateProfile(laozhang.id, { displayName: '青川老张', email: 'taken@example.com', bio: '' });
  assert.match((await register(z, c, { username: '青川老张' })).body, /用户名「青川老张」已被其他会员用作昵称/);

  const badName = await register(z, c, { username: '<b>x</b>' });
  assert.equal(badName.statusCode, 422);
  assert.match(badName.body, /value="&lt;b&gt;x&lt;\/b&gt;"/, 'what was typed comes back escaped');

  assert.equal(await memberCount(z), before);
});

test('bots: a filled honeypot, a too-fast or a forged form-time field are refused and write nothing', async (t) => {
  const z = await app(t);
  const c = guest(z);
  const honey = await register(z, c, { website: 'http://spam.example' });
  assert.equal(honey.statusCode, 422);
  assert.match(honey.body, /注册未能完成/);

  // An empty form sent at once is told what is missing (then, filled in too fast, to wait).
  const empty = await c.post('/member/register', { _ft: await openForm(c), username: '', password: '', confirm: '', email: '' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /请填写有效的电子邮箱/);
  assert.doesNotMatch(empty.body, /您填写得太快了/);

  const fast = await register(z, c, {}, 1000);
  assert.equal(fast.statusCode, 422);
  assert.match(fast.body, /您填写得太快了/);
  assert.match(fast.body, /name="_ft" value="\d+\./, 'a fresh form-time field comes with the form');

  const ft = await openForm(c);
  z.clock.advance(5000);
  const [ms] = ft.split('.');
  const forged = await c.post('/member/register', { ...fields(), _ft: `${Number(ms) - 60_000}.${'A'.repeat(43)}` });
  assert.equal(forged.statusCode, 422);
  assert.match(forged.body, /表单已过期/);
  const missing = await c.post('/member/register', fields());
  assert.equal(missing.statusCode, 422);

  const stale = await register(z, c, {}, 25 * 3600_000);
  assert.equal(stale.statusCode, 422, 'a form older than a day is refused');

  assert.equal(await memberCount(z), 0);
  assert.equal((await register(z, c)).statusCode, 303, 'a person taking their time gets through');
});

test('at most five sign-ups per IP and hour', async (t) => {
  const z = await app(t);
  for (let i = 1; i <= 5; i++) {
    const res = await register(z, guest(z), { username: `user${i}x`, email: `user${i}@example.com` });
    assert.equal(res.statusCode, 303, `sign-up ${i}`);
  }
  const sixth = await register(z, guest(z), { username: 'user6x', email: 'user6@example.com' });
  assert.equal(sixth.statusCode, 429);
  assert.match(sixth.body, /同一网络注册过于频繁/);
  assert.equal(await z.members.byUsername('user6x'), undefined);
  z.clock.advance(3600_000);
  assert.equal((await register(z, guest(z), { username: 'user6x', email: 'user6@example.com' })).statusCode, 303, 'allowed again an hour later');
});

test('closed registration: the form and the post say so and write nothing', async (t) => {
  const z = await app(t);
  const c = guest(z);
  const ft = await openForm(c);
  await z.settings.update({ registrationOpen: false });
  const page = await c.get('/member/register');
  assert.equal(page.statusCode, 403);
  assert.match(page.body, /暂时关闭了新会员注册/);
  z.clock.advance(4000);
  const post = await c.post('/member/register', { ...fields(), _ft: ft });
  assert.equal(post.statusCode, 403);
  assert.equal(await memberCount(z), 0);
});

test('a logged-in member opening the sign-up form is sent to the member centre; posts need the CSRF token', async (t) => {
  const z = await app(t);
  const c = guest(z);
  const ft = await openForm(c);
  z.clock.advance(4000);
  const noToken = await c.post('/member/register', { ...fields(), _ft: ft }, { headers: { cookie: 'zx_csrf=abcdefghijklmnopqrstuvwxyz' } });
  assert.notEqual(noToken.statusCode, 303);
  assert.equal(await memberCount(z), 0);
  const res = await c.post('/member/register', { ...fields(), _ft: ft });
  const again = await z.app.inject({ method: 'GET', url: '/member/register', headers: { cookie: `zx_sid=${sessionCookie(res)}` } });
  assert.equal(again.statusCode, 303);
  assert.equal(again.headers.location, '/member/');
});
