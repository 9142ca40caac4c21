import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, TEST_PASSWORD, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

/** Everything these actions may write: compared before and after a refused request. */
async function snapshot(z: TestApp) {
  const db = z.dbh.db;
  return {
    members: await db.selectFrom('members').select(['id', 'username', 'display_name', 'email', 'password_hash', 'group_id', 'role']).orderBy('id').execute(),
    audit: (await z.audit.list({ limit: 1, offset: 0 })).total,
    mails: z.mailer.sent.length,
    notices: (await db.selectFrom('notifications').select('id').execute()).length,
    resets: (await db.selectFrom('password_resets').select('token_hash').execute()).length,
  };
}

const logIn = (z: TestApp, username: string, password: string, next = '/member/') => guest(z).post('/member/login', { username, password, next });
const noticesOf = async (z: TestApp, id: number) =>
  (await z.dbh.db.selectFrom('notifications').select(['body', 'link']).where('member_id', '=', id).orderBy('id').execute()).map((n) => n.body);
const auditPage = async (admin: Client) => (await admin.get('/admin/audit/')).body;

test('the new account actions are for admins only: members, 免审会员 and editors get 403 and nothing changes', async (t) => {
  const z = await app(t);
  const target = await loginAs(z, 'target1');
  const id = target.member!.id;
  const groupId = String((await z.members.groups.defaultGroup()).id);
  const posts: Array<[string, Record<string, string>]> = [
    ['/admin/members/new', { username: 'newbie', role: 'admin', groupId, passwordMode: 'set', password: 'abc12345xyz', confirm: 'abc12345xyz' }],
    [`/admin/members/${id}/password`, { mode: 'mail' }],
    [`/admin/members/${id}/password`, { mode: 'set', password: 'abc12345xyz', confirm: 'abc12345xyz' }],
    [`/admin/members/${id}/profile`, { displayName: '改名', email: 'x@example.com' }],
  ];
  const before = await snapshot(z);
  for (const role of ['member', 'trusted', 'editor'] as const) {
    const c = await loginAs(z, `${role}_user`, role);
    assert.equal((await c.get('/admin/members/new')).statusCode, 403, `${role} GET new`);
    for (const [url, fields] of posts) assert.equal((await c.post(url, fields)).statusCode, 403, `${role} POST ${url}`);
  }
  const after = await snapshot(z);
  assert.deepEqual(after.members.slice(0, before.members.length), before.members);
  assert.equal(after.members.length, before.members.length + 3, 'only the three test users were added');
  assert.deepEqual([after.audit, after.mails, after.notices, after.resets], [0, 0, 0, 0]);
  const g = await guest(z).post('/admin/members/new', posts[0]![1]);
  assert.match(String(g.headers.location), /^\/member\/login/);
});

test('添加会员 with a password the admin sets: the member logs in with it, in the chosen group and 身份; audited as via the console', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const form = await admin.get('/admin/members/new');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /name="passwordMode"/);
  assert.match(form.body, /发送设置密码邮件/);
  const trusted = (await z.members.groups.list()).find((g) => g.name === '可信会员')!;
  const res = await admin.post('/admin/members/new', {
    username: 'Reporter_1',
    displayName: '前方记者',
    email: 'Reporter@Example.com',
    role: 'trusted',
    groupId: String(trusted.id),
    passwordMode: 'set',
    password: 'river-stone-88',
    confirm: 'river-stone-88',
  });
  assert.equal(res.statusCode, 303, res.body);
  const id = Number(/\/admin\/members\/(\d+)\?ok=added$/.exec(String(res.headers.location))?.[1]);
  assert.ok(id > 0);
  assert.match((await admin.get(String(res.headers.location))).body, /会员已创建/);
  const row = await z.dbh.db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(
    [row.username, row.display_name, row.email, row.role, row.group_id],
    ['Reporter_1', '前方记者', 'reporter@example.com', 'trusted', trusted.id],
  );
  assert.equal((await logIn(z, 'Reporter_1', 'river-stone-88')).headers.location, '/member/');
  assert.equal(z.mailer.sent.length, 0);
  const [e] = (await z.audit.list({ action: 'member.create', limit: 5, offset: 0 })).items;
  assert.deepEqual([e?.actorId, e?.targetId, e?.detail], [admin.member!.id, id, { viaConsole: true, role: 'trusted', group: '可信会员', mailed: false }]);
  const log = await auditPage(admin);
  assert.match(log, /创建会员账号/);
  assert.match(log, /经管理后台：是；角色：免审会员；会员组：可信会员；由会员通过邮件设置密码：否/);
});

