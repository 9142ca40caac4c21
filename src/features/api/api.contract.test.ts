import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeCategory } from '../../test/factories.ts';
import { body, createApiFixture } from '../../test/api.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

test('a fetched category or page goes back with PUT and PATCH; read-only fields are accepted and ignored', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  const c = body(await call('GET', '/api/v1/categories/local', { as: 'admin' }));
  const cput = await call('PUT', '/api/v1/categories/local', { as: 'admin', body: { ...c, name: '本地新闻', url: 'https://elsewhere.example/' } });
  assert.equal(cput.statusCode, 200, cput.body);
  assert.deepEqual([body(cput).name, body(cput).url], ['本地新闻', c.url]);
  assert.equal((await call('PATCH', '/api/v1/categories/local', { as: 'admin', body: { ...c, description: '说明' } })).statusCode, 200);
  const created = await call('POST', '/api/v1/categories', { as: 'admin', body: { ...c, slug: 'copy', name: '本地副本', url: 'x' } });
  assert.equal(created.statusCode, 201, created.body);

  await z.pages.create({ slug: 'about', title: '关于', body: '<p>关于我们</p>' });
  const p = body(await call('GET', '/api/v1/pages/about', { as: 'admin' }));
  const pput = await call('PUT', '/api/v1/pages/about', { as: 'admin', body: { ...p, title: '关于本站', updatedAt: '2000-01-01T00:00:00.000Z' } });
  assert.equal(pput.statusCode, 200, pput.body);
  assert.equal(body(pput).title, '关于本站');
  assert.notEqual(body(pput).updatedAt, '2000-01-01T00:00:00.000Z');
  assert.equal((await call('PATCH', '/api/v1/pages/about', { as: 'admin', body: { ...p, inFooter: true } })).statusCode, 200);
  // Only the documented read-only fields: anything else is still a 422.
  const unknown = await call('PATCH', '/api/v1/pages/about', { as: 'admin', body: { createdAt: 'x' } });
  assert.deepEqual(Object.keys(body(unknown).error.fields), ['createdAt']);

  const doc = body(await call('GET', '/api/v1/openapi.json'));
  const props = (name: string) => doc.components.schemas[name].properties;
  for (const [schema, fields] of [
    ['ArticleInput', ['id', 'url', 'mobileUrl', 'originalClaimed']],
    ['ArticlePatch', ['id', 'url', 'mobileUrl', 'originalClaimed']],
    ['CategoryInput', ['url']],
    ['CategoryPatch', ['url']],
    ['PageInput', ['updatedAt']],
    ['PagePatch', ['updatedAt']],
  ] as const) {
    assert.equal(doc.components.schemas[schema].additionalProperties, false, schema);
    for (const f of fields) assert.equal(props(schema)[f]?.readOnly, true, `${schema}.${f} is documented read-only`);
  }
  assert.ok(!doc.components.schemas.ArticleInput.required.includes('url'));
});

test('static pages whose body is empty once sanitised are refused, like articles', async (t) => {
  const { z, call, counts } = await createApiFixture();
  t.after(() => z.close());
  await z.pages.create({ slug: 'about', title: '关于', body: '<p>关于我们</p>' });
  const before = await counts();
  for (const [method, url, payload] of [
    ['POST', '/api/v1/pages', { slug: 'x', title: 'X', body: '<script>x</script>' }],
    ['POST', '/api/v1/pages', { slug: 'y', title: 'Y', body: '<p> </p><style>p{}</style>' }],
    ['PUT', '/api/v1/pages/about', { slug: 'about', title: '关于', body: '<iframe src="x"></iframe>' }],
    ['PATCH', '/api/v1/pages/about', { body: '<p></p>' }],
  ] as const) {
    const res = await call(method, url, { as: 'admin', body: payload });
    assert.equal(res.statusCode, 422, `${method} ${JSON.stringify(payload)}: ${res.body}`);
    assert.deepEqual(Object.keys(body(res).error.fields), ['body']);
  }
  assert.deepEqual(await counts(), before);
  assert.equal(body(await call('GET', '/api/v1/pages/about', { as: 'admin' })).body, '<p>关于我们</p>');
  await assert.rejects(z.pages.update('about', { body: '<script>x</script>' }), /提交的内容有误/);
  const picture = await call('POST', '/api/v1/pages', { as: 'admin', body: { slug: 'map', title: '地图', body: '<p><img src="/uploads/map.png"></p>' } });
  assert.equal(picture.statusCode, 201, 'a page that is only a picture is not empty');
});

