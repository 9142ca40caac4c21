import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

const auditActions = async (z: TestApp) => (await z.audit.list({ limit: 100, offset: 0 })).items.map((e) => [e.action, e.targetId, e.detail]).reverse();

test('admin pages are for admins only: members and editors get 403, guests are sent to log in; nothing changes', async (t) => {
  const z = await app(t);
  const target = await loginAs(z, 'target1');
  const id = target.member!.id;
  const groupId = (await z.members.groups.defaultGroup()).id;
  const gets = ['/admin/members/', `/admin/members/${id}`, '/admin/member-groups/', `/admin/member-groups/${groupId}`];
  const posts: Array<[string, Record<string, string>]> = [
    [`/admin/members/${id}/role`, { role: 'admin' }],
    [`/admin/members/${id}/group`, { groupId: String(groupId) }],
    [`/admin/members/${id}/ban`, { reason: '测试' }],
    [`/admin/members/${id}/unban`, {}],
    [`/admin/members/${id}/warn`, { warnReason: '测试' }],
    ['/admin/member-groups/', { name: '新组', dailyQuota: '1', minIntervalSec: '1' }],
    [`/admin/member-groups/${groupId}`, { name: '改名', dailyQuota: '1', minIntervalSec: '1' }],
  ];
  for (const role of ['member', 'trusted', 'editor'] as const) {
    const c = await loginAs(z, `${role}_user`, role);
    for (const url of gets) assert.equal((await c.get(url)).statusCode, 403, `${role} GET ${url}`);
    for (const [url, fields] of posts) assert.equal((await c.post(url, fields)).statusCode, 403, `${role} POST ${url}`);
  }
  const g = guest(z);
  for (const url of gets) {
    const res = await g.get(url);
    assert.equal(res.statusCode, 303, `guest GET ${url}`);
    assert.equal(res.headers.location, `/member/login?next=${encodeURIComponent(url)}`);
  }
  for (const [url, fields] of posts) {
    const res = await g.post(url, fields);
    assert.equal(res.statusCode, 303, `guest POST ${url}`);
    assert.match(String(res.headers.location), /^\/member\/login/);
  }
  const row = await z.dbh.db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([row.role, row.status, row.warnings, row.group_id], ['member', 'active', 0, null]);
  assert.deepEqual(
    (await z.members.groups.list()).map((x) => x.name),
    ['普通会员', '可信会员'],
  );
  assert.equal((await z.audit.list({ limit: 10, offset: 0 })).total, 0);
});

test('admin lists members with search by username and pagination', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  for (let i = 1; i <= 24; i++) await z.members.create({ username: `reader_${String(i).padStart(2, '0')}` });
  await z.members.create({ username: 'Zhang_San' });
  await z.members.create({ username: 'zhangxsan' });
  const page1 = await admin.get('/admin/members/');
  assert.equal(page1.statusCode, 200);
  assert.match(page1.body, /共 27 位会员/);
  assert.equal((page1.body.match(/href="\/admin\/members\/\d+"/g) ?? []).length, 20);
  assert.match(page1.body, /href="\/admin\/members\/\?page=2"/);
  const page2 = await admin.get('/admin/members/?page=2');
  assert.equal((page2.body.match(/href="\/admin\/members\/\d+"/g) ?? []).length, 7);
  const search = await admin.get('/admin/members/?q=ZHANG');
  assert.match(search.body, /共 2 位会员/, 'case-insensitive');
  assert.match(search.body, /Zhang_San/);
  const under = await admin.get(`/admin/members/?q=${encodeURIComponent('g_s')}`);
  assert.match(under.body, /共 1 位会员/, '"_" matches itself, not any character');
  const pct = await admin.get(`/admin/members/?q=${encodeURIComponent('%')}`);
  assert.match(pct.body, /共 0 位会员/);
  const xss = await admin.get(`/admin/members/?q=${encodeURIComponent('"><script>x</script>')}`);
  assert.doesNotMatch(xss.body, /<script>x/);
  assert.equal((await admin.get('/admin/members/abc')).statusCode, 404);
  assert.equal((await admin.get('/admin/members/999999')).statusCode, 404);
});

