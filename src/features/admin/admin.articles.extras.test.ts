// 添加文章 / 编辑 with the per-article SEO 关键词/描述, 允许评论 and 跳转链接.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const fields = (over: Record<string, string> = {}): Record<string, string> => ({
  title: '青川港扩建工程开工',
  subtitle: '',
  summary: '港口二期工程今日开工。',
  body: '<p>港口二期工程今日开工。</p>',
  category: 'local',
  tags: '港口',
  cover: '',
  source: '',
  sourceUrl: '',
  recommendLevel: '0',
  status: 'published',
  publishedAt: '',
  extrasShown: '1',
  keywords: '港口，码头 、扩建',
  description: '青川港二期扩建工程开工。',
  redirectUrl: '',
  allowComments: '1',
  ...over,
});

test('添加文章 and 编辑 save SEO fields, 允许评论 and 跳转链接; the form shows them again; changes are audited', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const ed = await loginAs(z, 'desk', 'editor');
  const created = await ed.post('/admin/articles/new', fields());
  assert.equal(created.statusCode, 303, created.body);
  const id = Number(/\/admin\/articles\/(\d+)\/edit/.exec(String(created.headers.location))?.[1]);
  let a = await z.articles.getAny(id);
  assert.equal(a?.keywords, '港口, 码头, 扩建');
  assert.equal(a?.description, '青川港二期扩建工程开工。');
  assert.equal(a?.allowComments, true);

  const form = (await ed.get(`/admin/articles/${id}/edit`)).body;
  assert.match(form, /name="keywords"[^>]*value="港口, 码头, 扩建"/);
  assert.ok(form.includes('青川港二期扩建工程开工。</textarea>'));
  assert.match(form, /name="allowComments" value="1" checked/);

  // Unticking 允许评论 closes comments; a redirect is saved; the page purged shows the new head.
  const saved = await ed.post(`/admin/articles/${id}/edit`, fields({ allowComments: '', keywords: '码头', redirectUrl: 'https://example.com/port' }));
  assert.equal(saved.statusCode, 303, saved.body);
  a = await z.articles.getAny(id);
  assert.equal(a?.allowComments, false);
  assert.equal(a?.keywords, '码头');
  assert.equal(a?.redirectUrl, 'https://example.com/port');
  const entry = (await z.audit.list({ limit: 5, offset: 0 })).items.find((e) => e.action === 'article.update');
  assert.deepEqual([...((entry?.detail as { changed?: string[] }).changed ?? [])].sort(), ['allowComments', 'keywords', 'redirectUrl']);
  assert.equal((entry?.detail as { redirectUrl?: string }).redirectUrl, 'https://example.com/port', 'where readers are sent is on record');

  // A form without the fields (e.g. an older copy of it) leaves them as they are.
  const { extrasShown: _e, keywords: _k, description: _d, redirectUrl: _r, allowComments: _c, ...older } = fields({ title: '标题改了' });
  assert.equal((await ed.post(`/admin/articles/${id}/edit`, older)).statusCode, 303);
  a = await z.articles.getAny(id);
  assert.equal(a?.title, '标题改了');
  assert.equal(a?.allowComments, false);
  assert.equal(a?.redirectUrl, 'https://example.com/port');
  assert.equal(a?.keywords, '码头');
});

test('bad SEO fields or redirect: 422 with each message, typed values kept, nothing written', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const a = await makeArticle(z, { category: 'local', title: '原标题', keywords: '原关键词' });
  const ed = await loginAs(z, 'desk', 'editor');
  const bad = { keywords: '很长的关键词'.repeat(20), description: '描'.repeat(201), redirectUrl: '/news/1.html', title: '新标题' };
  const res = await ed.post(`/admin/articles/${a.id}/edit`, fields(bad));
  assert.equal(res.statusCode, 422);
  assert.ok(res.body.includes('SEO 关键词不超过100个字符'));
  assert.ok(res.body.includes('SEO 描述不超过200个字符'));
  assert.ok(res.body.includes('跳转链接必须是 http:// 或 https:// 开头的网址'));
  assert.ok(res.body.includes('value="/news/1.html"'), 'keeps what was typed');
  const after = await z.articles.getAny(a.id);
  assert.equal(after?.title, '原标题');
  assert.equal(after?.keywords, '原关键词');
  assert.equal(after?.redirectUrl, '');

  const before = (await z.dbh.db.selectFrom('articles').select('id').execute()).length;
  const created = await ed.post('/admin/articles/new', fields({ redirectUrl: 'javascript:alert(1)' }));
  assert.equal(created.statusCode, 422);
  assert.equal((await z.dbh.db.selectFrom('articles').select('id').execute()).length, before);
});
