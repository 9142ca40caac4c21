import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { body, createApiFixture } from '../../test/api.ts';
import { demoArticles } from '../demo/index.ts';

const ARTICLE_KEYS = [
  'id',
  'title',
  'subtitle',
  'summary',
  'body',
  'category',
  'tags',
  'author',
  'source',
  'sourceUrl',
  'original',
  'originalClaimed',
  'status',
  'recommendLevel',
  'verified',
  'publishedAt',
  'cover',
  'keywords',
  'description',
  'allowComments',
  'redirectUrl',
  'url',
  'mobileUrl',
];

const input = (over: Record<string, unknown> = {}) => ({
  title: '青川新区首条地铁线开通',
  summary: '地铁一号线今日通车。',
  body: '<p>青川地铁一号线今天上午正式开通运营。</p>',
  category: 'local',
  tags: ['交通', '地铁'],
  author: 'api_reporter',
  ...over,
});

test('create, read, list, update and delete an article', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  await makeCategory(z, { slug: 'district', name: '区县', parent: 'local' });

  const res = await call('POST', '/api/v1/articles', {
    as: 'editor',
    body: input({
      category: 'district',
      publishedAt: '2026-03-01T09:30:00.000Z',
      source: '青川日报',
      sourceUrl: 'https://example.com/a/1',
      original: true,
      verified: true,
    }),
  });
  assert.equal(res.statusCode, 201);
  assert.equal(res.headers['cache-control'], 'no-store');
  const a = body(res);
  assert.deepEqual(Object.keys(a), ARTICLE_KEYS);
  assert.equal(res.headers.location, `/api/v1/articles/${a.id}`);
  assert.equal(a.publishedAt, '2026-03-01T09:30:00.000Z', 'publishedAt is kept as given');
  assert.deepEqual(
    [a.category, a.author, a.source, a.sourceUrl, a.original, a.verified, a.status],
    ['district', 'api_reporter', '青川日报', 'https://example.com/a/1', true, true, 'published'],
  );
  assert.deepEqual(a.tags, ['交通', '地铁'].sort());
  assert.match(a.url, new RegExp(`^http://[^/]+/news/${a.id}\\.html$`));
  assert.match(a.mobileUrl, new RegExp(`^http://[^/]+/mobile/news/${a.id}\\.html$`));
  assert.ok(await z.members.byUsername('api_reporter'), 'a new author becomes a member');

  assert.deepEqual(body(await call('GET', `/api/v1/articles/${a.id}`, { as: 'member' })), a);

  await makeArticle(z, { category: 'local', title: '另一篇本地新闻' });
  await makeArticle(z, { category: 'local', title: '一篇草稿', status: 'draft' });
  const all = body(await call('GET', '/api/v1/articles?perPage=1&page=2', { as: 'member' }));
  assert.equal(all.total, 2, 'published only by default');
  assert.deepEqual([all.items.length, all.page, all.perPage], [1, 2, 1]);
  const inLocal = body(await call('GET', '/api/v1/articles?category=local', { as: 'member' }));
  assert.equal(inLocal.total, 2, 'a category includes its subcategories');
  assert.equal(body(await call('GET', '/api/v1/articles?category=district', { as: 'member' })).total, 1);
  const drafts = body(await call('GET', '/api/v1/articles?status=draft', { as: 'editor' }));
  assert.deepEqual(
    drafts.items.map((d: { title: string }) => d.title),
    ['一篇草稿'],
  );

  const patched = await call('PATCH', `/api/v1/articles/${a.id}`, { as: 'editor', body: { title: '青川地铁一号线开通', tags: ['地铁'], url: 'ignored' } });
  assert.equal(patched.statusCode, 200);
  assert.deepEqual(
    [body(patched).title, body(patched).tags, body(patched).summary, body(patched).publishedAt],
    ['青川地铁一号线开通', ['地铁'], '地铁一号线今日通车。', a.publishedAt],
  );

  const put = await call('PUT', `/api/v1/articles/${a.id}`, { as: 'admin', body: input({ title: '整篇替换', tags: [] }) });
  assert.equal(put.statusCode, 200);
  assert.deepEqual([body(put).title, body(put).source, body(put).verified, body(put).publishedAt], ['整篇替换', '', false, a.publishedAt]);

  assert.equal((await call('DELETE', `/api/v1/articles/${a.id}`, { as: 'editor' })).statusCode, 204);
  for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
    const gone = await call(method, `/api/v1/articles/${a.id}`, { as: 'admin', ...(method === 'PATCH' ? { body: { title: 'x' } } : {}) });
    assert.equal(gone.statusCode, 404, method);
    assert.equal(body(gone).error.code, 'article_not_found');
  }
});

