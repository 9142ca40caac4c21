import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { decide } from './reports.testkit.ts';

const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';

async function site(z: TestApp) {
  await makeCategory(z, { slug: 'city', name: '城市' });
  const article = await makeArticle(z, { category: 'city', title: '青川港二期工程今日开工' });
  const other = await makeArticle(z, { category: 'city', title: '另一篇文章', author: 'writer2' });
  const author = (await z.members.byUsername('reporter1'))!;
  const comment = async (body: string, memberId: number | null, nickname: string) =>
    (
      await z.dbh.db
        .insertInto('comments')
        .values({
          article_id: article.id,
          member_id: memberId,
          nickname,
          body,
          status: 'visible',
          floor: 1,
          parent_id: null,
          created_at: z.clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  return {
    article,
    other,
    author,
    commentId: await comment('加微信领红包', author.id, 'reporter1'),
    guestCommentId: await comment('游客的广告', null, '路人甲'),
  };
}

const report = (c: Client, fields: Record<string, string>) => c.post('/report/', { description: '', ...fields });
const rows = (z: TestApp) => z.dbh.db.selectFrom('reports').selectAll().orderBy('id').execute();
const auditActions = async (z: TestApp) => (await z.audit.list({ limit: 100, offset: 0 })).items.map((e) => e.action).sort();

test('repeated reports on one target are grouped with a count; the detail page lists each reason and description', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, commentId } = await site(z);
  const alice = await loginAs(z, 'alice');
  const g = guest(z);
  await report(g, { article: String(article.id), reason: 'false_info', description: '日期不对' });
  await report(g, { article: String(article.id), reason: 'false_info', description: XSS });
  await report(alice, { article: String(article.id), reason: 'infringement', description: '抄袭' });
  await report(g, { comment: String(commentId), reason: 'advert' });
  await report(g, { url: 'http://localhost/x', reason: 'illegal' });

  const editor = await loginAs(z, 'ed', 'editor');
  const q = await editor.get('/admin/reports/');
  assert.equal(q.statusCode, 200);
  assert.equal(q.headers['cache-control'], 'no-store');
  const rowsHtml = [...q.body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).slice(1);
  assert.equal(rowsHtml.length, 3, 'three targets, three groups');
  assert.ok(
    rowsHtml[0]!.includes('青川港二期工程今日开工') && rowsHtml[0]!.includes('<td class="count">3</td>'),
    'the most reported group comes first, with its count',
  );
  assert.ok(rowsHtml[0]!.includes('不实信息×2') && rowsHtml[0]!.includes('侵权×1'));
  assert.ok(q.body.includes('加微信领红包') && q.body.includes('http://localhost/x'));

  const latest = (await rows(z))[2]!.id;
  const d = await editor.get(`/admin/reports/${latest}`);
  assert.equal(d.statusCode, 200);
  assert.ok(d.body.includes('对该内容的全部举报（3条）'));
  assert.ok(d.body.includes('日期不对') && d.body.includes('抄袭') && d.body.includes('alice'));
  assert.ok(!d.body.includes(XSS) && d.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'), 'descriptions are escaped');
  assert.ok(d.body.includes('作者：reporter1'));
  assert.equal((await editor.get('/admin/reports/99999')).statusCode, 404);
  assert.equal((await editor.get('/admin/reports/abc')).statusCode, 404);
});

test('resolving with "hide" takes the article down, closes the whole group in one go, and the reporter sees the outcome', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, other } = await site(z);
  const alice = await loginAs(z, 'alice');
  await report(alice, { article: String(article.id), reason: 'false_info', description: '日期不对' });
  await report(guest(z), { article: String(article.id), reason: 'other', description: '内容有误' });
  await report(alice, { article: String(other.id), reason: 'advert' });
  assert.equal((await z.app.inject(`/news/${article.id}.html`)).statusCode, 200);

  const editor = await loginAs(z, 'ed', 'editor');
  const [first] = await rows(z);
  const res = await decide(editor, first!.id, { decision: 'resolve', hide: '1', note: '经核实内容不实，已下线' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/admin/reports/${first!.id}?done=resolve&n=2`);
  assert.ok((await editor.get(res.headers.location as string)).body.includes('已处理 2 条举报'));

  assert.equal((await z.articles.getAny(article.id))?.status, 'rejected');
  assert.equal((await z.app.inject(`/news/${article.id}.html`)).statusCode, 404, 'the article is off the site');
  // Its author is told why, in 我的文章.
  const mineAsAuthor = await (await loginAs(z, 'reporter1')).get('/member/articles/?status=rejected');
  assert.ok(mineAsAuthor.body.includes('青川港二期工程今日开工'), mineAsAuthor.body.slice(0, 2000));
  assert.ok(mineAsAuthor.body.includes('未通过原因：内容经举报核实违规（不实信息、其他）'));
  assert.ok(!mineAsAuthor.body.includes('经核实内容不实'), 'the note written to the reporter is not shown to the author');
  const after = await rows(z);
  assert.deepEqual(
    after.map((r) => [r.target_id, r.status, r.resolution, r.resolved_by]),
    [
      [article.id, 'resolved', '经核实内容不实，已下线', editor.member!.id],
      [article.id, 'resolved', '经核实内容不实，已下线', editor.member!.id],
      [other.id, 'open', '', null],
    ],
  );
  assert.deepEqual(await auditActions(z), ['article.take_down', 'report.applied', 'report.resolve']);
  const entry = (await z.audit.list({ limit: 10, offset: 0, action: 'report.resolve' })).items[0]!;
  assert.deepEqual(entry.detail.reportIds, [after[0]!.id, after[1]!.id]);
  assert.deepEqual(entry.detail.actions, ['hide']);
  assert.equal(entry.actorId, editor.member!.id);

  const open = await editor.get('/admin/reports/?status=open');
  assert.ok(!open.body.includes('青川港二期工程今日开工') && open.body.includes('另一篇文章'));
  assert.ok((await editor.get('/admin/reports/?status=resolved')).body.includes('青川港二期工程今日开工'));

  const mine = await alice.get('/member/reports/');
  assert.equal(mine.statusCode, 200);
  assert.ok(mine.body.includes('已处理') && mine.body.includes('经核实内容不实，已下线'));
  assert.ok(mine.body.includes('正在处理中'), 'the other report is still open');
  assert.ok(mine.body.includes('<span>青川港二期工程今日开工</span><em class="muted"> （已不在前台显示）</em>'), 'the member sees that it is gone');
  assert.ok(!mine.body.includes(`href="/news/${article.id}.html"`), 'no link to an article that is gone');

  const again = await decide(editor, first!.id, { decision: 'dismiss', note: '' });
  assert.equal(again.statusCode, 409);
  assert.ok(again.body.includes('这组举报已经处理过了'));
});

test('resolving a comment report hides the comment and warns its author; banning ends the author’s sessions', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { commentId, article, author } = await site(z);
  const bob = await loginAs(z, 'bob');
  await report(bob, { comment: String(commentId), reason: 'advert' });
  const admin = await loginAs(z, 'boss', 'admin');
  const [r1] = await rows(z);
  let res = await decide(admin, r1!.id, { decision: 'resolve', hide: '1', warn: '1', note: '广告评论已隐藏', confirm: '1' });
  assert.equal(res.statusCode, 303);
  assert.equal((await z.comments.get(commentId))?.status, 'hidden');
  const m = await z.dbh.db.selectFrom('members').select(['warnings', 'status']).where('id', '=', author.id).executeTakeFirstOrThrow();
  assert.deepEqual(m, { warnings: 1, status: 'active' });
  assert.deepEqual(await auditActions(z), ['comment.hide', 'member.warn', 'report.applied', 'report.resolve']);
  assert.ok(!(await z.app.inject(`/news/${article.id}.html`)).body.includes('加微信领红包'));

  assert.equal((await guest(z).get(`/report/?comment=${commentId}`)).statusCode, 404, 'hidden content cannot be reported any more');

  // The author keeps writing; the next report gets them banned.
  const authorClient = await loginAs(z, 'reporter1');
  await report(bob, { article: String(article.id), reason: 'illegal' });
  const r2 = (await rows(z))[1]!;
  res = await decide(admin, r2.id, { decision: 'resolve', ban: '1', note: '', reason: '多次发布违法内容', confirm: '1' });
  assert.equal(res.statusCode, 303);
  assert.equal((await z.members.byId(author.id))?.status, 'banned');
  assert.equal((await authorClient.get('/member/reports/')).statusCode, 303, 'the banned author is logged out');
  assert.ok((await auditActions(z)).includes('member.ban'));
  assert.equal((await z.articles.getAny(article.id))?.status, 'published', 'banning alone does not hide the article');
});

test('"hide" on content that is already off the site is skipped, and the reports are still resolved', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { guestCommentId } = await site(z);
  await report(guest(z), { comment: String(guestCommentId), reason: 'advert' });
  await z.dbh.db.updateTable('comments').set({ status: 'hidden' }).where('id', '=', guestCommentId).execute();
  const editor = await loginAs(z, 'ed', 'editor');
  const [r] = await rows(z);
  const d = await editor.get(`/admin/reports/${r!.id}`);
  assert.ok(d.body.includes('（已不在前台显示）'));
  assert.equal((await decide(editor, r!.id, { decision: 'resolve', hide: '1', note: '已处理' })).statusCode, 303);
  assert.equal((await rows(z))[0]?.status, 'resolved');
  assert.deepEqual(await auditActions(z), ['report.resolve']);
  assert.deepEqual((await z.audit.list({ limit: 1, offset: 0 })).items[0]?.detail.actions, []);
});

test('dismissing closes the group without touching the content; the reporter sees 未采纳 and the note', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article } = await site(z);
  const alice = await loginAs(z, 'alice');
  await report(alice, { article: String(article.id), reason: 'obscene', description: XSS });
  const editor = await loginAs(z, 'ed', 'editor');
  const [r] = await rows(z);
  const res = await decide(editor, r!.id, { decision: 'dismiss', note: '内容无问题' });
  assert.equal(res.statusCode, 303);
  assert.equal((await rows(z))[0]?.status, 'dismissed');
  assert.equal((await z.articles.getAny(article.id))?.status, 'published');
  assert.deepEqual(await auditActions(z), ['report.dismiss']);
  const mine = await alice.get('/member/reports/');
  assert.ok(mine.body.includes('未采纳') && mine.body.includes('内容无问题'));
  assert.ok(!mine.body.includes(XSS) && mine.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the description is escaped in the member centre');
  assert.ok((await editor.get('/admin/reports/?status=dismissed')).body.includes('青川港二期工程今日开工'));
});

test('impossible decisions are refused with a message, keep what was chosen and change nothing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article, guestCommentId } = await site(z);
  const g = guest(z);
  await report(g, { url: 'http://localhost/x', reason: 'illegal' });
  await report(g, { comment: String(guestCommentId), reason: 'advert' });
  const staffArticle = await makeArticle(z, { category: 'city', title: '编辑写的稿', author: 'ed' });
  const editor = await loginAs(z, 'ed', 'editor');
  await z.dbh.db.updateTable('members').set({ role: 'editor' }).where('username', '=', 'ed').execute();
  await report(g, { article: String(staffArticle.id), reason: 'advert' });
  const [url, guestComment, staff] = await rows(z);

  const cases: Array<[number, Record<string, string>, string]> = [
    [url!.id, { decision: 'resolve', hide: '1', note: '' }, '网址举报无法直接隐藏内容'],
    [guestComment!.id, { decision: 'resolve', warn: '1', note: '备注<b>粗体</b>' }, '这条内容没有会员作者，无法警告或封禁'],
    [staff!.id, { decision: 'resolve', ban: '1', note: '' }, '不能在这里警告或封禁编辑和管理员'],
    [staff!.id, { decision: 'resolve', note: '长'.repeat(1001) }, '处理说明不能超过1000字'],
  ];
  for (const [id, fields, message] of cases) {
    const res = await decide(editor, id, fields);
    assert.equal(res.statusCode, 422, message);
    assert.ok(res.body.includes(message), message);
  }
  const kept = await decide(editor, guestComment!.id, { decision: 'resolve', warn: '1', note: '备注<b>粗体</b>' });
  assert.ok(kept.body.includes('备注&lt;b&gt;粗体&lt;/b&gt;') && /name="warn" value="1" checked/.test(kept.body), 'the form keeps the choice and the note');
  assert.ok((await rows(z)).every((r) => r.status === 'open'));
  assert.deepEqual(await auditActions(z), []);
  assert.equal((await z.comments.get(guestCommentId))?.status, 'visible');
  assert.equal((await z.articles.getAny(article.id))?.status, 'published');
});

test('the queue is for staff only, and no member sees another member’s reports', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { article } = await site(z);
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob', 'trusted');
  await report(alice, { article: String(article.id), reason: 'other', description: 'alice 的秘密举报' });
  const [r] = await rows(z);

  const g = guest(z);
  for (const url of ['/admin/reports/', `/admin/reports/${r!.id}`, '/member/reports/']) {
    const res = await g.get(url);
    assert.equal(res.statusCode, 303, url);
    assert.equal(res.headers.location, `/member/login?next=${encodeURIComponent(url)}`);
  }
  assert.equal((await decide(g, r!.id, { decision: 'dismiss', upTo: String(r!.id) })).statusCode, 303);
  for (const c of [alice, bob]) {
    assert.equal((await c.get('/admin/reports/')).statusCode, 403);
    assert.equal((await c.get(`/admin/reports/${r!.id}`)).statusCode, 403);
    assert.equal((await decide(c, r!.id, { decision: 'dismiss', note: '', upTo: String(r!.id) })).statusCode, 403);
  }
  assert.equal((await rows(z))[0]?.status, 'open', 'nobody without the role changed anything');

  const bobs = await bob.get('/member/reports/');
  assert.equal(bobs.statusCode, 200);
  assert.ok(!bobs.body.includes('alice 的秘密举报') && bobs.body.includes('您还没有举报过内容'));
  assert.ok((await alice.get('/member/reports/')).body.includes('alice 的秘密举报'));
  assert.equal((await (await loginAs(z, 'chief', 'admin')).get('/admin/reports/')).statusCode, 200);
});
