import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return z;
}

async function submit(m: Client, title: string): Promise<number> {
  const r = await m.post('/member/articles/new', {
    title,
    category: 'local',
    summary: '',
    body: '<p>青川新开一条公交线路，连接高铁站和老城区。</p>',
    tags: '公交',
    source: '',
    op: 'submit',
  });
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  return Number(/id=(\d+)/.exec(r.headers.location as string)?.[1]);
}

/** The member centre's 站内信 list, as text with tags removed. */
async function inbox(m: Client): Promise<string> {
  const r = await m.get('/member/notifications/');
  assert.equal(r.statusCode, 200);
  return r.body;
}

test('an author hears of review decisions in 站内信: unread count in the menu, opened to the article, marked read', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const rejected = await submit(alice, '一篇会被退回的投稿');
  z.clock.advance(5 * 60_000); // past the minimum interval between submissions
  const approved = await submit(alice, '一篇会通过的投稿');
  assert.ok((await inbox(alice)).includes('暂时没有消息'));

  assert.equal((await editor.post(`/admin/review/${rejected}/reject`, { reason: '缺少消息来源' })).statusCode, 303);
  const form = {
    title: '一篇会通过的投稿',
    category: 'local',
    summary: '',
    body: '<p>青川新开一条公交线路。</p>',
    tags: '公交',
    source: '',
    recommendLevel: '0',
    publishAt: '',
    op: 'approve',
  };
  assert.equal((await editor.post(`/admin/review/${approved}/approve`, form)).statusCode, 303);

  const list = await inbox(alice);
  assert.ok(list.includes('您的投稿《一篇会被退回的投稿》未通过审核：缺少消息来源'), 'the rejection and its reason');
  assert.ok(list.includes('您的投稿《一篇会通过的投稿》已通过审核并发布。'));
  assert.ok(list.includes('站内信（2）'), 'the member centre menu counts the unread');
  assert.ok((await alice.get('/member/')).body.includes('站内信（2）'), 'on every member page');

  const newest = (await z.notifications.list(alice.member!.id, 1, 10)).items[0]!;
  const open = await alice.get(`/member/notifications/${newest.id}`);
  assert.equal(open.statusCode, 303);
  assert.equal(open.headers.location, `/news/${approved}.html`, 'opening the approval goes to the published article');
  assert.ok((await inbox(alice)).includes('站内信（1）'), 'opened means read');

  // Someone else's message is not there for bob, neither to open nor to delete.
  const bob = await loginAs(z, 'bob');
  assert.equal((await bob.get(`/member/notifications/${newest.id}`)).statusCode, 404);
  assert.equal((await bob.post('/member/notifications/delete', { id: String(newest.id) })).statusCode, 404);
  assert.equal((await z.notifications.list(alice.member!.id, 1, 10)).total, 2);

  assert.equal((await alice.post('/member/notifications/read-all')).statusCode, 303);
  const after = await inbox(alice);
  assert.ok(after.includes('没有未读消息') && !after.includes('站内信（'), 'all read');
  assert.equal((await alice.post('/member/notifications/delete', { id: String(newest.id) })).statusCode, 303);
  assert.equal((await z.notifications.list(alice.member!.id, 1, 10)).total, 1);
  assert.equal((await alice.get('/member/notifications/?page=2')).statusCode, 404);
  // Without the CSRF token nothing changes (the site asks the member to confirm instead).
  const last = (await z.notifications.list(alice.member!.id, 1, 10)).items[0]!;
  const forged = await alice.post('/member/notifications/delete', { id: String(last.id) }, { withoutToken: true });
  assert.notEqual(forged.statusCode, 303);
  assert.equal((await z.notifications.list(alice.member!.id, 1, 10)).total, 1);
});

