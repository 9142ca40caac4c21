import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeArticle } from '../../test/factories.ts';
import { body, createApiFixture } from '../../test/api.ts';

test('categories: create, list, get, rename, move and delete by slug (admins)', async (t) => {
  const { z, call, counts } = await createApiFixture();
  t.after(() => z.close());
  const created = await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'news', name: '新闻' } });
  assert.equal(created.statusCode, 201);
  assert.deepEqual(Object.keys(body(created)), ['slug', 'name', 'parent', 'description', 'sortOrder', 'url']);
  assert.match(body(created).url, /^http:\/\/[^/]+\/category\/news\/$/);
  assert.equal(
    (await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'local', name: '本地', parent: 'news', sortOrder: 2 } })).statusCode,
    201,
  );

  const list = body(await call('GET', '/api/v1/categories', { as: 'member' }));
  assert.deepEqual(
    list.items.map((c: { slug: string; parent: string | null }) => [c.slug, c.parent]),
    [
      ['news', null],
      ['local', 'news'],
    ],
  );

  const before = await counts();
  const bad = await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'Bad Slug', name: '', parent: 'nope', color: 'red' } });
  assert.equal(bad.statusCode, 422);
  assert.deepEqual(Object.keys(body(bad).error.fields).sort(), ['color', 'name', 'slug']);
  const orphan = await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'orphan', name: '孤儿', parent: 'nope' } });
  assert.equal(orphan.statusCode, 422);
  assert.ok(body(orphan).error.fields.parent);
  const taken = await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'news', name: '重复' } });
  assert.equal(taken.statusCode, 409);
  assert.deepEqual(await counts(), before);

  const patched = await call('PATCH', '/api/v1/categories/local', { as: 'admin', body: { slug: 'city', description: '城市新闻' } });
  assert.equal(patched.statusCode, 200);
  assert.deepEqual(
    [body(patched).slug, body(patched).name, body(patched).parent, body(patched).sortOrder, body(patched).description],
    ['city', '本地', 'news', 2, '城市新闻'],
  );
  assert.equal((await call('GET', '/api/v1/categories/local', { as: 'member' })).statusCode, 404);
  const put = await call('PUT', '/api/v1/categories/city', { as: 'admin', body: { slug: 'city', name: '城市' } });
  assert.deepEqual([body(put).name, body(put).parent, body(put).description], ['城市', null, '']);

  await makeArticle(z, { category: 'city' });
  const busy = await call('DELETE', '/api/v1/categories/city', { as: 'admin' });
  assert.equal(busy.statusCode, 409);
  assert.equal(body(busy).error.code, 'category_not_empty');
  assert.equal((await call('DELETE', '/api/v1/categories/news', { as: 'admin' })).statusCode, 204);
  assert.equal((await call('GET', '/api/v1/categories/news', { as: 'editor' })).statusCode, 404);
});

test('static pages: create, list, get, update and delete by slug (admins)', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  const created = await call('POST', '/api/v1/pages', {
    as: 'admin',
    body: { slug: 'about', title: '关于我们', body: '<p>青川资讯网成立于2026年。</p><script>x</script>', inFooter: true },
  });
  assert.equal(created.statusCode, 201);
  assert.equal(body(created).body, '<p>青川资讯网成立于2026年。</p>', 'the body is sanitized');
  assert.deepEqual(
    body(await call('GET', '/api/v1/pages', { as: 'member' })).items.map((p: { slug: string }) => p.slug),
    ['about'],
  );
  assert.equal(body(await call('GET', '/api/v1/pages/about', { as: 'member' })).title, '关于我们');

  const bad = await call('POST', '/api/v1/pages', { as: 'admin', body: { slug: 'contact', body: '' } });
  assert.equal(bad.statusCode, 422);
  assert.deepEqual(Object.keys(body(bad).error.fields).sort(), ['body', 'title']);

  const patched = await call('PATCH', '/api/v1/pages/about', { as: 'admin', body: { title: '关于青川资讯网' } });
  assert.deepEqual([body(patched).title, body(patched).inFooter], ['关于青川资讯网', true]);
  const put = await call('PUT', '/api/v1/pages/about', { as: 'admin', body: { slug: 'about-us', title: '关于', body: '<p>新</p>' } });
  assert.deepEqual([body(put).slug, body(put).inFooter], ['about-us', false]);
  assert.equal((await call('PATCH', '/api/v1/pages/about', { as: 'admin', body: { title: 'x' } })).statusCode, 404);
  assert.equal((await call('DELETE', '/api/v1/pages/about-us', { as: 'admin' })).statusCode, 204);
  assert.equal((await call('GET', '/api/v1/pages/about-us', { as: 'editor' })).statusCode, 404);
});

test('settings: admins read and change them; a bad patch changes nothing', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  const before = body(await call('GET', '/api/v1/settings', { as: 'admin' }));
  assert.equal(typeof before.siteName, 'string');

  const bad = await call('PATCH', '/api/v1/settings', { as: 'admin', body: { siteName: '新名字', commentsEnabled: 'yes', favouriteColour: 'red' } });
  assert.equal(bad.statusCode, 422);
  assert.deepEqual(Object.keys(body(bad).error.fields).sort(), ['commentsEnabled', 'favouriteColour']);
  assert.deepEqual(body(await call('GET', '/api/v1/settings', { as: 'admin' })), before);

  const ok = await call('PATCH', '/api/v1/settings', { as: 'admin', body: { siteName: '青川在线', commentsEnabled: false } });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual([body(ok).siteName, body(ok).commentsEnabled, body(ok).icpNumber], ['青川在线', false, before.icpNumber]);
  assert.ok((await z.app.inject('/api/v1/settings')).statusCode === 401);
});
