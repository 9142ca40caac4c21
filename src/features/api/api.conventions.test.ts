import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeArticle } from '../../test/factories.ts';
import { body, createApiFixture } from '../../test/api.ts';

test('every list answer says how many pages there are', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await z.categories.create({ slug: 'news', name: '新闻' });
  for (let i = 0; i < 5; i++) await makeArticle(z, { category: 'news', title: `第${i}篇` });
  const list = body(await call('GET', '/api/v1/articles?perPage=2', { as: 'member' }));
  assert.deepEqual([list.total, list.page, list.pages, list.perPage, list.items.length], [5, 1, 3, 2, 2]);
  const empty = body(await call('GET', '/api/v1/articles?status=draft', { as: 'editor' }));
  assert.deepEqual([empty.total, empty.pages], [0, 1]);
  const cats = body(await call('GET', '/api/v1/categories', { as: 'member' }));
  assert.deepEqual([cats.total, cats.page, cats.pages], [1, 1, 1]);
  const pages = body(await call('GET', '/api/v1/pages', { as: 'member' }));
  assert.equal(pages.pages, 1);
  assert.equal(pages.total, pages.items.length);

  const doc = body(await call('GET', '/api/v1/openapi.json'));
  for (const name of ['ArticleList', 'CategoryList', 'PageList']) assert.ok(doc.components.schemas[name].required.includes('pages'), name);
});

test('a category created without sortOrder is placed after its siblings', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'local', name: '本地', sortOrder: 10 } });
  await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'china', name: '国内', sortOrder: 20 } });
  const created = await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'sports', name: '体育' } });
  assert.equal(created.statusCode, 201);
  assert.equal(body(created).sortOrder, 21);
  const list = body(await call('GET', '/api/v1/categories', { as: 'member' }));
  assert.deepEqual(
    list.items.map((c: { slug: string }) => c.slug),
    ['local', 'china', 'sports'],
  );
  // PUT without sortOrder keeps the place it has.
  const put = await call('PUT', '/api/v1/categories/local', { as: 'admin', body: { slug: 'local', name: '本地新闻' } });
  assert.equal(body(put).sortOrder, 10);
});

test('an author username with stray spaces names the member; field messages are plain Chinese', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await z.categories.create({ slug: 'news', name: '新闻' });
  const created = await call('POST', '/api/v1/articles', {
    as: 'editor',
    body: { title: '标题', body: '<p>正文</p>', category: 'news', author: ' newwriter01 ' },
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(body(created).author, 'newwriter01');

  const bad = await call('POST', '/api/v1/articles', { as: 'editor', body: { title: 5, body: '<p>x</p>', category: 'news', author: 'api_editor' } });
  assert.equal(bad.statusCode, 422);
  assert.equal(body(bad).error.fields.title, '期望文本，收到数字');
  const settings = await call('PATCH', '/api/v1/settings', { as: 'admin', body: { commentModeration: 'later', commentsEnabled: 'yes' } });
  assert.equal(settings.statusCode, 422);
  assert.equal(body(settings).error.fields.commentModeration, '应为以下之一：pre、post');
  assert.equal(body(settings).error.fields.commentsEnabled, '期望布尔值（true 或 false），收到文本');
  const cat = await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'x', name: '某', sortOrder: 'first' } });
  assert.equal(body(cat).error.fields.sortOrder, '期望数字，收到文本');
});

test('the documented body limits are the real ones: 8 MB for article writes, 1 MB elsewhere', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  const doc = body(await call('GET', '/api/v1/openapi.json'));
  const op = (path: string, method: string) => doc.paths[path][method];
  assert.equal(op('/api/v1/articles', 'post').responses['413'].description, 'Body larger than 8 MB');
  assert.equal(op('/api/v1/articles/{id}', 'put').requestBody.description, 'At most 8 MB.');
  assert.equal(op('/api/v1/categories', 'post').responses['413'].description, 'Body larger than 1 MB');
  assert.equal(op('/api/v1/settings', 'patch').responses['413'].description, 'Body larger than 1 MB');
  // And the server agrees: a 2 MB article body is read (and judged), a 2 MB category body is a 413.
  const big = 'x'.repeat(2 * 1024 * 1024);
  const article = await call('POST', '/api/v1/articles', { as: 'editor', body: { title: 't', body: big, category: 'nowhere', author: 'api_editor' } });
  assert.equal(article.statusCode, 422);
  const category = await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'big', name: big } });
  assert.equal(category.statusCode, 413);

  const post = op('/api/v1/articles', 'post');
  assert.ok(post.parameters.some((p: { name: string; in: string }) => p.name === 'Idempotency-Key' && p.in === 'header'));
  assert.match(post.responses['422'].description, /idempotency_key_reused/);
  assert.equal(op('/api/v1/articles/{id}', 'delete').responses['404'].description.includes('a second DELETE gets this 404'), true);
});
