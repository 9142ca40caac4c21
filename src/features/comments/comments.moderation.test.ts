import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }, settings: Record<string, unknown> = {}) {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  if (Object.keys(settings).length) await z.settings.update(settings);
  return { z, a };
}

const count = async (z: TestApp, id: number) => (await z.articles.getAny(id))!.commentCount;
const statusOf = async (z: TestApp, id: number) => (await z.comments.get(id))!.status;

async function lastComment(z: TestApp, articleId: number) {
  return (await z.comments.forStaff({ articleId }, 1, 1)).items[0]!;
}

test('pre-moderation: comments wait for an editor; staff comments show at once', async (t) => {
  const { z, a } = await setup(t, { commentModeration: 'pre' });
  const alice = await loginAs(z, 'alice');
  const r = await alice.post(`/news/${a.id}/comments`, { body: '等待审核的评论' });
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, `/news/${a.id}/comments/write?sent=pending`);
  const notice = await alice.get(String(r.headers.location));
  assert.ok(notice.body.includes('审核通过后会显示出来'));
  const c = await lastComment(z, a.id);
  assert.equal(c.status, 'pending');
  assert.equal(await count(z, a.id), 0, 'pending comments are not counted');
  assert.ok(!(await guest(z).get(`/news/${a.id}.html`)).body.includes('等待审核的评论'));

  const editor = await loginAs(z, 'bianji', 'editor');
  await editor.post(`/news/${a.id}/comments`, { body: '编辑的评论直接显示' });
  assert.equal((await lastComment(z, a.id)).status, 'visible');

  const ok = await editor.post('/admin/comments/moderate', { action: `approve:${c.id}` });
  assert.equal(ok.statusCode, 303);
  assert.equal(await statusOf(z, c.id), 'visible');
  assert.equal(await count(z, a.id), 2);
  assert.ok((await guest(z).get(`/news/${a.id}.html`)).body.includes('等待审核的评论'));
  // 我的评论 shows the status to its author.
  assert.ok((await alice.get('/member/comments/')).body.includes('已显示'));
});

test('post-moderation: comments show at once', async (t) => {
  const { z, a } = await setup(t, { commentModeration: 'post' });
  const r = await (await loginAs(z, 'alice')).post(`/news/${a.id}/comments`, { body: '马上显示' });
  assert.match(String(r.headers.location), /comments\?_=c\d+#c\d+$/);
  assert.equal(await count(z, a.id), 1);
});

test('banned words: held for review, or refused, per setting', async (t) => {
  const { z, a } = await setup(t);
  await z.bannedWords.add('代开发票');
  const alice = await loginAs(z, 'alice');
  const held = await alice.post(`/news/${a.id}/comments`, { body: '需要 代-开-发-票 的联系我' });
  assert.equal(held.statusCode, 303);
  assert.equal(held.headers.location, `/news/${a.id}/comments/write?sent=held`);
  assert.ok((await alice.get(String(held.headers.location))).body.includes('含有需要审核的内容'));
  assert.equal((await lastComment(z, a.id)).status, 'pending');
  assert.equal(await count(z, a.id), 0);

  await z.settings.update({ bannedWordAction: 'reject' });
  z.clock.advance(20_000);
  const before = (await z.comments.forStaff({ articleId: a.id }, 1, 10)).total;
  const refused = await alice.post(`/news/${a.id}/comments`, { body: '代开发票，量大从优' });
  assert.equal(refused.statusCode, 422);
  assert.ok(refused.body.includes('评论含有违禁词（代开发票）'));
  assert.ok(refused.body.includes('量大从优'), 'keeps what was typed');
  assert.equal((await z.comments.forStaff({ articleId: a.id }, 1, 10)).total, before, 'nothing written');
});

test('rate limits: one comment per 15 seconds and 20 per hour, with clear messages', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  assert.equal((await alice.post(`/news/${a.id}/comments`, { body: '第一条' })).statusCode, 303);
  const fast = await alice.post(`/news/${a.id}/comments`, { body: '紧接着第二条' });
  assert.equal(fast.statusCode, 429);
  assert.ok(fast.body.includes('评论太频繁了，请15秒后再发表'));
  assert.ok(fast.body.includes('紧接着第二条'), 'keeps what was typed');
  // Another member is not affected.
  assert.equal((await (await loginAs(z, 'bob')).post(`/news/${a.id}/comments`, { body: '我不受影响' })).statusCode, 303);

  for (let i = 2; i <= 20; i++) {
    z.clock.advance(16_000);
    assert.equal((await alice.post(`/news/${a.id}/comments`, { body: `第${i}条` })).statusCode, 303, `comment ${i}`);
  }
  z.clock.advance(16_000);
  const hourly = await alice.post(`/news/${a.id}/comments`, { body: '第21条' });
  assert.equal(hourly.statusCode, 429);
  assert.ok(hourly.body.includes('一小时内发表的评论太多'));
  assert.equal(await count(z, a.id), 21);
});