test('unknown and malformed ids are 404 JSON, never 500', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  for (const id of ['999999', 'abc', '0', '-1', '1.5', '99999999999', '2147483648', '%E4%B8%AD']) {
    const res = await call('GET', `/api/v1/articles/${id}`, { as: 'admin' });
    assert.equal(res.statusCode, 404, id);
    assert.equal(body(res).error.code, 'article_not_found', id);
  }
  assert.equal((await call('GET', '/api/v1/categories/nope', { as: 'admin' })).statusCode, 404);
  assert.equal((await call('GET', '/api/v1/pages/nope', { as: 'admin' })).statusCode, 404);
  const unknownRoute = await call('GET', '/api/v1/nothing-here', { as: 'admin' });
  assert.equal(unknownRoute.statusCode, 404);
  assert.equal(body(unknownRoute).error.code, 'not_found');
});

test('invalid articles are refused with the bad fields named, and nothing is written', async (t) => {
  const { z, call, counts } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const before = await counts();
  const cases: Array<[Record<string, unknown>, string]> = [
    [input({ title: undefined }), 'title'],
    [input({ title: '   ' }), 'title'],
    [input({ category: 'no-such-category' }), 'category'],
    [input({ recommendLevel: 2 }), 'recommendLevel'],
    [input({ recommendLevel: 7 }), 'recommendLevel'],
    [input({ publishedAt: '2026-13-45' }), 'publishedAt'],
    [input({ publishedAt: '昨天' }), 'publishedAt'],
    [input({ tags: '交通' }), 'tags'],
    [input({ hits: 100 }), 'hits'],
    [input({ author: 'a b' }), 'author'],
    [input({ body: '<script>alert(1)</script>' }), 'body'],
  ];
  for (const [payload, field] of cases) {
    const res = await call('POST', '/api/v1/articles', { as: 'editor', body: payload });
    assert.equal(res.statusCode, 422, `${field}: ${res.body}`);
    const err = body(res).error;
    assert.equal(err.code, 'validation_failed');
    assert.ok(err.fields[field], `${field} is named in ${JSON.stringify(err.fields)}`);
    assert.match(err.fields[field], /[\u4e00-\u9fa5]/, 'messages are in Chinese');
  }
  assert.deepEqual(await counts(), before);
  assert.equal(await z.members.byUsername('api_reporter'), undefined, 'the author of a refused article is not created');

  const a = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input() }));
  const mid = await counts();
  const bad = await call('PATCH', `/api/v1/articles/${a.id}`, { as: 'editor', body: { title: '新标题', tags: ['新标签'], recommendLevel: 2 } });
  assert.equal(bad.statusCode, 422);
  assert.ok(body(bad).error.fields.recommendLevel);
  assert.deepEqual(await counts(), mid);
  assert.equal(body(await call('GET', `/api/v1/articles/${a.id}`, { as: 'editor' })).title, a.title);
});

test('bodies that are not JSON objects are 400, an article body over 500,000 characters is 422, and requests over 8 MB are 413', async (t) => {
  const { z, call, counts } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const before = await counts();
  const json = { 'content-type': 'application/json' };
  const cases: Array<[Record<string, string>, string]> = [
    [json, '{"title": "未闭合'],
    [json, '[1, 2]'],
    [json, '"just a string"'],
    [{ 'content-type': 'text/plain' }, JSON.stringify(input())],
    [{ 'content-type': 'application/x-www-form-urlencoded' }, 'title=x&body=y'],
  ];
  for (const [headers, payload] of cases) {
    const res = await call('POST', '/api/v1/articles', { as: 'editor', headers, body: payload });
    assert.equal(res.statusCode, 400, `${headers['content-type']} ${payload}`);
    assert.ok(body(res).error.message);
  }
  const long = await call('POST', '/api/v1/articles', { as: 'editor', body: input({ body: `<p>${'长'.repeat(600_000)}</p>` }) });
  assert.equal(long.statusCode, 422, 'a 1.8 MB body reaches validation');
  assert.equal(body(long).error.fields.body, '正文过长');
  const big = await call('POST', '/api/v1/articles', { as: 'editor', body: input({ body: `<p>${'长'.repeat(3_000_000)}</p>` }) });
  assert.equal(big.statusCode, 413);
  assert.equal(body(big).error.code, 'payload_too_large');
  assert.deepEqual(await counts(), before);
});

