import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, TEST_PASSWORD } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

const XSS_NAME = '<script>alert(1)</script>';
const XSS_BIO = '"><img src=x onerror=alert(2)> javascript:alert(3) <svg onload=alert(4)>';

test('profile: edit, saved, and shown escaped everywhere it appears', async (t) => {
  const z = await app(t);
  const me = await loginAs(z, 'reader1');
  const form = await me.get('/member/profile');
  assert.equal(form.statusCode, 200);
  assert.equal(form.headers['cache-control'], 'no-store');
  assert.match(form.body, /value="reader1@example.com"/);

  const res = await me.post('/member/profile', { displayName: XSS_NAME, email: 'New@Example.com', bio: XSS_BIO, current: TEST_PASSWORD });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/member/profile?saved=1');
  const row = await z.dbh.db.selectFrom('members').selectAll().where('id', '=', me.member!.id).executeTakeFirstOrThrow();
  assert.equal(row.display_name, XSS_NAME, 'stored as typed (it is plain text)');
  assert.equal(row.email, 'new@example.com');

  const admin = await loginAs(z, 'admin1', 'admin');
  const pages = [
    (await me.get('/member/profile?saved=1')).body,
    (await me.get('/member/')).body,
    (await admin.get(`/admin/members/${me.member!.id}`)).body,
    (await admin.get('/admin/members/')).body,
  ];
  for (const body of pages) {
    assert.doesNotMatch(body, /<script>alert/);
    assert.doesNotMatch(body, /<img src=x/);
    assert.doesNotMatch(body, /<svg onload/);
    assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  }
  assert.match(pages[0]!, /个人资料已保存/);
  assert.match(pages[0]!, /&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;/);
  assert.deepEqual((await me.get('/member/me.json')).json().displayName, XSS_NAME, 'JSON carries the text; site.js sets it with textContent');
});

test('profile: bad input re-renders with 422 and what was typed; nothing is written; e-mail stays unique', async (t) => {
  const z = await app(t);
  const me = await loginAs(z, 'reader1');
  const r2 = await loginAs(z, 'reader2');
  // Names others hold, compared folded (spaces, full-width and letter case ignored): same on both databases.
  await z.members.accounts.updateProfile(r2.member!.id, { displayName: '老王', email: 'reader2@example.com', bio: '' });
  const r3 = await loginAs(z, 'reader3');
  await z.members.accounts.updateProfile(r3.member!.id, { displayName: 'émile王', email: 'reader3@example.com', bio: '' });
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ displayName: '', email: 'a@example.com', bio: '' }, /昵称为1到32个字/],
    [{ displayName: '名'.repeat(33), email: 'a@example.com', bio: '' }, /昵称为1到32个字/],
    [{ displayName: '小王', email: 'nope', bio: '' }, /请填写有效的电子邮箱/],
    [{ displayName: '小王', email: 'a@example.com', bio: '长'.repeat(501) }, /个人简介不能超过500字/],
    [{ displayName: '小王', email: 'READER2@example.com', bio: '' }, /该邮箱已被其他会员使用/],
    [{ displayName: 'a\u202eb', email: 'a@example.com', bio: '' }, /昵称不能含有看不见的字符/],
    [{ displayName: '站长', email: 'a@example.com', bio: '' }, /昵称不能含“站长”“管理员”“官方”“客服”等本站保留字样/],
    [{ displayName: '青川 官方', email: 'a@example.com', bio: '' }, /本站保留字样/],
    [{ displayName: 'ADMIN', email: 'a@example.com', bio: '' }, /本站保留字样/],
    [{ displayName: 'Reader2', email: 'a@example.com', bio: '' }, /该昵称已被其他会员使用/],
    [{ displayName: '老 王', email: 'a@example.com', bio: '' }, /该昵称已被其他会员使用/],
    [{ displayName: 'ÉMILE 王', email: 'a@example.com', bio: '' }, /该昵称已被其他会员使用/],
  ];
  for (const [fields, message] of cases) {
    const res = await me.post('/member/profile', fields);
    assert.equal(res.statusCode, 422, JSON.stringify(fields));
    assert.match(res.body, message);
    if (fields.email === 'nope') assert.match(res.body, /value="nope"/);
  }
  const row = await z.dbh.db.selectFrom('members').selectAll().where('id', '=', me.member!.id).executeTakeFirstOrThrow();
  assert.equal(row.display_name, 'reader1');
  assert.equal(row.email, 'reader1@example.com');
  // The site's own staff may sign as it.
  const admin = await loginAs(z, 'boss', 'admin');
  assert.equal((await admin.post('/member/profile', { displayName: '站长', email: 'boss@example.com', bio: '' })).statusCode, 303);
});