test('admin changes role and group, warns, bans (logging the member out everywhere) and unbans; all audited', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const m = await loginAs(z, 'reader1');
  const other = await loginAs(z, 'reader1');
  const id = m.member!.id;
  const base = `/admin/members/${id}`;
  const groups = await z.members.groups.list();
  const trustedGroup = groups.find((g) => g.name === '可信会员')!;

  assert.deepEqual(await z.members.limitsFor(m.member!), { dailyQuota: 10, minIntervalSec: 60, needsReview: true });
  let res = await admin.post(`${base}/group`, { groupId: String(trustedGroup.id) });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `${base}?ok=group`);
  assert.match((await admin.get(`${base}?ok=group`)).body, /会员组已修改/);
  assert.deepEqual(await z.members.limitsFor(m.member!), { dailyQuota: 30, minIntervalSec: 30, needsReview: false });

  res = await admin.post(`${base}/role`, { role: 'trusted' });
  assert.equal(res.statusCode, 303);
  assert.equal((await z.members.byId(id))?.role, 'trusted');

  res = await admin.post(`${base}/warn`, { warnReason: '标题党' });
  assert.equal(res.statusCode, 200, 'a confirmation step first');
  assert.match(res.body, /确定要警告会员“reader1”吗/);
  assert.ok(res.body.includes('您的账号已被管理员警告，原因：标题党。'), 'the 站内信 to be sent is shown');
  assert.match(res.body, /name="warnReason" value="标题党"/);
  assert.match(res.body, /name="confirm" value="1"/);
  // A reason holding replacement patterns is shown as typed, not expanded.
  const dollars = await admin.post(`${base}/warn`, { warnReason: "价格$&与$'不符" });
  assert.ok(dollars.body.includes('您的账号已被管理员警告，原因：价格$&amp;与$&#39;不符。'), 'shown as typed');
  assert.equal((await z.dbh.db.selectFrom('members').select('warnings').where('id', '=', id).executeTakeFirstOrThrow()).warnings, 0, 'nothing happened yet');
  res = await admin.post(`${base}/warn`, { warnReason: '标题党', confirm: '1' });
  assert.equal(res.statusCode, 303);
  const empty = await admin.post(`${base}/warn`, { warnReason: '  ' });
  assert.equal(empty.statusCode, 422, 'a warning needs a reason');
  assert.match(empty.body, /id="e-warnReason"/);
  assert.match(empty.body, /请填写原因/);
  await admin.post(`${base}/warn`, { warnReason: '刷屏', confirm: '1' });
  const warnings = (await admin.get(base)).body;
  assert.match(warnings, /警告记录/);
  assert.ok(warnings.indexOf('刷屏') < warnings.indexOf('标题党'), 'each warning is listed, newest first, with its reason');
  assert.match(warnings, /<td>admin1<\/td>/, 'and who gave it');
  const row = await z.dbh.db.selectFrom('members').select(['warnings']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.warnings, 2);
  assert.match((await m.get('/member/')).body, /您的账号已被管理员警告 2 次。请遵守<a href="\/page\/terms.html">使用协议<\/a>/, 'the member is told');
  assert.doesNotMatch((await admin.get('/member/')).body, /member-warnings/, 'a member never warned sees no notice');

  res = await admin.post(`${base}/ban`, { reason: '多次发布广告' });
  assert.equal(res.statusCode, 200, 'a confirmation step first');
  assert.match(res.body, /确定要封禁会员“reader1”吗/);
  assert.match(res.body, /name="confirm" value="1"/);
  assert.equal((await z.members.byId(id))?.status, 'active', 'nothing happened yet');
  res = await admin.post(`${base}/ban`, { reason: '多次发布广告', confirm: '1' });
  assert.equal(res.statusCode, 303);
  assert.equal((await z.members.byId(id))?.status, 'banned');
  assert.equal((await m.get('/member/me.json')).statusCode, 401);
  assert.equal((await other.get('/member/me.json')).statusCode, 401);
  const sessions = await z.dbh.db.selectFrom('sessions').select('id_hash').where('member_id', '=', id).execute();
  assert.equal(sessions.length, 0, 'every session row is gone, so an unban does not revive them');
  const detail = await admin.get(base);
  assert.match(detail.body, /已封禁/);
  assert.match(detail.body, /多次发布广告/);
  assert.match(detail.body, /解除封禁/);

  res = await admin.post(`${base}/unban`);
  assert.equal(res.statusCode, 303);
  assert.equal((await z.members.byId(id))?.status, 'active');
  assert.equal((await m.get('/member/me.json')).statusCode, 401, 'unbanning does not bring old sessions back');

  assert.deepEqual(await auditActions(z), [
    ['member.group', id, { from: '普通会员', to: '可信会员' }],
    ['member.role', id, { from: 'member', to: 'trusted' }],
    ['member.warn', id, { reason: '标题党' }],
    ['member.warn', id, { reason: '刷屏' }],
    ['member.ban', id, { reason: '多次发布广告' }],
    ['member.unban', id, {}],
  ]);
  const entry = (await z.audit.list({ limit: 1, offset: 0 })).items[0];
  assert.equal(entry?.actorId, admin.member!.id);
  assert.equal(entry?.ip, '127.0.0.1');
});

