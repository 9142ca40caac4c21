// Per-article SEO 关键词/描述, 允许评论 and 跳转链接 (migration 2026112929): the API, the page head, the
// 302, closed comments, and import/export carrying them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { body, createApiFixture } from '../../test/api.ts';
import { guest, loginAs } from '../../test/session.ts';
import { articleJson } from '../api/index.ts';
import { articleRecord } from './articles.admin-queries.ts';
import { createArticleImporter, parseImportLine } from './articles.import.ts';

const input = (over: Record<string, unknown> = {}) => ({
  title: '青川大桥今日通车',
  summary: '大桥通车的核心提示。',
  body: '<p>青川大桥今天上午正式通车。</p>',
  category: 'local',
  tags: ['交通'],
  author: 'api_reporter',
  ...over,
});

const decode = (s: string) => s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] as string);
const meta = (html: string, name: string) => {
  const m = new RegExp(`<meta (?:name|property)="${name}" content="([^"]*)">`).exec(html.slice(0, html.indexOf('</head>')));
  return m ? decode(m[1] as string) : undefined;
};

test('API: keywords (one string, normalised) and description round trip, and drive the page head; empty falls back', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  const res = await call('POST', '/api/v1/articles', {
    as: 'editor',
    body: input({ keywords: '青川大桥，通车、交通；交通  大桥', description: '  青川大桥\n今天通车，市民可以免费通行。 ' }),
  });
  assert.equal(res.statusCode, 201, res.body);
  const a = body(res);
  assert.equal(a.keywords, '青川大桥, 通车, 交通, 大桥', 'full-width separators become ", ", repeats dropped');
  assert.equal(a.description, '青川大桥 今天通车，市民可以免费通行。');
  assert.equal(a.allowComments, true);
  assert.equal(a.redirectUrl, '');
  assert.deepEqual(body(await call('GET', `/api/v1/articles/${a.id}`, { as: 'editor' })).keywords, '青川大桥, 通车, 交通, 大桥');

  for (const path of [`/news/${a.id}.html`, `/mobile/news/${a.id}.html`]) {
    const html = (await z.app.inject(path)).body;
    assert.equal(meta(html, 'keywords'), '青川大桥, 通车, 交通, 大桥', path);
    assert.equal(meta(html, 'description'), '青川大桥 今天通车，市民可以免费通行。', path);
    assert.equal(meta(html, 'og:description'), '青川大桥 今天通车，市民可以免费通行。', path);
  }

  // Cleared with PATCH: the page is purged and falls back to the tags and the summary.
  const cleared = await call('PATCH', `/api/v1/articles/${a.id}`, { as: 'editor', body: { keywords: '', description: '' } });
  assert.equal(cleared.statusCode, 200, cleared.body);
  const html = (await z.app.inject(`/news/${a.id}.html`)).body;
  assert.equal(meta(html, 'keywords'), '交通');
  assert.equal(meta(html, 'description'), '大桥通车的核心提示。');
  assert.equal(meta(html, 'og:description'), '大桥通车的核心提示。');

  // Without a summary the start of the body describes it (as before).
  const plain = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input({ title: '无提示', summary: '' }) }));
  assert.equal(meta((await z.app.inject(`/news/${plain.id}.html`)).body, 'description'), '青川大桥今天上午正式通车。');

  // The OpenAPI document names the fields, keywords as a string.
  const doc = body(await call('GET', '/api/v1/openapi.json'));
  const props = doc.components.schemas.ArticleInput.properties;
  assert.equal(props.keywords.type, 'string');
  assert.equal(props.allowComments.type, 'boolean');
  assert.ok(props.redirectUrl && props.description);
});

