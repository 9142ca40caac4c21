import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadConfig } from '../../config.ts';
import { createZixun } from '../../main.ts';
import { systemClock } from '../../platform/clock.ts';
import { createFileStorage } from '../../platform/storage/index.ts';
import { createOutboxMailer } from '../../platform/mail/index.ts';
import { createTestApp, ROOT, type TestApp } from '../../test/app.ts';
import { cliDatabase } from '../../test/cli.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { loginAs } from '../../test/session.ts';
import { formatDateTime } from '../articles/index.ts';
import { INDEX_VERSION, REBUILD_CLAIM_TTL_MS, claimManualRebuild, readIndexVersion, writeIndexVersion } from './search.index-version.ts';

const REINDEX = '/admin/search/terms/reindex';

/** Another instance of the app on the same database and clock (as a second server process would be). */
async function secondInstance(z: TestApp): Promise<TestApp> {
  const b = await createZixun(
    { ...loadConfig({ ZIXUN_LOG: 'silent' }), demo: false, hitFlushMs: 3_600_000 },
    { clock: z.clock, dbh: z.dbh, storage: createFileStorage(path.join(z.tmp, 'uploads-b')), mailer: createOutboxMailer(undefined), rootDir: ROOT },
  );
  return { ...b, clock: z.clock, tmp: z.tmp };
}

const rebuildJobs = (z: TestApp) => z.search.jobs.status().filter((j) => j.kind === 'rebuild');

test('重建索引 is refused on every instance while another rebuild holds the claim; a stale claim is taken over', async (t) => {
  const a = await createTestApp();
  t.after(() => a.close());
  const b = await secondInstance(a);
  t.after(() => b.close());
  await makeCategory(a, { slug: 'local' });
  await makeArticle(a, { category: 'local', title: '青川港新泊位投用' });
  await writeIndexVersion(a.dbh.db); // an index of the current version

  // Instance A is rebuilding (its claim in the database); an admin on B presses 重建索引.
  const held = await claimManualRebuild(a.dbh.db, a.clock);
  assert.ok(!('startedAt' in held));
  const startedAt = a.clock.now().toISOString();
  a.clock.advance(6 * 60_000); // renewed meanwhile: the message still names when the rebuild began
  const adminB = await loginAs(b, 'search_admin', 'admin');
  const refused = await adminB.post(REINDEX, {});
  assert.equal(refused.statusCode, 409);
  assert.ok(refused.body.includes(`另一个实例正在重建索引，开始于 ${formatDateTime(startedAt)}`), refused.body.slice(0, 2000));
  assert.deepEqual(rebuildJobs(b), [], 'no rebuild started on B');
  // A server starting meanwhile leaves the rebuild to the claim's holder.
  assert.equal(await b.search.ensureIndexVersion(), 'elsewhere');

  // A's rebuild failed: the claim is given back, the version it had restored, and B may rebuild.
  await held.end(true);
  assert.equal(await readIndexVersion(a.dbh.db), INDEX_VERSION);
  const ok = await adminB.post(REINDEX, {});
  assert.equal(ok.statusCode, 303);
  await b.search.jobs.idle();
  assert.equal(rebuildJobs(b)[0]?.state, 'done');
  assert.equal(await readIndexVersion(a.dbh.db), INDEX_VERSION, 'the rebuild recorded the version, releasing its claim');
  assert.equal((await adminB.post(REINDEX, {})).statusCode, 303, 'released: the next rebuild may start');
  await b.search.jobs.idle();

  // Two admins on two instances press it at the same moment: the database lets exactly one claim.
  const both = await Promise.all([claimManualRebuild(a.dbh.db, a.clock), claimManualRebuild(b.dbh.db, b.clock)]);
  assert.equal(both.filter((c) => !('startedAt' in c)).length, 1);
  t.after(() => Promise.all(both.map((c) => ('startedAt' in c ? undefined : c.end(false)))));
  // The winner's instance dies mid-rebuild: its claim is honoured until REBUILD_CLAIM_TTL_MS unrenewed.
  const adminA = await loginAs(a, 'search_admin', 'admin');
  assert.equal((await adminA.post(REINDEX, {})).statusCode, 409);
  a.clock.advance(REBUILD_CLAIM_TTL_MS + 60_000);
  assert.equal((await adminA.post(REINDEX, {})).statusCode, 303, 'an abandoned claim is taken over');
  await a.search.jobs.idle();
  assert.equal(await readIndexVersion(a.dbh.db), INDEX_VERSION);
});

test('zixun reindex exits 1 with a message on stderr while another instance rebuilds, and runs once the claim is released', async (t) => {
  const db = await cliDatabase(t);
  const z = await db.app();
  await z.categories.create({ slug: 'local', name: '本地' });
  await z.articles.create({ title: '青川港第1号泊位投用', body: '<p>港口码头扩建。</p>', category: 'local', author: 'port' });
  await z.close();

  // Another instance's rebuild holds the claim (taken just now, in real time as the CLI reads it).
  const h = db.open();
  const held = await claimManualRebuild(h.db, systemClock);
  assert.ok(!('startedAt' in held));
  await held.end(false); // stops renewing here; the claim stays in the database
  await h.close(); // the CLI opens the database itself
  const refused = await db.run(['reindex']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /另一个实例正在重建索引，开始于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  assert.doesNotMatch(refused.stderr, /已重建搜索索引/);

  // That rebuild finished (it records the version, which ends its claim): the CLI rebuilds.
  const h2 = db.open();
  await writeIndexVersion(h2.db);
  await h2.close();
  const ok = await db.run(['reindex']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /已重建搜索索引：1 篇文章/);
  const h3 = db.open();
  t.after(() => h3.close());
  assert.equal(await readIndexVersion(h3.db), INDEX_VERSION, 'the version is recorded, the claim gone');
});
