import { test } from 'node:test';
import { splitTags as splitTagsForTest } from './admin.articles.form.ts';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function site(z: TestApp) {
  await makeCategory(z, { slug: 'city', name: '城市' });
  await makeCategory(z, { slug: 'metro', name: '地铁', parent: 'city' });
  await makeCategory(z, { slug: 'money', name: '财经' });
  const a = await makeArticle(z, { category: 'metro', title: '地铁三号线开通', recommendLevel: 1 });
  const b = await makeArticle(z, { category: 'money', title: '财经早报 100%_涨', status: 'pending' });
  // A staff member's draft (a member's own draft is not published from 文章管理: admin.articles.review-path.test.ts).
  await loginAs(z, 'desk', 'editor');
  const c = await makeArticle(z, { category: 'city', title: '城市<script>alert(1)</script>新闻', status: 'draft', author: 'desk' });
  return { a, b, c };
}

async function auditActions(z: TestApp) {
  return (await z.audit.list({ limit: 50, offset: 0 })).items.map((e) => e.action);
}

test('the article list is for staff: editors and admins see it, members get 403, guests log in first', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await site(z);
  for (const role of ['editor', 'admin'] as const) {
    const res = await (await loginAs(z, `${role}1`, role)).get('/admin/articles/');
    assert.equal(res.statusCode, 200, role);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.ok(res.body.includes('地铁三号线开通'));
  }
  assert.equal((await (await loginAs(z, 'reader', 'member')).get('/admin/articles/')).statusCode, 403);
  assert.equal((await (await loginAs(z, 'trusty', 'trusted')).get('/admin/articles/')).statusCode, 403);
  const g = await guest(z).get('/admin/articles/?status=draft');
  assert.equal(g.statusCode, 303);
  assert.equal(g.headers.location, `/member/login?next=${encodeURIComponent('/admin/articles/?status=draft')}`);
});

test('filters narrow the list by status, category subtree, recommend level and title; titles are escaped', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await site(z);
  const ed = await loginAs(z, 'editor1', 'editor');
  const all = (await ed.get('/admin/articles/')).body;
  assert.ok(all.includes('共 3 条'));
  assert.ok(all.includes('城市&lt;script&gt;alert(1)&lt;/script&gt;新闻') && !all.includes('<script>alert(1)'));
  const pending = (await ed.get('/admin/articles/?status=pending')).body;
  assert.ok(pending.includes('共 1 条') && pending.includes('财经早报'));
  const city = (await ed.get('/admin/articles/?category=city')).body;
  assert.ok(city.includes('共 2 条') && city.includes('地铁三号线开通'), 'a category includes its subcategories');
  const own = (await ed.get('/admin/articles/?category=city&own=1')).body;
  assert.ok(own.includes('共 1 条') && !own.includes('地铁三号线开通'), '不含子栏目: the category’s own articles only');
  assert.match(own, /<input type="checkbox" name="own" value="1" checked/);
  assert.ok((await ed.get('/admin/articles/?level=1')).body.includes('共 1 条'));
  const search = (await ed.get(`/admin/articles/?q=${encodeURIComponent('100%_')}`)).body;
  assert.ok(search.includes('共 1 条') && search.includes('财经早报'), '% and _ are literal in a title search');
  assert.ok((await ed.get(`/admin/articles/?q=${encodeURIComponent('%')}`)).body.includes('共 1 条'));
  assert.ok((await ed.get('/admin/articles/?status=bogus&level=9&page=x')).body.includes('共 3 条'), 'bad filters are ignored');
});

test('the list is paginated, twenty to a page, keeping the filters in the page links', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  for (let i = 1; i <= 23; i++) await makeArticle(z, { category: 'city', title: `分页文章${i}号` });
  const ed = await loginAs(z, 'editor1', 'editor');
  const p1 = (await ed.get('/admin/articles/?category=city')).body;
  assert.ok(p1.includes('分页文章23号') && !p1.includes('分页文章3号<'));
  assert.ok(p1.includes('href="/admin/articles/?category=city&amp;page=2"'));
  const p2 = (await ed.get('/admin/articles/?category=city&page=2')).body;
  assert.ok(p2.includes('分页文章3号') && p2.includes('分页文章1号') && !p2.includes('分页文章23号'));
});