test('OpenAPI documents the 409s the code returns', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  const doc = body(await call('GET', '/api/v1/openapi.json'));
  for (const [p, methods] of [
    ['/api/v1/categories', ['post']],
    ['/api/v1/categories/{slug}', ['patch', 'put', 'delete']],
    ['/api/v1/pages', ['post']],
    ['/api/v1/pages/{slug}', ['patch', 'put']],
  ] as const) {
    for (const m of methods) assert.ok(doc.paths[p][m].responses['409'], `${m} ${p} documents 409`);
  }
  // An article create conflicts only with its own Idempotency-Key still in progress; categories say both.
  assert.match(doc.paths['/api/v1/articles'].post.responses['409'].description, /^The first request with this Idempotency-Key is still running/);
  assert.match(doc.paths['/api/v1/categories'].post.responses['409'].description, /slug_taken.*idempotency_key_in_progress/);
  // Conflicts really are 409 where documented.
  await makeCategory(z, { slug: 'local' });
  await makeCategory(z, { slug: 'city' });
  await z.pages.create({ slug: 'about', title: '关于', body: '<p>x</p>' });
  await z.pages.create({ slug: 'contact', title: '联系', body: '<p>x</p>' });
  assert.equal((await call('PUT', '/api/v1/categories/city', { as: 'admin', body: { slug: 'local', name: '城市' } })).statusCode, 409);
  assert.equal((await call('PUT', '/api/v1/pages/contact', { as: 'admin', body: { slug: 'about', title: '联系', body: '<p>x</p>' } })).statusCode, 409);
});

test('DELETE with a JSON content type and no body works; over-long ids and slugs are 404 in the documented error shape', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local' });
  const a = body(
    await call('POST', '/api/v1/articles', { as: 'editor', body: { title: '标题', body: '<p>正文</p>', category: 'local', author: 'api_reporter' } }),
  );
  const json = { 'content-type': 'application/json' };
  const del = await call('DELETE', `/api/v1/articles/${a.id}`, { as: 'editor', headers: json });
  assert.equal(del.statusCode, 204, del.body);
  await z.pages.create({ slug: 'about', title: '关于', body: '<p>x</p>' });
  assert.equal((await call('DELETE', '/api/v1/pages/about', { as: 'admin', headers: json, body: '' })).statusCode, 204);
  await makeCategory(z, { slug: 'empty' });
  assert.equal((await call('DELETE', '/api/v1/categories/empty', { as: 'admin', headers: json, body: '{}' })).statusCode, 204);
  // A body that is there must still be JSON.
  assert.equal((await call('DELETE', '/api/v1/categories/nope', { as: 'admin', headers: json, body: '{' })).statusCode, 400);
  // POST still needs a body.
  assert.equal((await call('POST', '/api/v1/categories', { as: 'admin', headers: json })).statusCode, 400);

  for (const url of [`/api/v1/articles/${'9'.repeat(300)}`, `/api/v1/categories/${'a'.repeat(300)}`, `/api/v1/pages/${'b'.repeat(300)}`]) {
    for (const method of ['GET', 'DELETE'] as const) {
      const res = await call(method, url, { as: 'admin' });
      assert.equal(res.statusCode, 404, `${method} ${url.slice(0, 30)}: ${res.body}`);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.deepEqual(Object.keys(body(res)), ['error']);
      assert.equal(typeof body(res).error.code, 'string');
      assert.match(body(res).error.message, /[\u4e00-\u9fa5]/);
    }
  }
});

test('docs/api.md names every /api/v1 endpoint the OpenAPI document has', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  const text = readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8');
  const doc = body(await call('GET', '/api/v1/openapi.json'));
  for (const p of Object.keys(doc.paths)) {
    const colon = p.replace(/\{(\w+)\}/g, ':$1');
    const named = new RegExp(`${colon.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w/:.-])`);
    assert.match(text, named, `${colon} is in docs/api.md`);
  }
});

test('a page renamed or deleted through the API keeps the footer and the old URL working, as in the console', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  // The default settings link the footer to /page/contact.html and /page/copyright.html.
  await z.pages.create({ slug: 'contact', title: '联系方式', body: '<p>电话</p>' });
  await z.pages.create({ slug: 'copyright', title: '版权隐私', body: '<p>版权</p>' });
  assert.equal((await call('PATCH', '/api/v1/pages/contact', { as: 'admin', body: { slug: 'contact-us' } })).statusCode, 200);
  assert.equal((await call('DELETE', '/api/v1/pages/copyright', { as: 'admin' })).statusCode, 204);
  const old = await z.app.inject('/page/contact.html');
  assert.equal(old.statusCode, 301);
  assert.equal(old.headers.location, '/page/contact-us.html');
  const hrefs = (await z.settings.get()).footerLinks.map((l) => l.href);
  assert.ok(hrefs.includes('/page/contact-us.html'), hrefs.join(' '));
  assert.ok(!hrefs.includes('/page/contact.html') && !hrefs.includes('/page/copyright.html'), 'no footer link leads to a 404');
});
