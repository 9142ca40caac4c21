import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
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

test('a reservation left without an answer (a crashed server) frees the key after 5 minutes, not 24 hours', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await z.categories.create({ slug: 'news', name: '新闻' });
  const editor = await z.dbh.db.selectFrom('members').select('id').where('username', '=', 'api_editor').executeTakeFirstOrThrow();
  const key = { 'idempotency-key': 'crashed-before-answer' };
  const first = await call('POST', '/api/v1/articles', { as: 'editor', body: article('抢修'), headers: key });
  assert.equal(first.statusCode, 201);
  // The same kind of row a server leaves when it dies between reserving a key and answering.
  await z.dbh.db
    .updateTable('api_idempotency_keys')
    .set({ status: null, body: null, location: null, created_at: z.clock.now().toISOString() })
    .where('member_id', '=', editor.id)
    .execute();
  await z.dbh.db.deleteFrom('articles').execute();

  z.clock.advance(4 * 60_000);
  const soon = await call('POST', '/api/v1/articles', { as: 'editor', body: article('抢修'), headers: key });
  assert.equal(soon.statusCode, 409);
  assert.equal(body(soon).error.code, 'idempotency_key_in_progress');

  z.clock.advance(2 * 60_000);
  const later = await call('POST', '/api/v1/articles', { as: 'editor', body: article('抢修'), headers: key });
  assert.equal(later.statusCode, 201, 'the abandoned reservation is taken over');
  assert.equal(await countArticles(z), 1);
  const replay = await call('POST', '/api/v1/articles', { as: 'editor', body: article('抢修'), headers: key });
  assert.equal(replay.statusCode, 201);
  assert.equal(replay.headers['idempotent-replayed'], 'true');
  assert.deepEqual(body(replay), body(later));
  assert.equal(await countArticles(z), 1);
});

test('a key freed between a refused reservation and its re-read is reserved again, not a 500', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await z.categories.create({ slug: 'news', name: '新闻' });
  // Race: just before this request's INSERT another request with the key reserves it, and that request
  // fails and frees the key just after (between our refused INSERT and our re-read).
  const real = z.dbh.db;
  let raced = 0;
  z.dbh.db = new Proxy(real, {
    get(target, prop) {
      if (prop === 'insertInto')
        return (table: string) => {
          const builder = target.insertInto(table as 'api_idempotency_keys');
          if (table !== 'api_idempotency_keys' || raced++ > 0) return builder;
          return {
            values: (row: Parameters<typeof builder.values>[0]) => ({
              async execute() {
                await target.insertInto('api_idempotency_keys').values(row).execute();
                try {
                  return await builder.values(row).execute();
                } finally {
                  await target.deleteFrom('api_idempotency_keys').execute();
                }
              },
            }),
          };
        };
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  t.after(() => (z.dbh.db = real));
  const key = { 'idempotency-key': 'race-freed-key-01' };
  const res = await call('POST', '/api/v1/articles', { as: 'editor', body: article('竞态'), headers: key });
  assert.equal(raced, 2, 'the reservation was tried twice');
  assert.equal(res.statusCode, 201, res.body);
  z.dbh.db = real;
  const retry = await call('POST', '/api/v1/articles', { as: 'editor', body: article('竞态'), headers: key });
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.equal(await countArticles(z), 1);
});

test('a create that committed before a later step failed keeps its key: the retry creates no duplicate', async (t) => {
  const { z, call } = await createApiFixture();
  t.after(() => z.close());
  await z.categories.create({ slug: 'news', name: '新闻' });
  // The article is written, then the audit write fails (its table is gone).
  await sql`drop table audit_log`.execute(z.dbh.db);
  const key = { 'idempotency-key': 'audit-broke-after-create' };
  const first = await call('POST', '/api/v1/articles', { as: 'editor', body: article('审计失败'), headers: key });
  assert.equal(first.statusCode, 500);
  assert.equal(body(first).error.code, 'idempotency_key_failed');
  assert.equal(await countArticles(z), 1, 'the create itself committed');

  const retry = await call('POST', '/api/v1/articles', { as: 'editor', body: article('审计失败'), headers: key });
  assert.equal(retry.statusCode, 500);
  assert.equal(retry.headers['idempotent-replayed'], 'true');
  assert.deepEqual(body(retry), body(first));
  z.clock.advance(3600_000);
  const muchLater = await call('POST', '/api/v1/articles', { as: 'editor', body: article('审计失败'), headers: key });
  assert.equal(muchLater.headers['idempotent-replayed'], 'true', 'an answered key is not abandoned');
  assert.equal(await countArticles(z), 1, 'no duplicate article');
});
