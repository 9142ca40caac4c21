import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { reviewSetup, submission, submitAs } from './review.testkit.ts';

const setup = reviewSetup;

async function submit(m: Client, z: TestApp, over: Record<string, string> = {}): Promise<number> {
  z.clock.advance(5 * 60_000); // past the members' interval between submissions
  return submitAs(m, over);
}

/** A published article (approved on its own page) with its author's pending revision (retitled). */
async function liveWithRevision(z: TestApp, author: Client, editor: Client): Promise<{ live: number; rev: { id: number } }> {
  const live = await submit(author, z, { title: '青川新桥合龙' });
  await editor.post(`/admin/review/${live}/approve`, { ...submission({ title: '青川新桥合龙' }), recommendLevel: '0', publishAt: '', op: 'approve' });
  z.clock.advance(5 * 60_000);
  await author.post(`/member/articles/${live}/edit`, submission({ title: '青川新桥今日合龙' }));
  const rev = await z.dbh.db
    .selectFrom('article_revisions')
    .select('id')
    .where('article_id', '=', live)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return { live, rev };
}

/** A batch as a browser sends it: the POST answers 303, the result is on the page it redirects to. */
async function runBatch(c: Client, fields: Record<string, string | string[]>) {
  const sent = await c.post('/admin/review/batch', fields);
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
  const location = String(sent.headers.location);
  assert.match(location, /^\/admin\/review\/batch\/[A-Za-z0-9_-]{22}$/);
  return { location, page: await c.get(location) };
}

const status = async (z: TestApp, id: number) => (await z.articles.getAny(id))?.status;
const inbox = async (z: TestApp, c: Client) => (await z.notifications.list(c.member!.id, 1, 50)).items.map((n) => n.body).join('\n');

test('批量通过 publishes each ticked submission and revision through the one-by-one path, and names what it skipped', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  const editor = await loginAs(z, 'ed', 'editor');
  await z.bannedWords.add('刷单');
  const one = await submit(alice, z, { title: '青川公交新线路今日开通' });
  const banned = await submit(alice, z, { title: '招聘兼职', body: '<p>在家刷单日赚三百。</p>' });
  const viaPage = await submit(bob, z, { title: '青川图书馆延长开放时间' });
  const { live, rev } = await liveWithRevision(z, alice, editor);

  const queue = await editor.get('/admin/review/');
  assert.ok(queue.body.includes(`name="item" value="a${one}"`) && queue.body.includes(`name="item" value="r${rev.id}"`), 'a checkbox per row');
  assert.ok(queue.body.includes('data-confirm="确定通过所选的稿件吗？'), 'confirmation before submitting');

  // The reference: one approval made on its own page.
  await editor.post(`/admin/review/${viaPage}/approve`, {
    ...submission({ title: '青川图书馆延长开放时间' }),
    recommendLevel: '0',
    publishAt: '',
    op: 'approve',
  });
  const { page: res } = await runBatch(editor, { op: 'approve', item: [`a${one}`, `a${banned}`, `r${rev.id}`, `a${viaPage}`] });
  assert.equal(res.statusCode, 200);
  assert.ok(res.body.includes('已处理的稿件') && res.body.includes('<li>《青川公交新线路今日开通》</li>'), 'names what it decided');
  assert.ok(res.body.includes('已处理 2 份，跳过 2 份。'), res.body.slice(0, 3000));
  assert.ok(res.body.includes('《招聘兼职》：含违禁词“刷单”，请逐篇审核'));
  assert.ok(res.body.includes('《青川图书馆延长开放时间》：已被处理或撤回'));
  assert.equal(await status(z, one), 'published');
  assert.equal(await status(z, banned), 'pending', 'left for the editor to read');
  assert.equal((await z.articles.getAny(live))?.title, '青川新桥今日合龙', 'the revision applied');
  // Same audit entries, 站内信 and reward as one by one.
  const approvals = (await z.audit.list({ limit: 20, offset: 0, action: 'article.approve' })).items;
  const batchEntry = approvals.find((e) => e.targetId === one);
  assert.ok(batchEntry && (batchEntry.detail as { batch?: boolean }).batch === true);
  assert.equal((await z.audit.list({ limit: 5, offset: 0, action: 'revision.approve' })).total, 1);
  assert.ok((await inbox(z, alice)).includes('青川公交新线路今日开通'));
  const reward = await z.points.balance(bob.member!.id);
  assert.ok(reward > 0, 'the page approval rewarded bob');
  // alice: one reward for `live` (approved on its page) and one for `one` (batch).
  assert.equal(await z.points.balance(alice.member!.id), 2 * reward);
});