test('添加会员 with a set-password mail: a link valid a day, no password until the member sets one', async (t) => {
  const z = await app(t);
  let admin = await loginAs(z, 'admin1', 'admin');
  const groupId = String((await z.members.groups.defaultGroup()).id);
  const res = await admin.post('/admin/members/new', { username: 'mailme', email: 'mailme@example.com', role: 'member', groupId, passwordMode: 'mail' });
  assert.equal(res.statusCode, 303, res.body);
  assert.match(String(res.headers.location), /\?ok=added_mailed$/);
  assert.match((await admin.get(String(res.headers.location))).body, /设置密码的邮件已发送/);
  const mail = z.mailer.sent.at(-1)!;
  assert.equal(mail.to, 'mailme@example.com');
  assert.match(mail.text, /用户名：mailme/);
  const link = /http:\/\/[^\s]+\/member\/reset\?token=([\w-]+)/.exec(mail.text);
  assert.ok(link, mail.text);
  const row = await z.dbh.db.selectFrom('members').select(['id', 'password_hash']).where('username', '=', 'mailme').executeTakeFirstOrThrow();
  assert.equal(row.password_hash, null);
  z.clock.advance(20 * 3600_000);
  const set = await guest(z).post('/member/reset', { token: link[1]!, password: 'lake-cloud-77', confirm: 'lake-cloud-77' });
  assert.equal(set.statusCode, 303, 'still valid after 20 hours');
  assert.equal((await logIn(z, 'mailme', 'lake-cloud-77')).statusCode, 303);

  // No mail without an e-mail, nor where this Host may not be put in links: refused, nothing written.
  admin = await loginAs(z, 'admin1', 'admin'); // the earlier session timed out meanwhile
  const before = await snapshot(z);
  const noEmail = await admin.post('/admin/members/new', { username: 'nomail', role: 'member', groupId, passwordMode: 'mail' });
  assert.equal(noEmail.statusCode, 422);
  assert.match(noEmail.body, /发送设置密码邮件需要填写邮箱/);
  const forged = await admin.post(
    '/admin/members/new',
    { username: 'nomail', email: 'n@example.com', role: 'member', groupId, passwordMode: 'mail' },
    { headers: { host: 'evil.example' } },
  );
  assert.equal(forged.statusCode, 422);
  assert.match(forged.body, /无法发送带链接的邮件/);
  assert.doesNotMatch((await admin.get('/admin/members/new', { host: 'evil.example' })).body, /value="mail"/);
  assert.deepEqual(await snapshot(z), before);
});

test('添加会员 refuses bad input with field messages, keeping what was typed; nothing is written', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  await loginAs(z, 'taken_name');
  const groupId = String((await z.members.groups.defaultGroup()).id);
  const ok = { username: 'fresh', displayName: '', email: '', role: 'member', groupId, passwordMode: 'set', password: 'good-pass-42', confirm: 'good-pass-42' };
  const before = await snapshot(z);
  const cases: Array<[Record<string, string>, string, RegExp]> = [
    [{ username: 'a' }, 'username', /用户名/],
    [{ username: 'TAKEN_NAME' }, 'username', /用户名「taken_name」已被注册/],
    [{ email: 'taken_name@example.com' }, 'email', /该邮箱已被其他会员使用/],
    [{ email: 'not-an-email' }, 'email', /有效的电子邮箱/],
    [{ displayName: '本站管理员' }, 'displayName', /保留字样/],
    [{ password: '12345678', confirm: '12345678' }, 'password', /密码太简单/],
    [{ confirm: 'other-pass-42' }, 'confirm', /两次输入的密码不一致/],
    [{ password: 'fresh-pass-1', confirm: 'fresh-pass-1' }, 'password', /密码不能包含用户名/],
    [{ role: 'boss' }, 'role', /请选择有效的身份/],
    [{ groupId: '99999' }, 'groupId', /请选择有效的会员组/],
    [{ passwordMode: '' }, 'passwordMode', /请选择/],
  ];
  for (const [over, field, message] of cases) {
    const res = await admin.post('/admin/members/new', { ...ok, ...over });
    assert.equal(res.statusCode, 422, JSON.stringify(over));
    assert.match(res.body, new RegExp(`id="e-${field}"`), field);
    assert.match(res.body, message, field);
    assert.doesNotMatch(res.body, /good-pass-42/, 'passwords are not sent back');
  }
  assert.match((await admin.post('/admin/members/new', { ...ok, username: 'keep_me', email: 'bad' })).body, /value="keep_me"/);
  assert.deepEqual(await snapshot(z), before);
  // Staff may carry a reserved-looking 昵称 (as on their own profile).
  const editor = await admin.post('/admin/members/new', { ...ok, role: 'editor', displayName: '本站编辑部' });
  assert.equal(editor.statusCode, 303);
});