test('admin actions with bad input re-render with 422 and change nothing; an admin cannot act on themself', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const m = await loginAs(z, 'reader1');
  const base = `/admin/members/${m.member!.id}`;
  const noReason = await admin.post(`${base}/ban`, { reason: '  ' });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /请填写原因/);
  const badRole = await admin.post(`${base}/role`, { role: 'superuser' });
  assert.equal(badRole.statusCode, 422);
  assert.match(badRole.body, /请选择有效的身份/);
  const badGroup = await admin.post(`${base}/group`, { groupId: '99999' });
  assert.equal(badGroup.statusCode, 422);
  const longWarn = await admin.post(`${base}/warn`, { warnReason: '长'.repeat(201) });
  assert.equal(longWarn.statusCode, 422);
  assert.match(longWarn.body, /id="e-warnReason"/, 'the message sits next to the warn form’s field');
  const self = await admin.post(`/admin/members/${admin.member!.id}/ban`, { reason: '手滑' });
  assert.equal(self.statusCode, 409);
  assert.match(self.body, /不能对自己执行此操作/);
  assert.equal((await admin.post(`/admin/members/${admin.member!.id}/role`, { role: 'member' })).statusCode, 409);
  assert.equal((await admin.post('/admin/members/99999/ban', { reason: 'x' })).statusCode, 404);
  const row = await z.dbh.db.selectFrom('members').selectAll().where('id', '=', m.member!.id).executeTakeFirstOrThrow();
  assert.deepEqual([row.role, row.status, row.warnings, row.group_id], ['member', 'active', 0, null]);
  assert.equal((await z.members.byId(admin.member!.id))?.role, 'admin');
  assert.equal((await z.audit.list({ limit: 10, offset: 0 })).total, 0);
});

test('member groups: list, create, edit, validation; audited; limitsFor follows role and group', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const list = await admin.get('/admin/member-groups/');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /普通会员/);
  assert.match(list.body, /默认组/);

  const created = await admin.post('/admin/member-groups/', { name: '<b>作者</b>', dailyQuota: '50', minIntervalSec: '10', needsReview: '1' });
  assert.equal(created.statusCode, 303);
  const g = (await z.members.groups.list()).find((x) => x.name === '<b>作者</b>')!;
  assert.deepEqual([g.dailyQuota, g.minIntervalSec, g.needsReview, g.isDefault], [50, 10, true, false]);
  assert.match((await admin.get('/admin/member-groups/?ok=created')).body, /&lt;b&gt;作者&lt;\/b&gt;/);

  const dup = await admin.post('/admin/member-groups/', { name: '普通会员', dailyQuota: '1', minIntervalSec: '1' });
  assert.equal(dup.statusCode, 422);
  assert.match(dup.body, /已有同名的会员组/);
  const bad = await admin.post('/admin/member-groups/', { name: '坏组', dailyQuota: '-1', minIntervalSec: 'abc' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /请填写0到1000之间的整数/);
  assert.match(bad.body, /请填写0到86400之间的整数/);
  assert.match(bad.body, /value="坏组"/);
  assert.equal((await z.members.groups.list()).length, 3);

  const edit = await admin.get(`/admin/member-groups/${g.id}`);
  assert.match(edit.body, /value="50"/);
  const saved = await admin.post(`/admin/member-groups/${g.id}`, { name: '专栏作者', dailyQuota: '20', minIntervalSec: '0' });
  assert.equal(saved.statusCode, 303);
  assert.deepEqual(await z.members.groups.byId(g.id), {
    id: g.id,
    createdAt: g.createdAt,
    isDefault: false,
    name: '专栏作者',
    dailyQuota: 20,
    minIntervalSec: 0,
    needsReview: false,
  });
  const clash = await admin.post(`/admin/member-groups/${g.id}`, { name: '可信会员', dailyQuota: '20', minIntervalSec: '0' });
  assert.equal(clash.statusCode, 422);
  assert.equal((await admin.get('/admin/member-groups/99999')).statusCode, 404);
  assert.deepEqual(
    (await auditActions(z)).map((e) => e[0]),
    ['member_group.create', 'member_group.update'],
  );

  const writer = await z.members.create({ username: 'writer1' });
  await z.members.moderation.setGroup(writer.id, { groupId: String(g.id) }, admin.member!.id, '127.0.0.1');
  assert.deepEqual(await z.members.limitsFor(writer), { dailyQuota: 20, minIntervalSec: 0, needsReview: false });
  for (const role of ['trusted', 'editor', 'admin'] as const) {
    const m = await z.members.create({ username: `${role}_1`, role });
    assert.equal((await z.members.limitsFor(m)).needsReview, false, role);
  }
  const plain = await z.members.create({ username: 'plain_1' });
  assert.deepEqual(await z.members.limitsFor(plain), { dailyQuota: 10, minIntervalSec: 60, needsReview: true }, 'no group: the default group');
});

test('making a member 管理员 asks for confirmation first; other roles change at once', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'admin1', 'admin');
  const m = await loginAs(z, 'reader1');
  const base = `/admin/members/${m.member!.id}`;
  const ask = await admin.post(`${base}/role`, { role: 'admin' });
  assert.equal(ask.statusCode, 200);
  assert.match(ask.body, /确定要把会员“reader1”设为管理员吗/);
  assert.equal((await z.members.byId(m.member!.id))?.role, 'member');
  assert.equal((await admin.post(`${base}/role`, { role: 'admin', confirm: '1' })).statusCode, 303);
  assert.equal((await z.members.byId(m.member!.id))?.role, 'admin');
  assert.equal((await admin.post(`${base}/role`, { role: 'editor' })).statusCode, 303);
});
