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
  await makeCategory(z, { slug: 'traffic', name: '交通' });
  await z.points.saveRules([{ rule: 'article', points: 10, dailyCap: 0 }]);
  return z;
}

async function submit(z: TestApp, m: Client, title = '青川新开一条公交线路'): Promise<number> {
  const r = await m.post('/member/articles/new', {
    title,
    category: 'local',
    summary: '',
    body: '<p>正文第一段。</p>',
    tags: '公交',
    source: '',
    op: 'submit',
  });
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  const id = Number(/id=(\d+)/.exec(r.headers.location as string)?.[1]);
  assert.equal((await z.articles.getAny(id))?.status, 'pending');
  return id;
}

async function inbox(z: TestApp, memberId: number) {
  return (await z.notifications.list(memberId, 1, 20)).items.map((n) => n.body);
}

async function actions(z: TestApp) {
  return (await z.audit.list({ limit: 50, offset: 0 })).items.map((e) => e.action);
}

function editFields(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: '青川公交新线路今日开通',
    subtitle: '副标题',
    summary: '',
    body: '<p>正文第一段。</p>',
    category: 'traffic',
    tags: '公交',
    cover: '',
    source: '',
    sourceUrl: '',
    recommendLevel: '1',
    verified: '1',
    status: 'published',
    publishedAt: '',
    ...over,
  };
}

test('publishing a pending submission from 文章管理 is an approval: points, 投稿通过 message, article.approve — once', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const ed = await loginAs(z, 'ed', 'editor');
  const id = await submit(z, alice);

  const r = await ed.post(`/admin/articles/${id}/edit`, editFields());
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, `/admin/articles/${id}/edit?ok=approved`);
  const a = await z.articles.getAny(id);
  assert.equal(a?.status, 'published');
  assert.equal(a?.title, '青川公交新线路今日开通');
  assert.equal(a?.subtitle, '副标题');
  assert.equal(a?.category.slug, 'traffic');
  assert.ok(a?.summary, 'an empty 核心提示 is filled from the body, as on approval');
  assert.equal((await z.app.inject(`/news/${id}.html`)).statusCode, 200);
  assert.equal(await z.points.balance(alice.member!.id), 10, 'the 文章通过审核 reward');
  const msgs = await inbox(z, alice.member!.id);
  assert.equal(msgs.length, 1);
  assert.ok(msgs[0]!.includes('青川公交新线路今日开通'));
  assert.deepEqual(await actions(z), ['article.approve']);

  // Saving again is an ordinary edit: no second reward, message or approval.
  const again = await ed.post(`/admin/articles/${id}/edit`, editFields({ title: '再改一次标题' }));
  assert.equal(again.headers.location, `/admin/articles/${id}/edit?ok=saved`);
  assert.equal(await z.points.balance(alice.member!.id), 10);
  assert.equal((await inbox(z, alice.member!.id)).length, 1);
  assert.deepEqual(await actions(z), ['article.update', 'article.approve']);
});

test('a future 发布时间 from 文章管理 schedules the submission (article.schedule) and tells the author when', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const ed = await loginAs(z, 'ed', 'editor');
  const id = await submit(z, alice);
  const r = await ed.post(`/admin/articles/${id}/edit`, editFields({ publishedAt: '2026-11-28T09:00' }));
  assert.equal(r.statusCode, 303);
  assert.ok((await ed.get(r.headers.location as string)).body.includes('将在设定的发布时间上线'), 'the editor is told it is scheduled, not live');
  assert.equal((await z.articles.getAny(id))?.publishedAt, '2026-11-28T01:00:00.000Z');
  assert.equal((await z.app.inject(`/news/${id}.html`)).statusCode, 404, 'not public before its time');
  assert.deepEqual(await actions(z), ['article.schedule']);
  assert.ok((await inbox(z, alice.member!.id))[0]?.includes('2026-11-28 09:00'));
});