test('重置密码: the mailed link first; typing a new password ends sessions and tokens; the member gets a 站内信; audited', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const m = await loginAs(z, 'reader1');
  const id = m.member!.id;
  const page = (await admin.get(`/admin/members/${id}`)).body;
  assert.match(page, /发送重设密码邮件/);
  assert.match(page, /<details>/, 'typing a password is folded away while mail works');

  let res = await admin.post(`/admin/members/${id}/password`, { mode: 'mail' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/admin/members/${id}?ok=reset_mailed#password`);
  assert.equal(z.mailer.sent.at(-1)?.to, 'reader1@example.com');
  assert.match(z.mailer.sent.at(-1)!.text, /\/member\/reset\?token=/);
  assert.equal((await m.get('/member/')).statusCode, 200, 'a mailed link logs nobody out');
  assert.deepEqual(await noticesOf(z, id), ['管理员已向您的邮箱发送了重设密码的邮件，请在1小时内按邮件中的链接设置新密码。']);

  await z.members.createToken('reader1');
  const before = await snapshot(z);
  for (const bad of [
    { password: 'short1', confirm: 'short1' },
    { password: 'long-enough-1', confirm: 'different-2' },
    { password: 'reader1-pass', confirm: 'reader1-pass' },
  ]) {
    const r = await admin.post(`/admin/members/${id}/password`, { mode: 'set', ...bad });
    assert.equal(r.statusCode, 422, JSON.stringify(bad));
    assert.match(r.body, /<details open/);
  }
  assert.equal((await admin.post(`/admin/members/${id}/password`, { mode: 'other' })).statusCode, 422);
  assert.equal((await admin.post(`/admin/members/${admin.member!.id}/password`, { mode: 'mail' })).statusCode, 409, 'not on oneself');
  assert.equal((await admin.post('/admin/members/999999/password', { mode: 'mail' })).statusCode, 404);
  assert.deepEqual(await snapshot(z), before);

  res = await admin.post(`/admin/members/${id}/password`, { mode: 'set', password: 'new-secret-55', confirm: 'new-secret-55' });
  assert.equal(res.statusCode, 303);
  assert.match((await admin.get(String(res.headers.location))).body, /新密码已设置/);
  assert.equal((await m.get('/member/')).statusCode, 303, 'the old session ended');
  assert.equal((await logIn(z, 'reader1', TEST_PASSWORD)).statusCode, 401);
  assert.equal((await logIn(z, 'reader1', 'new-secret-55')).statusCode, 303);
  assert.equal((await z.members.tokens.list(id)).length, 0, 'API tokens revoked');
  assert.equal((await noticesOf(z, id)).length, 2);
  const entries = (await z.audit.list({ action: 'member.password_reset', limit: 5, offset: 0 })).items.map((e) => e.detail);
  assert.deepEqual(entries, [{ mailed: false }, { mailed: true }]);
  assert.match(await auditPage(admin), /重置会员密码/);

  // A member without an e-mail: no mail button, the typing form open at once; a mail request is refused.
  const bare = await z.members.create({ username: 'nomail1', password: 'whatever-1' });
  const barePage = (await admin.get(`/admin/members/${bare.id}`)).body;
  assert.doesNotMatch(barePage, /value="mail"/);
  assert.match(barePage, /<details open/);
  const refused = await admin.post(`/admin/members/${bare.id}/password`, { mode: 'mail' });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /没有填写邮箱/);
});