test('API: bad keywords, description and redirect URL are one 422 naming each, and nothing is written', async (t) => {
  const { z, call, counts } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const before = await counts();
  const res = await call('POST', '/api/v1/articles', {
    as: 'editor',
    body: input({ keywords: '关键词'.repeat(40), description: '描'.repeat(201), redirectUrl: 'javascript:alert(1)', allowComments: 'no' }),
  });
  assert.equal(res.statusCode, 422);
  const f = body(res).error.fields;
  assert.equal(f.keywords, 'SEO 关键词不超过100个字符');
  assert.equal(f.description, 'SEO 描述不超过200个字符');
  assert.equal(f.redirectUrl, '跳转链接必须是 http:// 或 https:// 开头的网址');
  assert.ok(f.allowComments);
  for (const bad of ['/news/1.html', '//evil.example/x', 'ftp://example.com/a', 'https://exa mple.com/']) {
    const r = await call('POST', '/api/v1/articles', { as: 'editor', body: input({ redirectUrl: bad }) });
    assert.equal(r.statusCode, 422, bad);
    assert.ok(body(r).error.fields.redirectUrl, bad);
  }
  assert.deepEqual(await counts(), before);
});

test('跳转链接: the article page answers 302 (desktop, mobile, later pages), lists still link to the page; cleared, the page is back', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  const a = await makeArticle(z, { category: 'local', title: '外链文章', body: '<p>一</p><hr class="pagebreak"><p>二</p>' });
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 200, 'cached before the link is set');
  const r = await call('PATCH', `/api/v1/articles/${a.id}`, { as: 'editor', body: { redirectUrl: 'https://example.com/新闻/1?a=1' } });
  assert.equal(r.statusCode, 200, r.body);
  for (const path of [`/news/${a.id}.html`, `/mobile/news/${a.id}.html`, `/news/${a.id}_2.html`]) {
    const res = await z.app.inject(path);
    assert.equal(res.statusCode, 302, path);
    assert.equal(res.headers.location, 'https://example.com/%E6%96%B0%E9%97%BB/1?a=1');
    assert.equal(res.headers['cache-control'], 'no-store');
  }
  const list = (await z.app.inject('/category/local/')).body;
  assert.ok(list.includes(`/news/${a.id}.html`), 'lists link to the article page as usual');
  // Staff preview shows the article with a note.
  const ed = await loginAs(z, 'desk', 'editor');
  const preview = await ed.get(`/admin/articles/${a.id}/preview`);
  assert.equal(preview.statusCode, 200);
  assert.ok(preview.body.includes('本文设置了跳转链接') && preview.body.includes('外链文章'));
  await call('PATCH', `/api/v1/articles/${a.id}`, { as: 'editor', body: { redirectUrl: '' } });
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 200);
});