test('batch 发布 approves pending submissions the review way, publishes drafts, and 下架 turns published ones into drafts', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const ed = await loginAs(z, 'ed', 'editor');
  const id = await submit(z, alice);
  const draft = await makeArticle(z, { category: 'local', title: '编辑的草稿', status: 'draft', author: 'ed' });
  const live = await makeArticle(z, { category: 'local', title: '已发布的文章' });

  const later = await makeArticle(z, { category: 'local', title: '定时的文章', publishedAt: '2026-12-01T08:00:00+08:00' });

  // Live and scheduled rows are left as they are and named; the rest of the batch is published.
  const sent = await ed.post('/admin/articles/batch', { ids: [String(id), String(live.id), String(later.id), String(draft.id)], op: 'publish' });
  assert.equal(sent.statusCode, 303);
  const ok = await ed.get(String(sent.headers.location));
  assert.equal(ok.statusCode, 200);
  assert.ok(ok.body.includes('已发布 2 篇'), ok.body.slice(0, 200));
  assert.ok(ok.body.includes('《已发布的文章》（已是发布状态）'));
  assert.ok(ok.body.includes('《定时的文章》（已定时于 2026-12-01 08:00 发布'));
  assert.equal((await z.articles.getAny(id))?.status, 'published');
  assert.equal((await z.articles.getAny(draft.id))?.status, 'published');
  assert.equal((await z.articles.getAny(later.id))?.publishedAt, '2026-12-01T00:00:00.000Z', 'the schedule stays');
  assert.equal(await z.points.balance(alice.member!.id), 10);
  assert.equal((await inbox(z, alice.member!.id)).length, 1);
  assert.ok((await actions(z)).includes('article.approve'));

  const down = await ed.post('/admin/articles/batch', { ids: [String(live.id)], op: 'unpublish' });
  assert.equal(down.statusCode, 303);
  assert.equal((await z.articles.getAny(live.id))?.status, 'draft');
  assert.equal((await z.app.inject(`/news/${live.id}.html`)).statusCode, 404);
});

test('添加文章: the list links to it; a staff article with every field, in the staff member’s or a member’s name; audited', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  await loginAs(z, 'alice');
  assert.ok((await ed.get('/admin/articles/')).body.includes('href="/admin/articles/new"'));
  const form = await ed.get('/admin/articles/new');
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes('name="subtitle"') && form.body.includes('name="recommendLevel"') && form.body.includes('name="publishedAt"'));
  assert.ok(form.body.includes('enctype="multipart/form-data"') && form.body.includes('name="coverFile"'));

  const ghost = await ed.post('/admin/articles/new', editFields({ author: 'nobody', category: 'local' }));
  assert.equal(ghost.statusCode, 422);
  assert.ok(ghost.body.includes('会员“nobody”不存在') && ghost.body.includes('value="青川公交新线路今日开通"'));
  await loginAs(z, 'mallory');
  await z.dbh.db.updateTable('members').set({ status: 'banned', ban_reason: '广告' }).where('username', '=', 'mallory').execute();
  const banned = await ed.post('/admin/articles/new', editFields({ author: 'mallory', category: 'local' }));
  assert.equal(banned.statusCode, 422);
  assert.ok(banned.body.includes('会员“mallory”已被封禁，不能作为作者'));
  const badStatus = await ed.post('/admin/articles/new', editFields({ status: 'pending' }));
  assert.equal(badStatus.statusCode, 422);
  assert.deepEqual(await actions(z), [], 'nothing written');

  const r = await ed.post('/admin/articles/new', editFields({ publishedAt: '2026-11-28T09:00' }));
  assert.equal(r.statusCode, 303);
  const id = Number(/articles\/(\d+)\/edit/.exec(r.headers.location as string)?.[1]);
  const a = await z.articles.getAny(id);
  assert.equal(a?.author.username, 'ed');
  assert.equal(a?.subtitle, '副标题');
  assert.equal(a?.recommendLevel, 1);
  assert.equal(a?.verified, true);
  assert.equal(a?.publishedAt, '2026-11-28T01:00:00.000Z', 'scheduled');

  const byAlice = await ed.post('/admin/articles/new', editFields({ author: 'alice', status: 'draft', title: '代会员发的稿' }));
  assert.equal(byAlice.statusCode, 303);
  const list = (await ed.get('/admin/articles/?author=alice')).body;
  assert.ok(list.includes('共 1 条') && list.includes('代会员发的稿'));
  assert.deepEqual(await actions(z), ['article.create', 'article.create']);
});

test('预览: staff see drafts, pending and scheduled articles as they will look; the list links to it, members get 403', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  const draft = await makeArticle(z, { category: 'local', title: '还没发的草稿', status: 'draft', body: '<p>草稿正文</p>' });
  const later = await makeArticle(z, { category: 'local', title: '定时的文章', publishedAt: '2026-12-01T08:00:00+08:00' });
  assert.equal((await z.app.inject(`/news/${draft.id}.html`)).statusCode, 404);
  const list = (await ed.get('/admin/articles/')).body;
  assert.ok(list.includes(`href="/admin/articles/${draft.id}/preview"`) && list.includes(`href="/admin/articles/${later.id}/preview"`));
  assert.ok((await ed.get(`/admin/articles/${draft.id}/edit`)).body.includes(`href="/admin/articles/${draft.id}/preview"`));
  const p = await ed.get(`/admin/articles/${draft.id}/preview`);
  assert.equal(p.statusCode, 200);
  assert.equal(p.headers['cache-control'], 'no-store');
  assert.ok(String(p.headers['x-robots-tag']).includes('noindex'));
  assert.ok(p.body.includes('预览（草稿）') && p.body.includes('<h1>还没发的草稿</h1>') && p.body.includes('草稿正文'));
  assert.ok((await ed.get(`/admin/articles/${later.id}/preview`)).body.includes('预览（定时发布）'));
  assert.equal((await (await loginAs(z, 'reader')).get(`/admin/articles/${draft.id}/preview`)).statusCode, 403);
});

