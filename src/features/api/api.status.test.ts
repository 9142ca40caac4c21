import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { body, createApiFixture } from '../../test/api.ts';

test('admins see page cache hit/miss counts that follow the traffic; others may not', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  const before = body(await call('GET', '/api/v1/status', { as: 'admin' })).pageCache;
  await z.app.inject(`/news/${a.id}.html`);
  await z.app.inject(`/news/${a.id}.html`);
  await z.app.inject(`/news/${a.id}.html`);
  const status = body(await call('GET', '/api/v1/status', { as: 'admin' }));
  assert.equal(status.pageCache.pageMisses - before.pageMisses, 1);
  assert.equal(status.pageCache.pageHits - before.pageHits, 2);
  assert.equal(status.pageCache.pages, before.pages + 1);
  assert.ok(['sqlite', 'postgres'].includes(status.database));
  assert.equal(typeof status.hits.counted, 'number');
  assert.equal((await call('GET', '/api/v1/status', { as: 'editor' })).statusCode, 403);
  assert.equal((await call('GET', '/api/v1/status')).statusCode, 401);
});
