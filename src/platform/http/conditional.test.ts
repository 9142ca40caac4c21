import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

test('pages carry an ETag and CDN cache headers, and If-None-Match gives 304', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  const first = await z.app.inject(`/news/${a.id}.html`);
  const etag = first.headers.etag as string;
  assert.ok(etag, 'ETag present');
  assert.match(String(first.headers['cache-control']), /public.*s-maxage=\d+/);
  const again = await z.app.inject({ url: `/news/${a.id}.html`, headers: { 'if-none-match': etag } });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  await z.articles.update(a.id, { title: '改过的标题' });
  const changed = await z.app.inject({ url: `/news/${a.id}.html`, headers: { 'if-none-match': etag } });
  assert.equal(changed.statusCode, 200, 'an edit changes the ETag');
  assert.ok(changed.body.includes('改过的标题'));
});

test('error responses are never cached by a CDN', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const res = await z.app.inject('/news/424242.html');
  assert.equal(res.statusCode, 404);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.match(String(res.headers['content-type']), /text\/html/);
});

test('unknown paths get the 404 page in the site layout', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const missing = await z.app.inject('/no/such/place');
  assert.equal(missing.statusCode, 404);
  assert.ok(missing.body.includes('页面不存在'));
  assert.ok(missing.body.includes('青ICP备'), 'the 404 page is in the site layout');
});