test('hide, restore and delete keep comment_count right, purge the article page and are audited', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  await alice.post(`/news/${a.id}/comments`, { body: '第一条正常评论' });
  await bob.post(`/news/${a.id}/comments`, { body: '一条广告评论' });
  const [ad, ok] = (await z.comments.forArticle(a.id, 'newest', 1, 10)).items;
  assert.equal(await count(z, a.id), 2);

  const url = `/news/${a.id}.html`;
  await guest(z).get(url);
  const warm = await guest(z).get(url);
  assert.equal(warm.headers['x-cache'], 'HIT');
  assert.ok(warm.body.includes('一条广告评论'));

  const editor = await loginAs(z, 'bianji', 'editor');
  const r = await editor.post('/admin/comments/moderate', { action: `hide:${ad!.id}` });
  assert.equal(r.statusCode, 303);
  assert.match(String(r.headers.location), /done=1/);
  assert.equal(await count(z, a.id), 1);
  const after = await guest(z).get(url);
  assert.equal(after.headers['x-cache'], 'MISS', 'the article page was purged');
  assert.ok(!after.body.includes('一条广告评论'));
  assert.ok(after.body.includes('1 条评论'));

  await editor.post('/admin/comments/moderate', { action: `restore:${ad!.id}` });
  assert.equal(await count(z, a.id), 2);
  assert.ok((await guest(z).get(url)).body.includes('一条广告评论'));

  // Bulk: delete both checked comments; a repeated action changes nothing.
  await editor.post('/admin/comments/moderate', { action: 'delete', ids: [String(ad!.id), String(ok!.id)] });
  assert.equal(await count(z, a.id), 0);
  assert.equal(await statusOf(z, ok!.id), 'deleted');
  const again = await editor.post('/admin/comments/moderate', { action: `delete:${ok!.id}` });
  assert.match(String(again.headers.location), /done=0/);
  assert.equal(await count(z, a.id), 0);
  assert.ok((await guest(z).get(url)).body.includes('暂无评论'));

  // A reply to a hidden comment no longer quotes its text.
  await editor.post('/admin/comments/moderate', { action: `restore:${ok!.id}` });
  z.clock.advance(20_000);
  await alice.post(`/news/${a.id}/comments`, { body: '回复一下', parent: String(ok!.id) });
  await editor.post('/admin/comments/moderate', { action: `hide:${ok!.id}` });
  const page = (await guest(z).get(`/news/${a.id}/comments`)).body;
  assert.ok(page.includes('引用的 1楼 评论已被删除或隐藏'));
  assert.ok(!page.includes('第一条正常评论'));

  const log = await z.audit.list({ limit: 50, offset: 0 });
  const actions = log.items.filter((e) => e.targetType === 'comment').map((e) => e.action);
  assert.deepEqual(actions.sort(), ['comment.delete', 'comment.delete', 'comment.hide', 'comment.hide', 'comment.restore', 'comment.restore'].sort());
  assert.ok(log.items.every((e) => e.actorId !== null));
});

test('the comment admin page: staff only, filters by status and article, paginated', async (t) => {
  const { z, a } = await setup(t, { commentModeration: 'pre' });
  const cat = (await z.categories.roots())[0]!;
  const b = await makeArticle(z, { category: cat.slug, title: '另一篇文章' });
  const members = await Promise.all(Array.from({ length: 23 }, (_, i) => z.members.create({ username: `m${i}` })));
  for (const [i, m] of members.entries()) {
    await z.comments.post({ articleId: i < 21 ? a.id : b.id, member: m, ip: '10.0.0.1', fields: { body: `待审评论${i}号` } });
  }
  assert.equal((await guest(z).get('/admin/comments/')).statusCode, 303, 'a guest is sent to log in');
  assert.match(String((await guest(z).get('/admin/comments/')).headers.location), /^\/member\/login\?next=/);
  const member = await loginAs(z, 'plain');
  assert.equal((await member.get('/admin/comments/')).statusCode, 403);
  assert.equal((await member.post('/admin/comments/moderate', { action: 'approve', ids: ['1'] })).statusCode, 403);
  assert.equal((await z.comments.get(1))!.status, 'pending', 'a member cannot moderate');
  const trusted = await loginAs(z, 'trusty', 'trusted');
  assert.equal((await trusted.get('/admin/comments/')).statusCode, 403);

  const editor = await loginAs(z, 'bianji', 'editor');
  const p1 = await editor.get('/admin/comments/?status=pending');
  assert.equal(p1.statusCode, 200);
  assert.ok(p1.body.includes('待审核 (23)'));
  assert.ok(p1.body.includes('待审评论22号') && !p1.body.includes('待审评论2号<'), 'newest first, 20 per page');
  const p2 = await editor.get('/admin/comments/?status=pending&page=2');
  assert.ok(p2.body.includes('待审评论0号') && p2.body.includes('待审评论2号'));
  const onlyB = await editor.get(`/admin/comments/?article=${b.id}`);
  assert.ok(onlyB.body.includes('待审评论21号') && !onlyB.body.includes('待审评论20号'));
  assert.ok((await editor.get('/admin/comments/?status=visible')).body.includes('没有符合条件的评论'));

  const none = await editor.post('/admin/comments/moderate', { action: 'approve', status: 'pending' });
  assert.equal(none.headers.location, '/admin/comments/?status=pending&none=1');
  const admin = await loginAs(z, 'boss', 'admin');
  const done = await admin.post('/admin/comments/moderate', { action: 'approve', ids: ['1', '2', '3'], status: 'pending', page: '2' });
  assert.equal(done.headers.location, '/admin/comments/?status=pending&page=2&done=3');
  assert.ok((await admin.get(String(done.headers.location))).body.includes('已处理 3 条评论'));
  assert.equal(await count(z, a.id), 3);
});