test('a member edits only their own profile; a forged id in the form changes nobody else', async (t) => {
  const z = await app(t);
  const a = await loginAs(z, 'reader1');
  const b = await loginAs(z, 'reader2');
  await a.post('/member/profile', {
    id: String(b.member!.id),
    username: 'reader2',
    displayName: '甲',
    email: 'a@example.com',
    bio: '',
    current: TEST_PASSWORD,
  });
  const rows = await z.dbh.db.selectFrom('members').select(['username', 'display_name']).orderBy('id').execute();
  assert.deepEqual(
    rows.map((r) => [r.username, r.display_name]),
    [
      ['reader1', '甲'],
      ['reader2', 'reader2'],
    ],
  );
  const profileB = await b.get('/member/profile');
  assert.doesNotMatch(profileB.body, /a@example\.com/);
});

test('a display-name change purges the cached author page', async (t) => {
  const z = await app(t);
  const me = await loginAs(z, 'reader1');
  const cat = await makeCategory(z);
  await makeArticle(z, { category: cat.slug, author: 'reader1' });
  const first = await guest(z).get('/author/reader1/');
  assert.equal(first.statusCode, 200);
  assert.equal((await guest(z).get('/author/reader1/')).headers['x-cache'], 'HIT');
  await me.post('/member/profile', { displayName: '青川小王', email: 'reader1@example.com', bio: '' });
  const after = await guest(z).get('/author/reader1/');
  assert.equal(after.headers['x-cache'], 'MISS');
  assert.match(after.body, /青川小王/);
});

test('member centre home: welcome, my article counts by status, links; guests go to log in', async (t) => {
  const z = await app(t);
  const me = await loginAs(z, 'reader1');
  const cat = await makeCategory(z);
  await makeArticle(z, { category: cat.slug, author: 'reader1' });
  await makeArticle(z, { category: cat.slug, author: 'reader1', status: 'pending' });
  await makeArticle(z, { category: cat.slug, author: 'reader1', status: 'pending' });
  await makeArticle(z, { category: cat.slug, author: 'someone_else', status: 'pending' });
  const home = await me.get('/member/');
  assert.equal(home.statusCode, 200);
  assert.equal(home.headers['cache-control'], 'no-store');
  assert.match(home.body, /reader1，欢迎回来/);
  const count = (label: string) => new RegExp(`stat-n">(\\d+)</span><span class="stat-label">${label}<`).exec(home.body)?.[1];
  assert.deepEqual([count('待审核'), count('已发布'), count('未通过'), count('草稿')], ['2', '1', '0', '0']);
  assert.match(home.body, /会员组：普通会员/);
  for (const href of [
    '/member/articles/',
    '/member/articles/new',
    '/member/favorites/',
    '/member/comments/',
    '/member/reports/',
    '/member/profile',
    '/member/password',
  ])
    assert.ok(home.body.includes(`href="${href}"`), href);
  const g = await guest(z).get('/member/');
  assert.equal(g.statusCode, 303);
  assert.equal(g.headers.location, `/member/login?next=${encodeURIComponent('/member/')}`);
});

test('a new e-mail needs the current password, and the old address is told where it went', async (t) => {
  const z = await app(t);
  const me = await loginAs(z, 'reader1');
  const email = async () => (await z.dbh.db.selectFrom('members').select('email').where('id', '=', me.member!.id).executeTakeFirstOrThrow()).email;
  // Someone holding only the session cannot point password resets at their own mailbox.
  const none = await me.post('/member/profile', { displayName: 'reader1', email: 'thief@evil.example', bio: '' });
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /修改邮箱需要输入当前密码/);
  const wrong = await me.post('/member/profile', { displayName: 'reader1', email: 'thief@evil.example', bio: '', current: 'not-the-password-1' });
  assert.equal(wrong.statusCode, 422);
  assert.doesNotMatch(wrong.body, /not-the-password-1/, 'a typed password is never echoed back');
  assert.equal(await email(), 'reader1@example.com');
  assert.equal(z.mailer.sent.length, 0);
  // Other fields save without it.
  assert.equal((await me.post('/member/profile', { displayName: '青川读者', email: 'reader1@example.com', bio: '你好' })).statusCode, 303);

  const ok = await me.post('/member/profile', { displayName: '青川读者', email: 'New.Home@example.com', bio: '', current: TEST_PASSWORD });
  assert.equal(ok.statusCode, 303);
  assert.equal(await email(), 'new.home@example.com');
  const notice = z.mailer.sent.at(-1);
  assert.equal(notice?.to, 'reader1@example.com', 'the old address is told');
  assert.match(notice?.text ?? '', /n\*\*\*@example\.com/);
  assert.doesNotMatch(notice?.text ?? '', /new\.home@/, 'the new address is masked');
});
