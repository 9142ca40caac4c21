import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return z;
}

const actions = async (z: TestApp) => (await z.audit.list({ limit: 50, offset: 0 })).items.map((e) => e.action);
const countOf = async (z: TestApp, table: 'comments' | 'favorites' | 'article_tags' | 'search_docs', id: number) =>
  Number(
    (
      await z.dbh.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('article_id', '=', id)
        .executeTakeFirst()
    )?.n ?? 0,
  );

/** The batch bar's offered operations (the values of its `op` select). */
function offeredOps(html: string): string[] {
  const bar = /<select name="op"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
  return [...bar.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1] as string).filter(Boolean);
}

test('回收站: the batch menu offers only 移动栏目, 恢复, 恢复并发布 and (admins) 彻底删除', async (t) => {
  const z = await setup(t);
  const a = await makeArticle(z, { category: 'local', title: '进了回收站的文章' });
  await z.articles.remove(a.id);
  await makeArticle(z, { category: 'local', title: '网站上的文章' });
  const ed = await loginAs(z, 'ed', 'editor');
  const admin = await loginAs(z, 'boss', 'admin');
  assert.deepEqual(offeredOps((await ed.get('/admin/articles/?status=deleted')).body), ['move', 'restore', 'restore-publish']);
  assert.deepEqual(offeredOps((await admin.get('/admin/articles/?status=deleted')).body), ['move', 'restore', 'restore-publish', 'purge']);
  const live = offeredOps((await admin.get('/admin/articles/')).body);
  assert.ok(live.includes('publish') && live.includes('delete') && !live.includes('purge') && !live.includes('restore'));
});

test('batch 恢复 brings deleted articles back as drafts; 恢复并发布 puts a once-published article back on the site', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  const a = await makeArticle(z, { category: 'local', title: '删错的第一篇', body: '<p>大桥通车了。</p>' });
  const b = await makeArticle(z, { category: 'local', title: '删错的第二篇' });
  const live = await makeArticle(z, { category: 'local', title: '还在网站上的' });
  await z.articles.remove(a.id);
  await z.articles.remove(b.id);
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 404);

  const mixed = await ed.post('/admin/articles/batch', { ids: [String(b.id), String(live.id)], op: 'restore', back: 'status=deleted' });
  assert.equal(mixed.statusCode, 422);
  assert.ok(mixed.body.includes('只有回收站中的文章可以恢复') && mixed.body.includes('还在网站上的'));
  assert.equal((await z.articles.getAny(b.id))?.status, 'deleted', 'nothing restored when one row is wrong');

  const r = await ed.post('/admin/articles/batch', { ids: [String(b.id)], op: 'restore', back: 'status=deleted' });
  assert.equal(r.statusCode, 303);
  assert.equal((await z.articles.getAny(b.id))?.status, 'draft');

  const p = await ed.post('/admin/articles/batch', { ids: [String(a.id)], op: 'restore-publish', back: 'status=deleted' });
  assert.equal(p.statusCode, 303, p.body.slice(0, 300));
  assert.equal((await z.articles.getAny(a.id))?.status, 'published');
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 200, 'back on the site (page cache purged)');
  assert.deepEqual((await actions(z)).slice(0, 3).sort(), ['article.restore', 'article.restore', 'article.update']);
});

test('恢复并发布 on one row: a member’s never-sent draft is restored but stays a draft, and the list says why', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  const m = await loginAs(z, 'writer', 'member');
  const sent = await m.post('/member/articles/new', {
    title: '会员的草稿',
    category: 'local',
    summary: '',
    body: '<p>草稿正文。</p>',
    tags: '',
    source: '',
    op: 'draft',
  });
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
  const id = Number(/id=(\d+)/.exec(sent.headers.location as string)?.[1]);
  await z.articles.remove(id);
  const r = await ed.post(`/admin/articles/${id}/restore`, { back: 'status=deleted', publish: '1' });
  assert.equal(r.statusCode, 200);
  assert.ok(r.body.includes('已恢复为草稿，但没有发布') && r.body.includes('会员的草稿'));
  assert.equal((await z.articles.getAny(id))?.status, 'draft');
  const one = await makeArticle(z, { category: 'local', title: '单篇恢复并发布' });
  await z.articles.remove(one.id);
  const ok = await ed.post(`/admin/articles/${one.id}/restore`, { back: 'status=deleted', publish: '1' });
  assert.equal(ok.headers.location, '/admin/articles/?status=deleted&ok=restoredPublished');
  assert.equal((await z.articles.getAny(one.id))?.status, 'published');
});