test('staff taking down an article or removing a comment tell its author; the author acting on their own does not', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const admin = await loginAs(z, 'boss', 'admin');
  const a = await makeArticle(z, { category: 'local', author: 'alice', title: '青川港二期工程今日开工' });
  await alice.post(`/news/${a.id}/comments`, { body: '期待早日建成' });
  const [c] = (await z.comments.forArticle(a.id, 'newest', 1, 10)).items;
  assert.equal((await admin.post('/admin/comments/moderate', { action: `hide:${c!.id}` })).statusCode, 303);
  await z.articles.update(a.id, { status: 'rejected' }, admin.member!.id, { rejectReason: '经举报核实，本文已下架' });

  const list = await inbox(alice);
  assert.ok(list.includes('您在《青川港二期工程今日开工》下的评论已被管理员隐藏。'), 'the hidden comment');
  assert.ok(list.includes('您的文章《青川港二期工程今日开工》已下架：经举报核实，本文已下架'), 'the take-down and why');

  const own = await makeArticle(z, { category: 'local', author: 'alice', title: '作者自己撤下的文章' });
  await z.articles.update(own.id, { status: 'draft' }, alice.member!.id);
  assert.ok(!(await inbox(alice)).includes('作者自己撤下的文章'), 'no message for what the author did');
});

test('reporters hear the outcome with staff note, and a warned author hears why', async (t) => {
  const z = await setup(t);
  const author = await loginAs(z, 'writer');
  const a = await makeArticle(z, { category: 'local', author: 'writer', title: '一篇被举报的文章' });
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  for (const m of [alice, bob]) await m.post('/report/', { article: String(a.id), reason: 'false_info', description: '' });
  const editor = await loginAs(z, 'ed', 'editor');
  const ids = (await z.dbh.db.selectFrom('reports').select('id').orderBy('id').execute()).map((x) => x.id);
  // upTo: the newest report the moderator's page showed (both reports here).
  const decision = { decision: 'resolve', hide: '1', warn: '1', note: '内容不实，已下线', confirm: '1', upTo: String(ids.at(-1)) };
  assert.equal((await editor.post(`/admin/reports/${ids[0]}`, decision)).statusCode, 303);
  for (const m of [alice, bob]) assert.ok((await inbox(m)).includes('您对“一篇被举报的文章”的举报已处理：经核实，已按规定处理。管理员说明：内容不实，已下线'));
  const told = await inbox(author);
  assert.ok(told.includes('您发布的文章“一篇被举报的文章”经举报核实违反本站规定（不实信息），已被下架，您的账号已被警告。'), 'the warning');
  assert.ok(!told.includes('管理员说明'), "staff's note to the reporters is not shown to the author");
});

test('a notification keeps only a link on this site, and its text is escaped', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  await z.notifications.send(alice.member!.id, { kind: 'points.adjusted', body: '<script>alert(1)</script>积分已调整', link: 'https://evil.example/' });
  const [n] = (await z.notifications.list(alice.member!.id, 1, 10)).items;
  assert.equal(n!.link, '');
  const list = await inbox(alice);
  assert.ok(list.includes('&lt;script&gt;alert(1)&lt;/script&gt;积分已调整') && !list.includes('<script>alert(1)'));
  assert.equal((await alice.get(`/member/notifications/${n!.id}`)).headers.location, '/member/notifications/');
});

test('a member warned from the member admin page is told why', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const admin = await loginAs(z, 'boss', 'admin');
  assert.equal((await admin.post(`/admin/members/${alice.member!.id}/warn`, { warnReason: '多次发布广告评论', confirm: '1' })).statusCode, 303);
  assert.ok((await inbox(alice)).includes('您的账号已被管理员警告，原因：多次发布广告评论。'));
});