test('回收站: deleted articles are listed under 已删除, restored as drafts (audited), and can be moved to another category', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  const a = await makeArticle(z, { category: 'local', title: '删错了的文章' });
  await z.articles.remove(a.id);
  const all = (await ed.get('/admin/articles/')).body;
  assert.ok(!all.includes('删错了的文章'), 'not in the ordinary list');
  const bin = (await ed.get('/admin/articles/?status=deleted')).body;
  assert.ok(bin.includes('<option value="deleted" selected>已删除（回收站）</option>'));
  assert.ok(bin.includes('共 1 条') && bin.includes('删错了的文章') && bin.includes(`action="/admin/articles/${a.id}/restore"`));

  const notMove = await ed.post('/admin/articles/batch', { ids: [String(a.id)], op: 'level:1' });
  assert.equal(notMove.statusCode, 422);
  assert.ok(notMove.body.includes('回收站中的文章只能恢复、彻底删除或移动栏目'));
  const moved = await ed.post('/admin/articles/batch', { ids: [String(a.id)], op: 'move', category: 'traffic', back: 'status=deleted' });
  assert.equal(moved.statusCode, 303);
  assert.equal((await z.articles.getAny(a.id))?.category.slug, 'traffic');
  assert.equal((await z.articles.getAny(a.id))?.status, 'deleted');

  const r = await ed.post(`/admin/articles/${a.id}/restore`, { back: 'status=deleted' });
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, '/admin/articles/?status=deleted&ok=restored');
  assert.equal((await z.articles.getAny(a.id))?.status, 'draft');
  assert.ok((await ed.get('/admin/articles/?status=draft')).body.includes('删错了的文章'));
  assert.deepEqual(await actions(z), ['article.restore', 'article.update']);
  assert.equal((await ed.post(`/admin/articles/${a.id}/restore`, {})).statusCode, 404, 'only a deleted article is restored');
});

test('search finds an article by its id and by its author’s username', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  const a = await makeArticle(z, { category: 'local', title: '编号搜索的文章', author: 'bianji01' });
  await makeArticle(z, { category: 'local', title: '别人的文章', author: 'someone' });
  const byId = (await ed.get(`/admin/articles/?q=${a.id}`)).body;
  assert.ok(byId.includes('共 1 条') && byId.includes('编号搜索的文章'));
  const byAuthor = (await ed.get('/admin/articles/?q=bianji01')).body;
  assert.ok(byAuthor.includes('共 1 条') && byAuthor.includes('编号搜索的文章'));
  assert.ok((await ed.get('/admin/articles/?author=BIANJI01')).body.includes('共 1 条'));
});

test('the edit form uploads a cover (re-encoded, stored) and refuses a /uploads/ path that does not exist', async (t) => {
  const z = await setup(t);
  const ed = await loginAs(z, 'ed', 'editor');
  const a = await makeArticle(z, { category: 'local', title: '要配封面的文章' });
  const missing = await ed.post(`/admin/articles/${a.id}/edit`, editFields({ category: 'local', cover: '/uploads/covers/none.jpg', recommendLevel: '2' }));
  assert.equal(missing.statusCode, 422);
  assert.ok(missing.body.includes('本站没有这张图片'));
  assert.equal((await z.articles.getAny(a.id))?.recommendLevel, 0);

  const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c33' } })
    .png()
    .toBuffer();
  const boundary = `----zx${randomBytes(6).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(editFields({ category: 'local', recommendLevel: '2' })))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="coverFile"; filename="c.png"\r\nContent-Type: image/png\r\n\r\n`), png);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  const r = await z.app.inject({
    method: 'POST',
    url: `/admin/articles/${a.id}/edit?_csrf=${encodeURIComponent(ed.csrf)}`,
    headers: { cookie: ed.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
  assert.equal(r.statusCode, 303, r.body.slice(0, 500));
  const after = await z.articles.getAny(a.id);
  assert.match(after?.cover ?? '', /^\/uploads\/covers\/\d{4}\/\d{2}\/[0-9a-f]+\.png$/);
  assert.equal(after?.recommendLevel, 2, 'a 推荐图文 with a cover that exists');
  assert.ok(await z.storage.get((after?.cover ?? '').slice('/uploads/'.length)));
});
