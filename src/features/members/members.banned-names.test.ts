import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.bannedWords.add('代开发票');
  await z.bannedWords.add('法轮');
  return z;
}

/** Opens the sign-up form, waits like a person, submits. */
async function register(z: TestApp, c: Client, username: string) {
  const ft = /name="_ft" value="([^"]+)"/.exec((await c.get('/member/register')).body)?.[1] ?? '';
  z.clock.advance(4000);
  return c.post('/member/register', { username, password: 'qingchuan2026', confirm: 'qingchuan2026', email: `${username.length}x@example.com`, _ft: ft });
}

const memberRow = (z: TestApp, id: number) =>
  z.dbh.db.selectFrom('members').select(['display_name', 'display_key', 'email', 'bio']).where('id', '=', id).executeTakeFirstOrThrow();

test('sign-up refuses a username with a 违禁词 (folded forms too), without naming the word; nothing is written', async (t) => {
  const z = await app(t);
  const count = async () => (await z.dbh.db.selectFrom('members').select('id').execute()).length;
  const before = await count();
  // As listed, in Traditional characters, and inside a longer name.
  for (const name of ['代开发票小王', '代開發票', '小王法轮王']) {
    const res = await register(z, guest(z), name);
    assert.equal(res.statusCode, 422, name);
    assert.match(res.body, /id="e-username"[^>]*>用户名含有本站不允许使用的词语（违禁词），请换一个/);
    // What was typed stays in the field; the page says nothing more about which word matched.
    assert.match(res.body, new RegExp(`name="username" type="text" value="${name}"`));
    assert.doesNotMatch(res.body.replace(/value="[^"]*"/g, ''), /代开发票|法轮/, `${name}: the matched word is not named`);
    assert.equal(String(res.headers['set-cookie'] ?? '').includes('zx_sid='), false, 'not logged in');
  }
  assert.equal(await count(), before, 'no account created');
  const ok = await register(z, guest(z), '发票达人');
  assert.equal(ok.statusCode, 303, 'a name merely near a listed word is fine');
});

test('a member’s own 昵称 with a 违禁词 is refused and nothing of the form is saved; other changes still go through', async (t) => {
  const z = await app(t);
  const me = await loginAs(z, 'reader1');
  const id = me.member!.id;
  const before = await memberRow(z, id);
  const res = await me.post('/member/profile', { displayName: '代 开 发 票', email: 'reader1@example.com', bio: '新的个人简介' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /昵称含有本站不允许使用的词语（违禁词），请换一个/);
  assert.match(res.body, /新的个人简介/, 'what was typed comes back');
  assert.deepEqual(await memberRow(z, id), before, 'neither the name nor the bio was written');

  // A character that prints as nothing (word joiner) is refused on its own, before any word check.
  const hidden = await me.post('/member/profile', { displayName: '代\u2060开发票', email: 'reader1@example.com', bio: '' });
  assert.equal(hidden.statusCode, 422);
  assert.match(hidden.body, /昵称不能含有看不见的字符/);
  assert.deepEqual(await memberRow(z, id), before);

  const ok = await me.post('/member/profile', { displayName: '青川读者', email: 'reader1@example.com', bio: '新的个人简介' });
  assert.equal(ok.statusCode, 303);
  assert.equal((await memberRow(z, id)).display_name, '青川读者');
});

test('a member’s 个人简介 with a 违禁词 is refused like the 昵称: nothing written, the author page keeps the old one', async (t) => {
  const z = await app(t);
  await z.bannedWords.add('赌博');
  const me = await loginAs(z, 'reader1');
  const id = me.member!.id;
  assert.equal((await me.post('/member/profile', { displayName: 'reader1', email: 'reader1@example.com', bio: '爱读新闻' })).statusCode, 303);
  const before = await memberRow(z, id);
  const res = await me.post('/member/profile', { displayName: '新昵称', email: 'reader1@example.com', bio: '我的简介有赌博' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /id="e-bio"[^>]*>个人简介含有本站不允许使用的词语（违禁词），请修改/);
  assert.match(res.body, /我的简介有赌博<\/textarea>/, 'what was typed comes back to be edited');
  assert.deepEqual(await memberRow(z, id), before, 'neither the bio nor the 昵称 was written');
  const author = await guest(z).get('/author/reader1/');
  assert.doesNotMatch(author.body, /赌博/);
  assert.match(author.body, /爱读新闻/);
  // Folded forms too (Traditional characters), and a clean bio is saved.
  assert.equal((await me.post('/member/profile', { displayName: 'reader1', email: 'reader1@example.com', bio: '我的簡介有賭博' })).statusCode, 422);
  assert.equal((await me.post('/member/profile', { displayName: 'reader1', email: 'reader1@example.com', bio: '喜欢体育新闻' })).statusCode, 303);
  assert.equal((await memberRow(z, id)).bio, '喜欢体育新闻');
});

test('staff changing a member’s 昵称 in 会员管理 are warned about a 违禁词, and the change is saved', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const m = await loginAs(z, 'reader1');
  const url = `/admin/members/${m.member!.id}/profile`;
  const res = await admin.post(url, { displayName: '代开发票', email: 'reader1@example.com' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/admin/members/${m.member!.id}?ok=profile_banned#profile`);
  assert.equal((await memberRow(z, m.member!.id)).display_name, '代开发票');
  assert.match((await admin.get(String(res.headers.location))).body, /注意：新昵称含有违禁词/);
  // A clean name: the plain flash.
  const clean = await admin.post(url, { displayName: '热心读者', email: 'reader1@example.com' });
  assert.equal(clean.headers.location, `/admin/members/${m.member!.id}?ok=profile#profile`);
});

test('a trusted member sees 认证会员 in the member centre; the console keeps 免审会员', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const trusted = await loginAs(z, 'trusted1', 'trusted');
  const home = (await trusted.get('/member/')).body;
  assert.match(home, /会员身份：认证会员/);
  assert.match(home, /投稿无需等待审核/);
  assert.doesNotMatch(home, /免审/);
  const plain = (await (await loginAs(z, 'reader1')).get('/member/')).body;
  assert.match(plain, /会员身份：普通会员/);
  assert.doesNotMatch(plain, /投稿无需等待审核/);
  const admin = await loginAs(z, 'admin1', 'admin');
  assert.match((await admin.get(`/admin/members/${trusted.member!.id}`)).body, /免审会员/);
});