test('昵称 and e-mail edited by an admin under the profile rules; the member and the old address are told; audited', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const m = await loginAs(z, 'reader1');
  const id = m.member!.id;
  await z.members.create({ username: 'other1', displayName: '老王', email: 'other1@example.com' });
  const url = `/admin/members/${id}/profile`;
  const before = await snapshot(z);
  const cases: Array<[Record<string, string>, string, RegExp]> = [
    [{ displayName: '老王', email: 'reader1@example.com' }, 'displayName', /该昵称已被其他会员使用/],
    [{ displayName: 'OTHER1', email: 'reader1@example.com' }, 'displayName', /该昵称已被其他会员使用/],
    [{ displayName: '官方客服', email: 'reader1@example.com' }, 'displayName', /保留字样/],
    [{ displayName: '', email: 'reader1@example.com' }, 'displayName', /昵称为1到32个字/],
    [{ displayName: '读者', email: 'other1@example.com' }, 'email', /该邮箱已被其他会员使用/],
    [{ displayName: '读者', email: 'nope' }, 'email', /有效的电子邮箱/],
    [{ displayName: '读者', email: '' }, 'email', /有效的电子邮箱/],
  ];
  for (const [fields, field, message] of cases) {
    const res = await admin.post(url, fields);
    assert.equal(res.statusCode, 422, JSON.stringify(fields));
    assert.match(res.body, new RegExp(`id="e-${field}"`));
    assert.match(res.body, message);
  }
  assert.deepEqual(await snapshot(z), before);
  assert.equal(
    (await admin.post(url, { displayName: 'reader1', email: 'reader1@example.com' })).headers.location,
    `/admin/members/${id}?ok=profile_same#profile`,
  );
  assert.deepEqual(await snapshot(z), before, 'no change, no entry');

  const res = await admin.post(url, { displayName: '热心读者', email: 'New@Example.com' });
  assert.equal(res.statusCode, 303);
  assert.match((await admin.get(String(res.headers.location))).body, /资料已修改/);
  const row = await z.dbh.db.selectFrom('members').select(['display_name', 'email']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { display_name: '热心读者', email: 'new@example.com' });
  assert.deepEqual(await noticesOf(z, id), [
    '管理员已将您的昵称修改为“热心读者”。',
    '管理员已将您的账号邮箱修改为 new@example.com。如曾开启站内信邮件提醒，需要在“站内信”页面重新开启（会向新邮箱发送确认邮件）。',
  ]);
  assert.equal(z.mailer.sent.at(-1)?.to, 'reader1@example.com', 'the old address is told');
  assert.match(z.mailer.sent.at(-1)!.text, /n\*\*\*@example\.com/);
  const log = await auditPage(admin);
  assert.match(log, /修改会员昵称或邮箱/);
  assert.match(log, /昵称：（修改前：reader1，修改后：热心读者）；邮箱：（修改前：reader1@example\.com，修改后：new@example\.com）/);
  // A staff member may keep a reserved-looking 昵称; no editing oneself here.
  const ed = await loginAs(z, 'editor1', 'editor');
  assert.equal((await admin.post(`/admin/members/${ed.member!.id}/profile`, { displayName: '编辑部小李', email: 'editor1@example.com' })).statusCode, 303);
  assert.equal((await admin.post(`/admin/members/${admin.member!.id}/profile`, { displayName: 'x', email: 'admin1@example.com' })).statusCode, 409);
});