test('editing an article: bad input re-renders with 422, messages and what was typed, and writes nothing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { a } = await site(z);
  const ed = await loginAs(z, 'editor1', 'editor');
  const form = (await ed.get(`/admin/articles/${a.id}/edit`)).body;
  assert.ok(form.includes('value="地铁三号线开通"') && form.includes('name="_csrf"'));

  const bad = await ed.post(`/admin/articles/${a.id}/edit`, {
    title: '',
    subtitle: '我输入的副标题',
    summary: '',
    body: '<p>新正文</p>',
    category: 'nowhere',
    tags: '地铁',
    cover: 'javascript:alert(1)',
    recommendLevel: '2',
    status: 'published',
    publishedAt: '明天',
  });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('标题不能为空'));
  assert.ok(bad.body.includes('发布时间格式应为'));
  assert.ok(bad.body.includes('必须是 http(s):// 开头的网址'));
  assert.ok(bad.body.includes('value="我输入的副标题"'), 'what was typed is kept');
  const after = await z.articles.getAny(a.id);
  assert.equal(after?.title, '地铁三号线开通');
  assert.equal(after?.subtitle, '');

  const bad2 = await ed.post(`/admin/articles/${a.id}/edit`, {
    title: '新标题',
    body: '<p>x</p>',
    category: 'nowhere',
    recommendLevel: '0',
    status: 'published',
  });
  assert.equal(bad2.statusCode, 422);
  assert.ok(bad2.body.includes('栏目不存在'), 'the service’s checks show as field messages too');
  assert.equal((await z.articles.getAny(a.id))?.title, '地铁三号线开通');
  assert.deepEqual(await auditActions(z), []);
});

