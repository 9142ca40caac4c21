import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeCategory } from '../../test/factories.ts';
import { body, createApiFixture } from '../../test/api.ts';

const article = { title: '青川地铁一号线开通', summary: '今日通车。', body: '<p>青川地铁一号线今天开通。</p>', category: 'local', author: 'api_reporter' };

test('API writes are in the audit log with the token member as actor, as the admin pages record them', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const editor = (await z.members.byUsername('api_editor'))!;
  const admin = (await z.members.byUsername('api_admin'))!;

  const a = body(await call('POST', '/api/v1/articles', { as: 'editor', body: article }));
  assert.equal((await call('PATCH', `/api/v1/articles/${a.id}`, { as: 'editor', body: { title: '地铁一号线通车' } })).statusCode, 200);
  assert.equal((await call('PUT', `/api/v1/articles/${a.id}`, { as: 'editor', body: { ...article, summary: '改过的提示。' } })).statusCode, 200);
  assert.equal((await call('DELETE', `/api/v1/articles/${a.id}`, { as: 'editor' })).statusCode, 204);

  assert.equal((await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'city', name: '城市' } })).statusCode, 201);
  assert.equal((await call('PATCH', '/api/v1/categories/city', { as: 'admin', body: { slug: 'town' } })).statusCode, 200);
  assert.equal((await call('PUT', '/api/v1/categories/town', { as: 'admin', body: { slug: 'town', name: '城镇' } })).statusCode, 200);
  assert.equal((await call('DELETE', '/api/v1/categories/town', { as: 'admin' })).statusCode, 204);

  assert.equal((await call('POST', '/api/v1/pages', { as: 'admin', body: { slug: 'about', title: '关于', body: '<p>关于我们</p>' } })).statusCode, 201);
  assert.equal((await call('PATCH', '/api/v1/pages/about', { as: 'admin', body: { title: '关于本站' } })).statusCode, 200);
  assert.equal((await call('PUT', '/api/v1/pages/about', { as: 'admin', body: { slug: 'about-us', title: '关于', body: '<p>新</p>' } })).statusCode, 200);
  assert.equal((await call('DELETE', '/api/v1/pages/about-us', { as: 'admin' })).statusCode, 204);

  assert.equal((await call('PATCH', '/api/v1/settings', { as: 'admin', body: { siteName: '青川在线', commentsEnabled: true } })).statusCode, 200);

  const { items } = await z.audit.list({ limit: 100, offset: 0 });
  const log = items.reverse();
  assert.deepEqual(
    log.map((e) => [e.action, e.actorId, e.targetType]),
    [
      ['article.create', editor.id, 'article'],
      ['article.update', editor.id, 'article'],
      ['article.update', editor.id, 'article'],
      ['article.delete', editor.id, 'article'],
      ['category.create', admin.id, 'category'],
      ['category.update', admin.id, 'category'],
      ['category.update', admin.id, 'category'],
      ['category.delete', admin.id, 'category'],
      ['page.create', admin.id, 'page'],
      ['page.update', admin.id, 'page'],
      ['page.update', admin.id, 'page'],
      ['page.delete', admin.id, 'page'],
      ['settings.update', admin.id, 'settings'],
    ],
  );
  for (const e of log) assert.equal(e.detail.via, 'api', `${e.action} says it came through the API`);
  assert.ok(log.slice(0, 4).every((e) => e.targetId === a.id));
  assert.deepEqual(log[1]?.detail.changed, ['title']);
  assert.deepEqual(log[2]?.detail.changed, ['title', 'summary']);
  assert.equal(log[5]?.detail.oldSlug, 'city');
  assert.deepEqual(log[12]?.detail.changed, ['siteName'], 'only what really changed');
});

test('a refused API write records nothing', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  assert.equal((await call('POST', '/api/v1/articles', { as: 'editor', body: { ...article, category: 'nope' } })).statusCode, 422);
  assert.equal((await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'local', name: '重复' } })).statusCode, 409);
  assert.equal((await call('PATCH', '/api/v1/settings', { as: 'admin', body: { siteName: '' } })).statusCode, 422);
  assert.equal((await call('POST', '/api/v1/pages', { as: 'editor', body: { slug: 'x', title: 'X', body: '<p>x</p>' } })).statusCode, 403);
  assert.equal((await z.audit.list({ limit: 10, offset: 0 })).total, 0);
});

test('categories, static pages and settings are admin-only for writes, as in the console; editors keep articles', async (t) => {
  const { z, call, counts } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  await z.pages.create({ slug: 'about', title: '关于', body: '<p>关于我们</p>' });
  const before = await counts();
  const refused = [
    call('POST', '/api/v1/categories', { as: 'editor', body: { slug: 'x', name: 'X' } }),
    call('PATCH', '/api/v1/categories/local', { as: 'editor', body: { name: '本地' } }),
    call('PUT', '/api/v1/categories/local', { as: 'editor', body: { slug: 'local', name: '本地' } }),
    call('DELETE', '/api/v1/categories/local', { as: 'editor' }),
    call('POST', '/api/v1/pages', { as: 'editor', body: { slug: 'contact', title: '联系', body: '<p>电话</p>' } }),
    call('PATCH', '/api/v1/pages/about', { as: 'editor', body: { title: '关于本站' } }),
    call('PUT', '/api/v1/pages/about', { as: 'editor', body: { slug: 'about', title: '关于', body: '<p>x</p>' } }),
    call('DELETE', '/api/v1/pages/about', { as: 'editor' }),
    call('PATCH', '/api/v1/settings', { as: 'editor', body: { siteName: '别的网' } }),
  ];
  for (const res of await Promise.all(refused)) {
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(body(res).error.code, 'forbidden');
  }
  assert.deepEqual(await counts(), before);
  assert.equal((await call('GET', '/api/v1/categories/local', { as: 'editor' })).statusCode, 200, 'editors still read them');
  assert.equal((await call('GET', '/api/v1/pages/about', { as: 'editor' })).statusCode, 200);
  assert.equal((await call('POST', '/api/v1/articles', { as: 'editor', body: article })).statusCode, 201);

  const doc = body(await call('GET', '/api/v1/openapi.json'));
  for (const [path, method] of [
    ['/api/v1/categories', 'post'],
    ['/api/v1/categories/{slug}', 'patch'],
    ['/api/v1/categories/{slug}', 'put'],
    ['/api/v1/categories/{slug}', 'delete'],
    ['/api/v1/pages', 'post'],
    ['/api/v1/pages/{slug}', 'patch'],
    ['/api/v1/pages/{slug}', 'put'],
    ['/api/v1/pages/{slug}', 'delete'],
    ['/api/v1/settings', 'patch'],
  ] as const) {
    const op = doc.paths[path][method];
    assert.equal(op.description, 'Token of an admin.', `${method} ${path}`);
    assert.ok(op.responses['403'], `${method} ${path} documents 403`);
  }
  assert.equal(doc.paths['/api/v1/articles'].post.description, 'Token of an editor or admin.');
});