test('writes through the API purge the cached pages that show the article', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  const first = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input({ title: '第一篇：青川公交调整' }) }));
  const page = () => z.app.inject(`/news/${first.id}.html`);
  assert.equal((await page()).statusCode, 200);
  assert.equal((await page()).headers['x-cache'], 'HIT', 'the page is cached');

  const second = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input({ title: '第二篇：青川新开夜市' }) }));
  const own = await z.app.inject(`/news/${second.id}.html`);
  assert.equal(own.statusCode, 200);
  assert.ok(own.body.includes('第二篇：青川新开夜市'));
  assert.ok((await page()).body.includes('第二篇：青川新开夜市'), 'the same-category block on the cached page lists the new article');

  await call('PATCH', `/api/v1/articles/${second.id}`, { as: 'editor', body: { title: '第二篇：夜市延期开业' } });
  assert.ok((await page()).body.includes('第二篇：夜市延期开业'));
  await call('DELETE', `/api/v1/articles/${second.id}`, { as: 'editor' });
  assert.ok(!(await page()).body.includes('第二篇'));
  assert.equal((await z.app.inject(`/news/${second.id}.html`)).statusCode, 404);
});

test('original says what the page shows: a claim flagged by the originality check reads false, originalClaimed keeps the claim', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  const source = demoArticles.find((d) => (d.body.match(/<p>/g) ?? []).length >= 6)!;
  const text = { title: source.title, summary: '', body: source.body, tags: [] };
  await makeArticle(z, { category: 'local', ...text, author: 'reporter1', original: true, publishedAt: '2026-01-05T00:00:00.000Z' });
  const own = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input({ original: true }) }));
  assert.deepEqual([own.original, own.originalClaimed], [true, true], 'an unflagged claim shows');
  // A copy of reporter1's earlier article claimed as 原创 by someone else: the check flags the claim.
  const created = body(await call('POST', '/api/v1/articles', { as: 'editor', body: input({ ...text, title: '青川地铁开通', original: true }) }));
  const page = await z.app.inject(`/news/${created.id}.html`);
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /class="badge original"/, 'the page hides the mark');
  assert.match((await z.app.inject(`/news/${own.id}.html`)).body, /class="badge original"/, 'an unflagged claim is marked');
  const a = body(await call('GET', `/api/v1/articles/${created.id}`, { as: 'member' }));
  assert.deepEqual([a.original, a.originalClaimed], [false, true]);
  const listed = body(await call('GET', '/api/v1/articles', { as: 'member' })).items.find((x: { id: number }) => x.id === a.id);
  assert.deepEqual([listed.original, listed.originalClaimed], [false, true]);

  // Sending the article back as received keeps the claim; originalClaimed itself is never written.
  const put = await call('PUT', `/api/v1/articles/${a.id}`, { as: 'editor', body: { ...a, title: '青川地铁一号线开通运营' } });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual([body(put).original, body(put).originalClaimed], [false, true]);
  const patched = body(await call('PATCH', `/api/v1/articles/${a.id}`, { as: 'editor', body: { original: false, summary: '新摘要。' } }));
  assert.deepEqual([patched.original, patched.originalClaimed], [false, true]);
  // Withdrawing the hidden claim says so explicitly.
  const withdrawn = body(await call('PATCH', `/api/v1/articles/${a.id}`, { as: 'editor', body: { original: false, originalClaimed: false } }));
  assert.deepEqual([withdrawn.original, withdrawn.originalClaimed], [false, false]);
});
