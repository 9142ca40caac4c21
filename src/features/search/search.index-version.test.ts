import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../config.ts';
import { createZixun, type Zixun } from '../../main.ts';
import { createFileStorage } from '../../platform/storage/index.ts';
import { createOutboxMailer } from '../../platform/mail/index.ts';
import { createTestApp, ROOT, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { INDEX_VERSION, INDEX_VERSION_SETTING, REBUILD_CLAIM_TTL_MS, readIndexVersion, writeIndexVersion } from './search.index-version.ts';

const found = async (z: Zixun, q: string, id: number) => (await z.app.inject(`/search?q=${encodeURIComponent(q)}`)).body.includes(`/news/${id}.html`);

/** Another instance of the app on the same database (as a second server process would be). */
async function secondInstance(z: TestApp): Promise<Zixun> {
  return createZixun(
    { ...loadConfig({ ZIXUN_LOG: 'silent' }), demo: false, hitFlushMs: 3_600_000 },
    { clock: z.clock, dbh: z.dbh, storage: createFileStorage(path.join(z.tmp, 'uploads-b')), mailer: createOutboxMailer(undefined), rootDir: ROOT },
  );
}

const rebuilds = (...zs: Zixun[]) => zs.flatMap((z) => z.search.jobs.status()).filter((j) => j.kind === 'rebuild').length;

test('an index built by an older analyzer is rebuilt in the background at start-up; an empty site just records the version', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  assert.equal(await z.search.ensureIndexVersion(), 'recorded', 'no articles: nothing to rebuild');
  assert.equal(await readIndexVersion(z.dbh.db), INDEX_VERSION);
  assert.equal(await z.search.ensureIndexVersion(), 'current');

  await makeCategory(z, { slug: 'local' });
  const a = await makeArticle(z, { category: 'local', title: '厂房租金每月1.2万元', body: '<p>园区厂房出租，租金每月1.2万元。</p>' });
  // As an index written before numbers with units were terms: the old version, and the article's entry
  // lacking them (here: gone, so only a rebuild can bring it back).
  await z.dbh.tx(async (trx) => {
    if (z.dbh.dialect === 'sqlite') await sql`delete from search_fts where rowid = ${a.id}`.execute(trx);
    await trx.deleteFrom('search_docs').where('article_id', '=', a.id).execute();
  });
  await writeIndexVersion(z.dbh.db, INDEX_VERSION - 1);
  assert.equal(await found(z, '1.2万', a.id), false, 'not found in the old index');
  assert.equal(await z.search.ensureIndexVersion(), 'rebuilding');
  await z.search.jobs.idle();
  assert.equal(await readIndexVersion(z.dbh.db), INDEX_VERSION, 'recorded when the rebuild is done');
  assert.ok(await found(z, '1.2万', a.id), 'found after the rebuild');
  assert.ok(
    z.search.jobs.status().some((j) => j.kind === 'rebuild' && j.state === 'done'),
    'the rebuild shows among the index jobs (重建索引 on the admin page)',
  );
});

test('of instances starting together on an old index, exactly one rebuilds it; a crashed rebuilder’s claim is taken over', async (t) => {
  const a = await createTestApp();
  t.after(() => a.close());
  const b = await secondInstance(a);
  t.after(() => b.close());
  await makeCategory(a, { slug: 'local' });
  const art = await makeArticle(a, { category: 'local', title: '厂房租金每月1.2万元', body: '<p>租金每月1.2万元。</p>' });

  // An index of the previous version, then one from before versions were recorded (no row at all).
  for (const old of [
    () => writeIndexVersion(a.dbh.db, INDEX_VERSION - 1),
    () => a.dbh.db.deleteFrom('settings').where('key', '=', INDEX_VERSION_SETTING).execute(),
  ]) {
    await old();
    const before = rebuilds(a, b);
    const outcomes = await Promise.all([a.search.ensureIndexVersion(), b.search.ensureIndexVersion()]);
    assert.deepEqual(outcomes.sort(), ['elsewhere', 'rebuilding']);
    assert.equal(rebuilds(a, b) - before, 1, 'one rebuild started');
    await Promise.all([a.search.jobs.idle(), b.search.jobs.idle()]);
    assert.equal(await readIndexVersion(a.dbh.db), INDEX_VERSION);
    assert.deepEqual(await Promise.all([a.search.ensureIndexVersion(), b.search.ensureIndexVersion()]), ['current', 'current']);
  }

  // A claim left by an instance that died mid-rebuild: honoured while recent, taken over once abandoned.
  const since = a.clock.now().toISOString();
  await a.dbh.db
    .updateTable('settings')
    .set({ value: JSON.stringify({ rebuilding: INDEX_VERSION, since, by: 'crashed' }) })
    .where('key', '=', INDEX_VERSION_SETTING)
    .execute();
  a.clock.advance(REBUILD_CLAIM_TTL_MS - 60_000);
  assert.equal(await b.search.ensureIndexVersion(), 'elsewhere');
  a.clock.advance(2 * 60_000);
  const before = rebuilds(a, b);
  assert.equal(await b.search.ensureIndexVersion(), 'rebuilding');
  assert.equal(rebuilds(a, b) - before, 1);
  await b.search.jobs.idle();
  assert.equal(await readIndexVersion(a.dbh.db), INDEX_VERSION);
  assert.ok(await found(a, '1.2万', art.id));
});