test('an admin sends a notice to every member or to one member group; only admins may', async (t) => {
  const z = await setup(t);
  const admin = await loginAs(z, 'boss', 'admin');
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  const editor = await loginAs(z, 'ed', 'editor');
  const banned = await z.members.create({ username: 'gone1' });
  await z.dbh.db.updateTable('members').set({ status: 'banned' }).where('id', '=', banned.id).execute();

  assert.equal((await editor.post('/admin/notifications/', { target: 'all', body: '编辑不能群发' })).statusCode, 403);
  const bad = await admin.post('/admin/notifications/', { target: 'group:999', body: '', link: '//evil.example/' });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('请填写通知内容') && bad.body.includes('链接必须是本站地址') && bad.body.includes('请选择发送对象'));
  assert.equal((await z.notifications.list(alice.member!.id, 1, 10)).total, 0, 'nothing sent');

  const sent = await admin.post('/admin/notifications/', { target: 'all', body: '本站将于周六凌晨维护两小时', link: '/page/about.html' });
  assert.equal(sent.statusCode, 303);
  const members = await z.dbh.db.selectFrom('members').select('id').where('status', '=', 'active').execute();
  assert.equal(sent.headers.location, `/admin/notifications/?sent=${members.length}`);
  assert.ok((await admin.get(sent.headers.location as string)).body.includes(`已发送给 ${members.length} 位会员`));
  for (const m of [alice, bob, editor]) assert.ok((await inbox(m)).includes('本站将于周六凌晨维护两小时'));
  assert.equal((await z.notifications.list(banned.id, 1, 10)).total, 0, 'not to banned members');

  // One group: alice moves to a new group; bob stays in the default one (no group set).
  const g = await z.dbh.db
    .insertInto('member_groups')
    .values({ name: '认证作者', daily_quota: 10, min_interval_sec: 0, needs_review: 0, created_at: z.clock.now().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await z.dbh.db.updateTable('members').set({ group_id: g.id }).where('id', '=', alice.member!.id).execute();
  assert.equal((await admin.post('/admin/notifications/', { target: `group:${g.id}`, body: '认证作者专属活动' })).statusCode, 303);
  assert.ok((await inbox(alice)).includes('认证作者专属活动'));
  assert.ok(!(await inbox(bob)).includes('认证作者专属活动'));
  // The default group also holds the members without a group (bob), not those moved out (alice).
  const defaultGroup = (await z.members.groups.list())[0]!;
  assert.equal((await admin.post('/admin/notifications/', { target: `group:${defaultGroup.id}`, body: '普通会员通知' })).statusCode, 303);
  assert.ok((await inbox(bob)).includes('普通会员通知'));
  assert.ok(!(await inbox(alice)).includes('普通会员通知'));
  // The same notice again (a double click, a resubmitted form) sends nothing more.
  const again = await admin.post('/admin/notifications/', { target: `group:${defaultGroup.id}`, body: '普通会员通知' });
  assert.equal(again.statusCode, 422);
  assert.ok(again.body.includes('相同内容的通知刚刚已经发送过'));
  assert.equal((await inbox(bob)).split('普通会员通知').length - 1, 1);
  assert.equal((await z.audit.list({ limit: 5, offset: 0, action: 'notification.broadcast' })).total, 3);
});

test('the 发送给 choices count the members a send reaches: banned members are not counted', async (t) => {
  const z = await setup(t);
  const admin = await loginAs(z, 'boss', 'admin');
  for (const u of ['alice', 'bob', 'carol']) await loginAs(z, u);
  const author = await loginAs(z, 'dave');
  for (const u of ['gone1', 'gone2']) {
    const m = await z.members.create({ username: u });
    await z.dbh.db.updateTable('members').set({ status: 'banned' }).where('id', '=', m.id).execute();
  }
  const defaultGroup = (await z.members.groups.list())[0]!; // 普通会员, made on first use
  const g = await z.dbh.db
    .insertInto('member_groups')
    .values({ name: '认证作者', daily_quota: 10, min_interval_sec: 0, needs_review: 0, created_at: z.clock.now().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const gone3 = await z.members.create({ username: 'gone3' });
  await z.dbh.db.updateTable('members').set({ group_id: g.id }).where('id', 'in', [author.member!.id, gone3.id]).execute();
  await z.dbh.db.updateTable('members').set({ status: 'banned' }).where('id', '=', gone3.id).execute();

  const form = (await admin.get('/admin/notifications/')).body;
  const shown = (value: string) => Number(new RegExp(`<option value="${value}"[^>]*>[^<]*（(\\d+) 人）</option>`).exec(form)?.[1]);
  // Active: boss, alice, bob, carol (default group) and dave (认证作者); three banned.
  assert.equal(shown('all'), 5, form.slice(form.indexOf('<select'), form.indexOf('</select>')));
  assert.equal(shown(`group:${defaultGroup.id}`), 4);
  assert.equal(shown(`group:${g.id}`), 1);
  for (const [target, body] of [
    ['all', '全体通知'],
    [`group:${defaultGroup.id}`, '普通会员通知'],
    [`group:${g.id}`, '作者通知'],
  ] as const) {
    const sent = await admin.post('/admin/notifications/', { target, body });
    assert.equal(sent.headers.location, `/admin/notifications/?sent=${shown(target)}`, `${target}: the send reaches the count shown`);
  }
});
