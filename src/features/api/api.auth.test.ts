import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { body, createApiFixture } from '../../test/api.ts';

test('requests without a valid bearer token get 401 JSON with a challenge', async (t) => {
  const { z, call, tokens } = await createApiFixture();
  t.after(() => z.close());
  const cases: Array<Record<string, string>> = [
    {},
    { authorization: 'Bearer zx_not-a-real-token' },
    { authorization: `Basic ${tokens.admin}` },
    { authorization: 'Bearer' },
    { authorization: `Bearer ${tokens.admin}x` },
  ];
  for (const headers of cases) {
    for (const url of ['/api/v1/articles', '/api/v1/categories', '/api/v1/pages', '/api/v1/settings']) {
      const res = await call('GET', url, { headers });
      assert.equal(res.statusCode, 401, `${url} ${JSON.stringify(headers)}`);
      assert.equal(body(res).error.code, 'unauthorized');
      assert.match(String(res.headers['www-authenticate']), /^Bearer realm="zixun"/);
      assert.equal(res.headers['cache-control'], 'no-store');
    }
  }
  // Authentication comes before the body is looked at.
  const res = await call('POST', '/api/v1/articles', { headers: { 'content-type': 'text/plain' }, body: 'x' });
  assert.equal(res.statusCode, 401);
  assert.equal(
    (await call('GET', '/api/v1/articles', { headers: { authorization: `bearer ${tokens.member}` } })).statusCode,
    200,
    'the scheme is case-insensitive',
  );
});

test('roles: any token reads published content, editors write articles, only admins touch settings', async (t) => {
  const { z, call, counts } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const published = await makeArticle(z, { category: 'local' });
  const draft = await makeArticle(z, { category: 'local', status: 'draft' });
  const scheduled = await makeArticle(z, { category: 'local', publishedAt: '2027-01-01T00:00:00.000Z' });
  const article = { title: '标题', body: '<p>正文</p>', category: 'local', author: 'api_member' };
  const before = await counts();

  for (const role of ['member', 'trusted'] as const) {
    assert.equal((await call('GET', '/api/v1/articles', { as: role })).statusCode, 200);
    assert.deepEqual(
      body(await call('GET', '/api/v1/articles', { as: role })).items.map((a: { id: number }) => a.id),
      [published.id],
      'scheduled articles are not public yet',
    );
    assert.equal((await call('GET', `/api/v1/articles/${published.id}`, { as: role })).statusCode, 200);
    assert.equal((await call('GET', `/api/v1/articles/${draft.id}`, { as: role })).statusCode, 404, 'a draft does not exist for readers');
    assert.equal((await call('GET', `/api/v1/articles/${scheduled.id}`, { as: role })).statusCode, 404);
    assert.equal((await call('GET', '/api/v1/articles?status=draft', { as: role })).statusCode, 403);
    assert.equal((await call('GET', '/api/v1/categories/local', { as: role })).statusCode, 200);
    assert.equal((await call('GET', '/api/v1/pages', { as: role })).statusCode, 200);
    const writes = [
      call('POST', '/api/v1/articles', { as: role, body: article }),
      call('PATCH', `/api/v1/articles/${published.id}`, { as: role, body: { title: '改' } }),
      call('PUT', `/api/v1/articles/${published.id}`, { as: role, body: article }),
      call('DELETE', `/api/v1/articles/${published.id}`, { as: role }),
      call('POST', '/api/v1/categories', { as: role, body: { slug: 'x', name: 'X' } }),
      call('DELETE', '/api/v1/categories/local', { as: role }),
      call('POST', '/api/v1/pages', { as: role, body: { slug: 'about', title: '关于', body: '<p>x</p>' } }),
      call('GET', '/api/v1/settings', { as: role }),
      call('PATCH', '/api/v1/settings', { as: role, body: { siteName: '别的网' } }),
    ];
    for (const res of await Promise.all(writes)) {
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(body(res).error.code, 'forbidden');
    }
  }
  assert.deepEqual(await counts(), before);

  assert.equal((await call('GET', `/api/v1/articles/${draft.id}`, { as: 'editor' })).statusCode, 200);
  assert.equal((await call('GET', `/api/v1/articles/${scheduled.id}`, { as: 'editor' })).statusCode, 200);
  assert.equal((await call('GET', '/api/v1/settings', { as: 'editor' })).statusCode, 403);
  assert.equal((await call('PATCH', '/api/v1/settings', { as: 'editor', body: { siteName: '别的网' } })).statusCode, 403);
  assert.equal((await call('POST', '/api/v1/articles', { as: 'editor', body: article })).statusCode, 201);
  assert.equal((await call('GET', '/api/v1/settings', { as: 'admin' })).statusCode, 200);
});

test('the OpenAPI document needs no token; everything else answers no-store', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  const doc = await call('GET', '/api/v1/openapi.json');
  assert.equal(doc.statusCode, 200);
  assert.equal(body(doc).openapi, '3.1.0');
  assert.equal(doc.headers['cache-control'], 'no-store');
  assert.equal((await call('GET', '/api/v1/categories', { as: 'member' })).headers['cache-control'], 'no-store');
});