test('允许评论 off: the page says 本文已关闭评论, old comments stay with their count, a POST is refused (page and JSON)', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const a = await makeArticle(z, { category: 'local', title: '评论文章' });
  const alice = await loginAs(z, 'alice');
  assert.equal((await alice.post(`/news/${a.id}/comments`, { body: '关闭之前的评论' })).statusCode, 303);
  const patched = await call('PATCH', `/api/v1/articles/${a.id}`, { as: 'editor', body: { allowComments: false } });
  assert.equal(body(patched).allowComments, false);

  for (const path of [`/news/${a.id}.html`, `/mobile/news/${a.id}.html`, `/news/${a.id}/comments`]) {
    const html = (await guest(z).get(path)).body;
    assert.ok(html.includes('本文已关闭评论'), path);
    assert.ok(!html.includes('name="body"'), `${path}: no form`);
    assert.ok(html.includes('关闭之前的评论'), `${path}: existing comments stay`);
    assert.ok(!html.includes('class="write-title"'), `${path}: no 发表评论 heading over a form that is not there`);
  }
  const page = (await guest(z).get(`/news/${a.id}.html`)).body;
  assert.match(page, /<a class="act comment" href="#comments-title">评论 <span class="n">1<\/span><\/a>/, 'the action bar count stays');
  assert.ok((await alice.get(`/news/${a.id}/comments/write`)).body.includes('本文已关闭评论'));

  const refused = await alice.post(`/news/${a.id}/comments`, { body: '关闭之后的评论' });
  assert.equal(refused.statusCode, 403);
  assert.ok(refused.body.includes('本文已关闭评论，不能再发表评论'));
  const json = await alice.post(`/news/${a.id}/comments`, { body: '脚本发的评论' }, { headers: { accept: 'application/json' } });
  assert.equal(json.statusCode, 403);
  assert.deepEqual(JSON.parse(json.body), { error: { code: 'comments_closed', message: '本文已关闭评论，不能再发表评论' } });
  const staff = await loginAs(z, 'desk', 'editor');
  assert.equal((await staff.post(`/news/${a.id}/comments`, { body: '编辑也不能评论' })).statusCode, 403);
  assert.equal((await z.articles.getAny(a.id))!.commentCount, 1, 'nothing written');
  // Nor can a comment posted before be rewritten while closed (its edit window is still open).
  const mine = (await z.dbh.db.selectFrom('comments').select('id').where('article_id', '=', a.id).executeTakeFirstOrThrow()).id;
  const edit = await alice.post(`/member/comments/${mine}/edit`, { body: '关闭之后改写的评论' });
  assert.equal(edit.statusCode, 403);
  assert.ok(edit.body.includes('本文已关闭评论'));
  assert.ok((await guest(z).get(`/news/${a.id}.html`)).body.includes('关闭之前的评论'), 'the comment is as it was');

  // The site-wide switch still wins: its own message, also on an article that allows comments.
  await z.settings.update({ commentsEnabled: false });
  assert.ok((await guest(z).get(`/news/${a.id}.html`)).body.includes('本站评论功能已关闭'));
  await z.settings.update({ commentsEnabled: true });
  await call('PATCH', `/api/v1/articles/${a.id}`, { as: 'editor', body: { allowComments: true } });
  const bob = await loginAs(z, 'bob'); // alice posted within the 15 s limit
  assert.equal((await bob.post(`/news/${a.id}/comments`, { body: '重新打开后的评论' })).statusCode, 303);
});

test('export lines carry the fields and import writes them back (and treats a change as an update)', async (t) => {
  const { z } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const a = await makeArticle(z, {
    category: 'local',
    keywords: '大桥、通车',
    description: '描述',
    allowComments: false,
    redirectUrl: 'https://example.com/a',
  });
  const line = articleJson((await articleRecord(z.dbh.db, a.id))!, 'https://www.example.cn');
  assert.equal(line.keywords, '大桥, 通车');
  assert.equal(line.description, '描述');
  assert.equal(line.allowComments, false);
  assert.equal(line.redirectUrl, 'https://example.com/a');

  const importer = createArticleImporter({ dbh: z.dbh, clock: z.clock, categories: z.categories, members: z.members });
  const parse = (over: Record<string, unknown>) => {
    const r = parseImportLine(JSON.parse(JSON.stringify({ ...line, ...over })));
    if (!r.ok) throw new Error(JSON.stringify(r.fields));
    return r.item;
  };
  const run = async (over: Record<string, unknown>) => importer.importBatch([await importer.prepare(parse(over))]);
  assert.deepEqual(await run({}), ['unchanged']);
  assert.deepEqual(await run({ keywords: '港口 码头', allowComments: true, redirectUrl: '' }), ['updated']);
  const after = await z.articles.getAny(a.id);
  assert.equal(after?.keywords, '港口, 码头');
  assert.equal(after?.allowComments, true);
  assert.equal(after?.redirectUrl, '');
  assert.equal(after?.description, '描述');
  // A fresh line without the fields gets the defaults.
  const fresh = parseImportLine({ title: '新文章', body: '<p>正文</p>', category: 'local', author: 'gangkou' });
  assert.ok(fresh.ok && fresh.item.input.allowComments === true && fresh.item.input.keywords === '');
  const bad = parseImportLine({ ...line, id: undefined, redirectUrl: 'mailto:a@b.c', description: 'x'.repeat(300) });
  assert.ok(!bad.ok && bad.fields.redirectUrl && bad.fields.description);
});
