import { test } from 'node:test';
import assert from 'node:assert/strict';
import { body, createApiFixture } from '../../test/api.ts';

const article = (title: string) => ({ title, body: '<p>正文</p>', category: 'news', author: 'api_editor' });
const countArticles = async (z: Awaited<ReturnType<typeof createApiFixture>>['z']) =>
  Number(
    (
      await z.dbh.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

test('POST /articles with the same Idempotency-Key creates once and answers the retry with the first response', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await z.categories.create({ slug: 'news', name: '新闻' });
  const key = { 'idempotency-key': 'publish-2026-11-29-001' };

  const first = await call('POST', '/api/v1/articles', { as: 'editor', body: article('青川大桥通车'), headers: key });
  assert.equal(first.statusCode, 201);
  // Same payload with its keys in another order: the same request.
  const { author, ...rest } = article('青川大桥通车');
  const retry = await call('POST', '/api/v1/articles', { as: 'editor', body: { author, ...rest }, headers: key });
  assert.equal(retry.statusCode, 201);
  assert.deepEqual(body(retry), body(first));
  assert.equal(retry.headers.location, first.headers.location);
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.equal(await countArticles(z), 1, 'one article, not two');

  const reused = await call('POST', '/api/v1/articles', { as: 'editor', body: article('另一篇文章'), headers: key });
  assert.equal(reused.statusCode, 422);
  assert.equal(body(reused).error.code, 'idempotency_key_reused');
  assert.equal(await countArticles(z), 1);

  // Keys belong to the member: another member's same key is a new request.
  const admin = await call('POST', '/api/v1/articles', { as: 'admin', body: article('青川大桥通车'), headers: key });
  assert.equal(admin.statusCode, 201);
  assert.notEqual(body(admin).id, body(first).id);

  // Without a key every POST creates, as before; a malformed key is a field error.
  await call('POST', '/api/v1/articles', { as: 'editor', body: article('无键') });
  await call('POST', '/api/v1/articles', { as: 'editor', body: article('无键') });
  assert.equal(await countArticles(z), 4);
  const bad = await call('POST', '/api/v1/articles', { as: 'editor', body: article('x'), headers: { 'idempotency-key': 'short' } });
  assert.equal(bad.statusCode, 422);
  assert.ok(body(bad).error.fields.idempotencyKey);
});

test('a refused create frees its key; keys expire after 24 hours; categories and pages take keys too', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await z.categories.create({ slug: 'news', name: '新闻' });
  const key = { 'idempotency-key': 'retry-after-fix-01' };
  const refused = await call('POST', '/api/v1/articles', { as: 'editor', body: { ...article('缺栏目'), category: 'nowhere' }, headers: key });
  assert.equal(refused.statusCode, 422);
  const fixed = await call('POST', '/api/v1/articles', { as: 'editor', body: article('缺栏目'), headers: key });
  assert.equal(fixed.statusCode, 201, 'the corrected request may use the key');

  await z.dbh.db
    .withTables<{ api_idempotency_keys: { created_at: string } }>()
    .updateTable('api_idempotency_keys')
    .set({ created_at: new Date(z.clock.now().getTime() - 25 * 3600_000).toISOString() })
    .execute();
  const later = await call('POST', '/api/v1/articles', { as: 'editor', body: article('缺栏目'), headers: key });
  assert.equal(later.statusCode, 201);
  assert.notEqual(body(later).id, body(fixed).id, 'an expired key is a new request');

  const catKey = { 'idempotency-key': 'category-sports-1' };
  const c1 = await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'sports', name: '体育' }, headers: catKey });
  const c2 = await call('POST', '/api/v1/categories', { as: 'admin', body: { slug: 'sports', name: '体育' }, headers: catKey });
  assert.deepEqual([c1.statusCode, c2.statusCode], [201, 201], 'not a 409 slug_taken on the retry');
  const pageKey = { 'idempotency-key': 'page-about-0001' };
  const page = { slug: 'about', title: '关于我们', body: '<p>我们</p>' };
  const p1 = await call('POST', '/api/v1/pages', { as: 'admin', body: page, headers: pageKey });
  const p2 = await call('POST', '/api/v1/pages', { as: 'admin', body: page, headers: pageKey });
  assert.deepEqual([p1.statusCode, p2.statusCode], [201, 201]);
  assert.deepEqual(body(p2), body(p1));
});