test('彻底删除: admins only, after a confirmation; the article, its comments, favorites, tags and index entries go; audited', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  const admin = await loginAs(z, 'boss', 'admin');
  const reader = await loginAs(z, 'reader', 'member');
  const a = await makeArticle(z, { category: 'local', title: '要彻底删除的文章', tags: ['大桥'], body: '<p>大桥合龙。</p>' });
  const keep = await makeArticle(z, { category: 'local', title: '留着的文章', tags: ['大桥'] });
  await z.comments.post({ articleId: a.id, member: reader.member, ip: '10.0.0.1', fields: { body: '这条评论随文章删除' } });
  await z.dbh.db.insertInto('favorites').values({ member_id: reader.member!.id, article_id: a.id, created_at: '2026-11-27T08:00:00.000Z' }).execute();
  assert.equal(await countOf(z, 'comments', a.id), 1);
  await z.articles.remove(a.id);

  const notDeleted = await admin.post('/admin/articles/batch', { ids: [String(keep.id)], op: 'purge', back: 'status=deleted' });
  assert.equal(notDeleted.statusCode, 422);
  const byEditor = await ed.post('/admin/articles/batch', { ids: [String(a.id)], op: 'purge', back: 'status=deleted' });
  assert.equal(byEditor.statusCode, 422);
  assert.ok(byEditor.body.includes('只有管理员可以彻底删除文章'));

  const confirm = await admin.post('/admin/articles/batch', { ids: [String(a.id)], op: 'purge', back: 'status=deleted' });
  assert.equal(confirm.statusCode, 200);
  assert.ok(confirm.body.includes('确定要彻底删除以下 1 篇文章吗') && confirm.body.includes('要彻底删除的文章') && confirm.body.includes('不能撤销'));
  assert.ok(await z.articles.getAny(a.id), 'nothing deleted before the confirmation');

  const done = await admin.post('/admin/articles/batch', { ids: [String(a.id)], op: 'purge', confirm: '1', back: 'status=deleted' });
  assert.equal(done.statusCode, 303, done.body.slice(0, 300));
  assert.equal(await z.articles.getAny(a.id), undefined);
  for (const table of ['comments', 'favorites', 'article_tags', 'search_docs'] as const) assert.equal(await countOf(z, table, a.id), 0, table);
  assert.ok((await z.articles.getAny(keep.id))?.tags.includes('大桥'), 'other articles keep the shared tag');
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 404);
  const [entry] = (await z.audit.list({ limit: 1, offset: 0 })).items;
  assert.equal(entry?.action, 'article.purge');
  assert.equal(entry?.targetId, a.id);
  const log = (await admin.get('/admin/audit/')).body;
  assert.ok(log.includes('彻底删除文章'), 'the audit log names the action in Chinese');
});

test('彻底删除 is refused for an article with 打赏 records (the ledger names it); nothing is deleted', async (t) => {
  const z = await setup(t);
  const admin = await loginAs(z, 'boss', 'admin');
  const tipper = await loginAs(z, 'fan', 'member');
  const a = await makeArticle(z, { category: 'local', title: '有人打赏过的文章' });
  await z.dbh.db
    .insertInto('tips')
    .values({
      article_id: a.id,
      tipper_id: tipper.member!.id,
      author_id: a.authorId,
      amount: 10,
      author_share: 9,
      site_share: 1,
      anonymous: 0,
      message: '',
      ledger_tx_id: null,
      created_at: '2026-11-27T08:00:00.000Z',
    })
    .execute();
  await z.articles.remove(a.id);
  const r = await admin.post('/admin/articles/batch', { ids: [String(a.id)], op: 'purge', confirm: '1', back: 'status=deleted' });
  assert.equal(r.statusCode, 422);
  assert.ok(r.body.includes('有打赏或排名推广记录') && r.body.includes('有人打赏过的文章'));
  assert.equal((await z.articles.getAny(a.id))?.status, 'deleted');
});