test('批量退回 needs a reason, then sends each back with it; a refused batch changes nothing', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const a = await submit(alice, z, { title: '第一篇' });
  const b = await submit(alice, z, { title: '第二篇' });

  const noReason = await editor.post('/admin/review/batch', { op: 'reject', item: [`a${a}`, `a${b}`], reason: '  ' });
  assert.equal(noReason.statusCode, 422);
  assert.ok(noReason.body.includes('批量退回需要填写退回原因'));
  const nothing = await editor.post('/admin/review/batch', { op: 'reject', reason: '重复' });
  assert.equal(nothing.statusCode, 422);
  assert.ok(nothing.body.includes('请先勾选要处理的稿件'));
  assert.equal(await status(z, a), 'pending');
  assert.equal(await status(z, b), 'pending');

  const { page: res } = await runBatch(editor, { op: 'reject', item: [`a${a}`, `a${b}`], reason: '内容与本站定位不符' });
  assert.equal(res.statusCode, 200);
  assert.ok(res.body.includes('已处理 2 份，跳过 0 份。'));
  assert.equal(await status(z, a), 'rejected');
  assert.equal(await status(z, b), 'rejected');
  assert.equal((await z.audit.list({ limit: 5, offset: 0, action: 'article.reject' })).total, 2);
  assert.ok((await inbox(z, alice)).includes('内容与本站定位不符'));

  const member = await loginAs(z, 'mallory');
  const c = await submit(alice, z, { title: '第三篇' });
  assert.equal((await member.post('/admin/review/batch', { op: 'approve', item: [`a${c}`] })).statusCode, 403);
  assert.equal(await status(z, c), 'pending');
});

test('批量通过 skips a revision whose article went to 回收站 meanwhile and still decides the rest', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const { live, rev } = await liveWithRevision(z, alice, editor);
  const other = await submit(alice, z, { title: '青川公交新线路今日开通' });
  await z.articles.remove(live);

  const { page: res } = await runBatch(editor, { op: 'approve', item: [`r${rev.id}`, `a${other}`] });
  assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  assert.ok(res.body.includes('已处理 1 份，跳过 1 份。'), res.body.slice(0, 3000));
  assert.equal(await status(z, other), 'published', 'the item after the conflict is decided too');
});

test('the batch result page reloads without deciding anything again; another session, or an expired key, gets a message instead', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const a = await submit(alice, z, { title: '青川夜市开张' });
  const { location, page } = await runBatch(editor, { op: 'reject', item: [`a${a}`], reason: '图片来源不明' });
  assert.ok(page.body.includes('已处理 1 份，跳过 0 份。'));
  const rejections = async () => (await z.audit.list({ limit: 5, offset: 0, action: 'article.reject' })).total;
  assert.equal(await rejections(), 1);

  // The author sends it again; reloading the result page must not reject the new submission.
  z.clock.advance(5 * 60_000);
  assert.equal((await alice.post(`/member/articles/${a}/edit`, submission({ title: '青川夜市开张' }))).statusCode, 303);
  assert.equal(await status(z, a), 'pending');
  const reloaded = await editor.get(location);
  assert.equal(reloaded.statusCode, 200);
  assert.ok(reloaded.body.includes('已处理 1 份，跳过 0 份。') && reloaded.body.includes('《青川夜市开张》'), 'the same result again');
  assert.equal(await status(z, a), 'pending', 'nothing decided by the reload');
  assert.equal(await rejections(), 1);
  assert.equal((await inbox(z, alice)).split('图片来源不明').length - 1, 1, 'one 站内信, not two');

  // Another editor (or the same one in another log-in) cannot read it.
  for (const other of [await loginAs(z, 'ed2', 'editor'), await loginAs(z, 'ed', 'editor')]) {
    const foreign = await other.get(location);
    assert.equal(foreign.statusCode, 404);
    assert.ok(foreign.body.includes('这份批量审核结果已过期或不属于当前登录') && !foreign.body.includes('已处理 1 份'));
  }
  assert.equal((await alice.get(location)).statusCode, 403, 'members are refused as before');
  // Kept for 30 minutes.
  z.clock.advance(31 * 60_000);
  const expired = await editor.get(location);
  assert.equal(expired.statusCode, 404);
  assert.ok(expired.body.includes('这份批量审核结果已过期') && !expired.body.includes('已处理 1 份'));
  assert.equal((await editor.get('/admin/review/batch/not-a-key')).statusCode, 404);
});