test('member list filters combine (身份, 状态, 会员组, username/昵称/e-mail) and pages keep them', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const trusted = (await z.members.groups.list()).find((g) => g.name === '可信会员')!;
  const def = await z.members.groups.defaultGroup();
  for (let i = 1; i <= 23; i++) {
    const m = await z.members.create({ username: `w_${String(i).padStart(2, '0')}`, role: i % 2 ? 'trusted' : 'member', email: `w${i}@corp.example` });
    if (i <= 22) await z.dbh.db.updateTable('members').set({ group_id: trusted.id }).where('id', '=', m.id).execute();
    if (i === 3) await z.dbh.db.updateTable('members').set({ status: 'banned' }).where('id', '=', m.id).execute();
  }
  await z.members.create({ username: 'plain', displayName: '张_三%', email: 'zhang@news.example' });
  const count = async (qs: string) => Number(/共 (\d+) 位会员/.exec((await admin.get(`/admin/members/?${qs}`)).body)?.[1]);
  assert.equal(await count('role=trusted'), 12);
  assert.equal(await count(`role=trusted&group=${trusted.id}`), 11);
  assert.equal(await count(`role=trusted&group=${trusted.id}&status=banned`), 1);
  assert.equal(await count(`role=trusted&group=${trusted.id}&status=active`), 10);
  assert.equal(await count(`group=${def.id}`), 3, 'the default group holds members without a group (admin1, w_23, plain)');
  assert.equal(await count(`q=${encodeURIComponent('张_三')}`), 1, 'by 昵称');
  assert.equal(await count(`q=${encodeURIComponent('_三%')}`), 1, 'wildcards match themselves');
  assert.equal(await count(`q=${encodeURIComponent('张%三')}`), 0);
  assert.equal(await count('q=ZHANG@news'), 1, 'e-mail by its beginning, ignoring case');
  assert.equal(await count('q=news.example'), 0, 'not in the middle of an address');
  assert.equal(await count('q=w5%40corp.example'), 1, 'the whole address');
  assert.equal(await count('role=nonsense&status=x&group=abc'), 25, 'unknown choices mean any');
  const page1 = (await admin.get(`/admin/members/?q=w_&role=trusted&group=${trusted.id}&status=active`)).body;
  assert.match(page1, /共 10 位会员/);
  const all = (await admin.get(`/admin/members/?q=w_&group=${trusted.id}`)).body;
  assert.match(all, /共 22 位会员/);
  assert.ok(all.includes(`href="/admin/members/?q=w_&amp;group=${trusted.id}&amp;page=2"`), 'the next page keeps the filters');
  assert.match((await admin.get(`/admin/members/?q=w_&group=${trusted.id}&page=2`)).body, /w_0[12]/);
  assert.match(all, /<option value="trusted">免审会员<\/option>/);
  assert.match(all, /注册时间/);
  assert.match(all, /最近登录/);
  assert.match(all, /href="\/admin\/members\/new"/);
});

test('身份 免审会员 and 会员组 可信会员 are told apart on the member and group pages', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const m = await loginAs(z, 'reader1', 'trusted');
  const page = (await admin.get(`/admin/members/${m.member!.id}`)).body;
  assert.match(page, /<dd>免审会员<\/dd>/);
  assert.match(page, /“身份”决定能做什么/);
  assert.match((await admin.get('/admin/member-groups/')).body, /它与会员页上的“身份”是两项设置/);
});

test('a member logging in with next=/admin/… lands in the member centre; staff go where they asked', async (t) => {
  const z = await app(t);
  await loginAs(z, 'reader1');
  await loginAs(z, 'editor1', 'editor');
  const next = '/admin/articles/?status=draft';
  assert.equal((await logIn(z, 'reader1', TEST_PASSWORD, next)).headers.location, '/member/');
  assert.equal((await logIn(z, 'reader1', TEST_PASSWORD, '/admin')).headers.location, '/member/');
  assert.equal((await logIn(z, 'reader1', TEST_PASSWORD, '/administration-news.html')).headers.location, '/administration-news.html');
  assert.equal((await logIn(z, 'editor1', TEST_PASSWORD, next)).headers.location, next);
  const member = await loginAs(z, 'reader1');
  assert.equal((await member.get(`/member/login?next=${encodeURIComponent(next)}`)).headers.location, '/member/');
});

test("the comment form's log-in link says why (登录后即可发表评论)", async (t) => {
  const z = await app(t);
  const a = await makeArticle(z, { category: (await makeCategory(z)).slug, title: '青川大桥今日通车' });
  const page = (await guest(z).get(`/news/${a.id}.html`)).body;
  const href = /href="(\/member\/login\?next=[^"]*)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(href?.endsWith('&why=comment'), href);
  assert.match((await guest(z).get(href!)).body, /登录后即可发表评论/);
});