test('editing an article saves every field through the service, sanitizes the body and is audited', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { c } = await site(z);
  await z.storage.put('a.jpg', Buffer.from('picture')); // a /uploads/ cover must exist
  const ed = await loginAs(z, 'editor1', 'editor');
  const res = await ed.post(`/admin/articles/${c.id}/edit`, {
    title: '城市新闻（已改）',
    subtitle: '副标题',
    summary: '提示',
    body: '<p onclick="x()">正文<script>alert(1)</script></p>',
    category: 'money',
    tags: '财经, 城市 财经',
    cover: '/uploads/a.jpg',
    source: '青川日报',
    sourceUrl: 'https://example.com/a',
    original: '1',
    recommendLevel: '2',
    verified: '1',
    status: 'published',
    publishedAt: '2026-11-27T09:30',
  });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/admin/articles/${c.id}/edit?ok=saved`);
  const d = await z.articles.getAny(c.id);
  assert.equal(d?.title, '城市新闻（已改）');
  assert.equal(d?.body, '<p>正文</p>');
  assert.equal(d?.category.slug, 'money');
  assert.deepEqual([...(d?.tags ?? [])].sort(), ['城市 财经', '财经'], 'commas separate tags, as on the member form; a tag may hold a space');
  // Saved again untouched, the tags stay as they are.
  const form = await ed.get(`/admin/articles/${c.id}/edit`);
  const typed = /name="tags"[^>]*value="([^"]*)"/.exec(form.body)?.[1] ?? '';
  assert.deepEqual(splitTagsForTest(typed).sort(), ['城市 财经', '财经']);
  assert.equal(d?.recommendLevel, 2);
  assert.equal(d?.verified, true);
  assert.equal(d?.original, true);
  assert.equal(d?.status, 'published');
  assert.equal(d?.publishedAt, '2026-11-27T01:30:00.000Z', 'the form’s time is China time');
  assert.ok((await ed.get(res.headers.location as string)).body.includes('已保存'));
  const [entry] = (await z.audit.list({ limit: 5, offset: 0 })).items;
  assert.equal(entry?.action, 'article.update');
  assert.equal(entry?.actorId, ed.member?.id);
  assert.equal(entry?.targetId, c.id);
  assert.ok((entry?.detail.changed as string[]).includes('title'));
  assert.equal((await z.app.inject(`/news/${c.id}.html`)).statusCode, 200, 'published now');

  // Saving the form untouched keeps the stored publication instant to the millisecond.
  const again = await ed.post(`/admin/articles/${c.id}/edit`, {
    title: '城市新闻（已改）',
    body: '<p>正文</p>',
    category: 'money',
    cover: '/uploads/a.jpg',
    recommendLevel: '2',
    status: 'published',
    publishedAt: '2026-11-27T09:30',
  });
  assert.equal(again.statusCode, 303);
  assert.equal((await z.articles.getAny(c.id))?.publishedAt, '2026-11-27T01:30:00.000Z');
});

test('quick actions set the recommend level and the verified flag; a picture pick needs a cover', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { a } = await site(z);
  const ed = await loginAs(z, 'editor1', 'editor');
  const ok = await ed.post(`/admin/articles/${a.id}/recommend`, { level: '3', back: 'status=published&evil=https://x' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/admin/articles/?status=published&ok=recommend');
  assert.equal((await z.articles.getAny(a.id))?.recommendLevel, 3);

  const refused = await ed.post(`/admin/articles/${a.id}/recommend`, { level: '2', back: '' });
  assert.equal(refused.statusCode, 422);
  assert.ok(refused.body.includes('推荐图文需要封面图片'));
  assert.equal((await z.articles.getAny(a.id))?.recommendLevel, 3);

  const v = await ed.post(`/admin/articles/${a.id}/verify`, { verified: '1' });
  assert.equal(v.statusCode, 303);
  assert.equal((await z.articles.getAny(a.id))?.verified, true);
  assert.deepEqual(await auditActions(z), ['article.verify', 'article.recommend']);
  assert.equal((await (await loginAs(z, 'reader', 'member')).post(`/admin/articles/${a.id}/verify`, { verified: '0' })).statusCode, 403);
  assert.equal((await z.articles.getAny(a.id))?.verified, true);
});

test('deleting asks first, then soft-deletes, audits and takes the article off the site', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { a } = await site(z);
  const ed = await loginAs(z, 'editor1', 'editor');
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 200);
  const confirm = await ed.get(`/admin/articles/${a.id}/delete`);
  assert.equal(confirm.statusCode, 200);
  assert.ok(confirm.body.includes('确定要删除文章“地铁三号线开通”吗') && confirm.body.includes(`action="/admin/articles/${a.id}/delete"`));
  assert.ok(confirm.body.includes('进入回收站') && !confirm.body.includes('删除后不能恢复'), 'says where it goes: it can be restored');
  assert.equal((await z.articles.getAny(a.id))?.status, 'published', 'showing the confirmation changes nothing');
  const res = await ed.post(`/admin/articles/${a.id}/delete`);
  assert.equal(res.statusCode, 303);
  assert.equal((await z.articles.getAny(a.id))?.status, 'deleted');
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 404);
  assert.deepEqual(await auditActions(z), ['article.delete']);
  assert.equal((await ed.get(`/admin/articles/${a.id}/edit`)).statusCode, 404);
  assert.ok(!(await ed.get('/admin/articles/')).body.includes('地铁三号线开通'));
});

test('batch: the ticked articles are moved, recommended or marked together; bad input changes nothing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { a, b, c } = await site(z);
  const ed = await loginAs(z, 'editor1', 'editor');
  const list = await ed.get('/admin/articles/');
  assert.ok(list.body.includes('<form method="post" action="/admin/articles/batch" id="batch"'));
  assert.ok(list.body.includes(`<input type="checkbox" name="ids" value="${a.id}" form="batch"`), 'each row has a checkbox of the batch form');
  const ids = [a.id, b.id, c.id].map(String);
  const state = async () =>
    Promise.all(
      [a, b, c].map(async (x) => (({ categoryId, recommendLevel, verified }) => ({ categoryId, recommendLevel, verified }))((await z.articles.getAny(x.id))!)),
    );
  const before = await state();
  const refusals: Array<[Record<string, string | string[]>, string]> = [
    [{ op: 'move', category: 'money' }, '请先勾选要处理的文章'],
    [{ ids, op: '' }, '请选择要执行的批量操作'],
    [{ ids, op: 'explode' }, '请选择要执行的批量操作'],
    [{ ids, op: 'move', category: '' }, '请选择要移动到的栏目'],
    [{ ids, op: 'move', category: 'nowhere' }, '请选择要移动到的栏目'],
    [{ ids: [...ids, '999999'], op: 'verify' }, '所选文章中有的已不存在或已删除（编号 999999）'],
    [{ ids: Array.from({ length: 101 }, (_, i) => String(i + 1)), op: 'verify' }, '一次最多处理 100 篇文章'],
  ];
  for (const [fields, message] of refusals) {
    const r = await ed.post('/admin/articles/batch', { ...fields, back: 'status=published' });
    assert.equal(r.statusCode, 422, JSON.stringify(fields).slice(0, 200));
    assert.ok(r.body.includes(message), message);
  }
  assert.deepEqual(await state(), before, 'nothing changed');
  assert.deepEqual(await auditActions(z), []);

  const money = (await z.categories.bySlug('money'))!;
  const moved = await ed.post('/admin/articles/batch', { ids: [String(a.id), String(c.id)], op: 'move', category: 'money', back: 'status=published' });
  assert.equal(moved.statusCode, 303);
  assert.equal(moved.headers.location, '/admin/articles/?status=published&ok=batch');
  assert.ok((await ed.get(moved.headers.location as string)).body.includes('批量操作已完成'));
  assert.deepEqual(
    (await state()).map((x) => x.categoryId),
    [money.id, money.id, money.id],
  );
  assert.ok((await z.app.inject('/category/money/')).body.includes('地铁三号线开通'), 'the public list follows');

  assert.equal((await ed.post('/admin/articles/batch', { ids, op: 'level:1' })).statusCode, 303);
  assert.equal((await ed.post('/admin/articles/batch', { ids, op: 'verify' })).statusCode, 303);
  assert.deepEqual(
    (await state()).map((x) => [x.recommendLevel, x.verified]),
    [
      [1, true],
      [1, true],
      [1, true],
    ],
  );
  // One audit entry per article changed (a already had level 1).
  assert.deepEqual(
    (await auditActions(z)).sort(),
    [...Array(3).fill('article.verify'), ...Array(2).fill('article.recommend'), ...Array(2).fill('article.update')].sort(),
  );
  assert.equal((await (await loginAs(z, 'reader', 'member')).post('/admin/articles/batch', { ids, op: 'unverify' })).statusCode, 403);
  assert.ok((await state()).every((x) => x.verified));
});

test('batch delete asks first, naming every article, then soft-deletes them all', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { a, b } = await site(z);
  const ed = await loginAs(z, 'editor1', 'editor');
  const ids = [String(a.id), String(b.id)];
  const ask = await ed.post('/admin/articles/batch', { ids, op: 'delete', back: 'q=地铁' });
  assert.equal(ask.statusCode, 200);
  assert.ok(ask.body.includes('确定要删除以下 2 篇文章吗') && ask.body.includes('地铁三号线开通') && ask.body.includes('财经早报 100%_涨'));
  assert.ok(ask.body.includes('<input type="hidden" name="confirm" value="1">'));
  assert.equal((await z.articles.getAny(a.id))?.status, 'published', 'asking changes nothing');
  const done = await ed.post('/admin/articles/batch', { ids, op: 'delete', confirm: '1', back: 'q=地铁' });
  assert.equal(done.statusCode, 303);
  assert.equal((await z.articles.getAny(a.id))?.status, 'deleted');
  assert.equal((await z.articles.getAny(b.id))?.status, 'deleted');
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 404);
  assert.deepEqual(await auditActions(z), ['article.delete', 'article.delete']);
  const again = await ed.post('/admin/articles/batch', { ids, op: 'delete', confirm: '1' });
  assert.equal(again.statusCode, 422, 'already deleted: refused, named');
});