test('文章管理: 定时发布 filter lists only scheduled articles; the 全选 box is in the header, hidden until its script runs', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  await makeArticle(z, { category: 'local', title: '已经发布的文章' });
  await makeArticle(z, { category: 'local', title: '明天才发布的文章', publishedAt: '2026-11-28T08:00:00.000Z' });
  await makeArticle(z, { category: 'local', title: '一篇草稿', status: 'draft' });
  const list = (await ed.get('/admin/articles/?status=scheduled')).body;
  assert.ok(list.includes('共 1 条') && list.includes('明天才发布的文章') && !list.includes('已经发布的文章') && !list.includes('一篇草稿'));
  assert.ok(list.includes('<option value="scheduled" selected>定时发布</option>'));
  assert.match(list, /<th>\s*<input type="checkbox" class="select-all" data-select-all="ids" hidden aria-label="全选"/);
  assert.ok(list.includes('src="/static/admin-articles.js?v='));
  assert.equal((await z.app.inject('/static/admin-articles.js')).statusCode, 200);
});

async function postMultipart(z: TestApp, c: Client, url: string, fields: Record<string, string>, png?: Buffer) {
  const boundary = `----zx${randomBytes(6).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (png)
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="coverFile"; filename="c.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return z.app.inject({
    method: 'POST',
    url: `${url}?_csrf=${encodeURIComponent(c.csrf)}`,
    headers: { cookie: c.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

test('添加文章: a cover uploaded with a form that fails validation is kept (its URL in the form), and used on the corrected post', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#36c' } })
    .png()
    .toBuffer();
  const fields = {
    title: '',
    subtitle: '',
    author: '',
    summary: '',
    body: '<p>正文。</p>',
    category: 'local',
    tags: '',
    cover: '',
    source: '',
    sourceUrl: '',
    recommendLevel: '2',
    status: 'published',
    publishedAt: '',
  };
  const bad = await postMultipart(z, ed, '/admin/articles/new', fields, png);
  assert.equal(bad.statusCode, 422);
  const url =
    /name="cover"[^>]*value="(\/uploads\/covers\/[^"]+)"/.exec(bad.body)?.[1] ?? /value="(\/uploads\/covers\/[^"]+)"[^>]*name="cover"/.exec(bad.body)?.[1];
  assert.ok(url, 'the stored cover’s URL is in the cover field');
  assert.ok(bad.body.includes('无需重新选择文件'));
  assert.ok(await z.storage.get(url.slice('/uploads/'.length)), 'the file is still stored');
  const ok = await postMultipart(z, ed, '/admin/articles/new', { ...fields, title: '带封面的推荐图文', cover: url });
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
  const id = Number(/articles\/(\d+)\/edit/.exec(ok.headers.location as string)?.[1]);
  const a = await z.articles.getAny(id);
  assert.equal(a?.cover, url);
  assert.equal(a?.recommendLevel, 2);
});

test('the article and page forms load the rich editor on the body textarea (pages without 分页), with the no-JS upload link', async (t) => {
  const z = await setup(t);
  const admin = await loginAs(z, 'boss', 'admin');
  const form = (await admin.get('/admin/articles/new')).body;
  assert.match(form, /<textarea id="f-body" name="body"[^>]*data-editor="[^"]*分页[^"]*"[^>]*data-upload="\/member\/articles\/images"/);
  assert.ok(form.includes('/static/editor.js') && form.includes('href="/member/articles/images"'));
  const pageForm = (await admin.get('/admin/pages/new')).body;
  assert.match(pageForm, /<textarea id="f-body" name="body"[^>]*data-pagebreak="off"/);
  assert.ok(pageForm.includes('/static/editor.js'));
});

/** A member's never-sent draft, then deleted: 恢复并发布 restores it but may not publish it. */
async function deletedMemberDraft(z: TestApp, m: Client, title: string): Promise<number> {
  const fields = { title, category: 'local', summary: '', body: '<p>草稿正文。</p>', tags: '', source: '', op: 'draft' };
  const sent = await m.post('/member/articles/new', fields);
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
  const id = Number(/id=(\d+)/.exec(sent.headers.location as string)?.[1]);
  await z.articles.remove(id);
  return id;
}

test('a batch with skipped rows answers 303; its result page reloads without running it again, and only for its own session', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  const draft = await deletedMemberDraft(z, await loginAs(z, 'writer', 'member'), '会员没投的稿');
  const a = await makeArticle(z, { category: 'local', title: '删错了的报道' });
  await z.articles.remove(a.id);

  const sent = await ed.post('/admin/articles/batch', { ids: [String(draft), String(a.id)], op: 'restore-publish', back: 'status=deleted&q=报道' });
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
  const location = String(sent.headers.location);
  assert.match(location, /^\/admin\/articles\/batch\/[A-Za-z0-9_-]{22}$/);
  const page = await ed.get(location);
  assert.equal(page.statusCode, 200);
  assert.ok(
    page.body.includes('已恢复并发布 1 篇；以下文章已恢复为草稿，但没有发布：《会员没投的稿》（作者尚未投稿，不能直接发布）'),
    page.body.slice(0, 3000),
  );
  assert.ok(page.body.includes('已处理的文章：《会员没投的稿》《删错了的报道》'), 'names what it did');
  assert.ok(page.body.includes('name="q" value="报道"') && page.body.includes('<option value="deleted" selected'), 'above the list it came from');
  assert.equal((await z.articles.getAny(a.id))?.status, 'published');
  const entries = (await actions(z)).length;

  // Deleted again meanwhile: reloading the result page shows the result and restores nothing.
  await z.articles.remove(a.id);
  const again = await ed.get(location);
  assert.equal(again.statusCode, 200);
  assert.ok(again.body.includes('已恢复并发布 1 篇') && again.body.includes('《会员没投的稿》（作者尚未投稿，不能直接发布）'));
  assert.equal((await z.articles.getAny(a.id))?.status, 'deleted', 'the batch did not run again');
  assert.equal((await actions(z)).length, entries, 'nothing audited by the reload');

  // Another editor, or the same editor's other log-in, sees a message and not the result.
  for (const other of [await loginAs(z, 'ed2', 'editor'), await loginAs(z, 'ed', 'editor'), await loginAs(z, 'boss', 'admin')]) {
    const foreign = await other.get(location);
    assert.equal(foreign.statusCode, 404);
    assert.ok(foreign.body.includes('这份批量操作结果已过期或不属于当前登录'));
    assert.ok(!foreign.body.includes('已恢复并发布 1 篇') && !foreign.body.includes('已处理的文章'), 'no trace of the result');
  }
  assert.equal((await (await loginAs(z, 'reader', 'member')).get(location)).statusCode, 403);
  z.clock.advance(31 * 60_000);
  const expired = await ed.get(location);
  assert.equal(expired.statusCode, 404);
  assert.ok(expired.body.includes('这份批量操作结果已过期') && !expired.body.includes('已恢复并发布 1 篇'));
});

/** A member's article published by an editor, with 10 points a publication (log-ins earn nothing): the reward is paid. */
async function rewardedMemberArticle(z: Awaited<ReturnType<typeof setup>>, title: string) {
  await z.points.saveRules([
    { rule: 'article', points: 10, dailyCap: 0 },
    { rule: 'login', points: 0, dailyCap: 0 },
  ]);
  const ed = await loginAs(z, 'ed', 'editor');
  const alice = await loginAs(z, 'alice', 'member');
  const sent = await alice.post('/member/articles/new', { title, category: 'local', summary: '', body: '<p>正文。</p>', tags: '', source: '', op: 'submit' });
  const id = Number(/id=(\d+)/.exec(sent.headers.location as string)?.[1]);
  assert.equal((await ed.post('/admin/articles/batch', { ids: [String(id)], op: 'publish' })).statusCode, 303);
  const balance = () => z.points.balance(alice.member!.id);
  assert.equal(await balance(), 10, 'the approval reward');
  return { ed, alice, id, balance };
}

test('恢复并发布 gives the author back the publication points its deletion took, once per deletion, never more than was taken', async (t) => {
  const z = await setup(t);
  const { ed, alice, id, balance } = await rewardedMemberArticle(z, '青川大桥通车');
  const trash = async () => assert.equal((await ed.post(`/admin/articles/${id}/delete`)).statusCode, 303);

  await trash();
  assert.equal(await balance(), 0, 'deleting it took the reward back');
  const one = await ed.post(`/admin/articles/${id}/restore`, { back: 'status=deleted', publish: '1' });
  assert.equal(one.statusCode, 303);
  assert.equal(await balance(), 10, '恢复并发布 gives it back');
  // Asked again with nothing taken since: nothing more.
  assert.equal(await z.points.restoreRewards({ type: 'article', id }, ed.member!.id), 0);
  assert.equal(await balance(), 10);

  // Deleted and restored again, by batch: the same reward, not a second one.
  await trash();
  assert.equal(await balance(), 0);
  assert.equal((await ed.post('/admin/articles/batch', { ids: [String(id)], op: 'restore-publish', back: 'status=deleted' })).statusCode, 303);
  assert.equal(await balance(), 10);

  // 恢复为草稿 is not back on the site: nothing is given back.
  await trash();
  assert.equal((await ed.post(`/admin/articles/${id}/restore`, { back: 'status=deleted' })).statusCode, 303);
  assert.equal(await balance(), 0);
  await trash();
  assert.equal((await ed.post(`/admin/articles/${id}/restore`, { back: 'status=deleted', publish: '1' })).statusCode, 303);
  assert.equal(await balance(), 10, 'the reversal made before the draft restore is still owed, once');

  // Spent meanwhile: the deletion took only what was left, and only that comes back.
  await z.points.adjust({ actorId: ed.member!.id, memberId: alice.member!.id, amount: -6, reason: '测试扣除' });
  await trash();
  assert.equal(await balance(), 0);
  assert.equal((await ed.post(`/admin/articles/${id}/restore`, { back: 'status=deleted', publish: '1' })).statusCode, 303);
  assert.equal(await balance(), 4, 'the 4 points taken, not the full 10');

  const report = await z.points.verify();
  assert.deepEqual(report.problems, []);
  const history = await alice.get('/member/points/');
  assert.ok(history.body.includes('奖励发还') && history.body.includes('文章已恢复发布，发还撤回的奖励 10 积分'));
});

test('恢复为草稿 then 发布 later gives the deleted article’s points back too (every way back onto the site)', async (t) => {
  const z = await setup(t);
  const { ed, alice, id, balance } = await rewardedMemberArticle(z, '河堤步道完工');
  assert.equal(await balance(), 10);
  assert.equal((await ed.post(`/admin/articles/${id}/delete`)).statusCode, 303);
  assert.equal(await balance(), 0);
  assert.equal((await ed.post(`/admin/articles/${id}/restore`, { back: 'status=deleted' })).statusCode, 303);
  assert.equal(await balance(), 0, 'a draft is not on the site');
  assert.equal((await ed.post('/admin/articles/batch', { ids: [String(id)], op: 'publish' })).statusCode, 303);
  assert.equal((await z.articles.getAny(id))?.status, 'published');
  assert.equal(await balance(), 10, '发布 of the restored draft gives the reward back');
  // 下架 (back to 草稿) and 发布 again: no sanction, so nothing was taken and nothing more is given.
  assert.equal((await ed.post('/admin/articles/batch', { ids: [String(id)], op: 'unpublish' })).statusCode, 303);
  assert.equal((await ed.post('/admin/articles/batch', { ids: [String(id)], op: 'publish' })).statusCode, 303);
  assert.equal(await balance(), 10);
});
