import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadConfig } from '../../config.ts';
import { createZixun, type Zixun } from '../../main.ts';
import { ConflictError } from '../../platform/errors.ts';
import { createFileStorage } from '../../platform/storage/index.ts';
import { createOutboxMailer } from '../../platform/mail/index.ts';
import { createTestApp, ROOT, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

/** Another instance of the app on the same database (as a second server process would be). */
function secondInstance(z: TestApp): Promise<Zixun> {
  return createZixun(
    { ...loadConfig({ ZIXUN_LOG: 'silent' }), demo: false, hitFlushMs: 3_600_000 },
    { clock: z.clock, dbh: z.dbh, storage: createFileStorage(path.join(z.tmp, 'uploads-b')), mailer: createOutboxMailer(undefined), rootDir: ROOT },
  );
}

test('热门搜索 with several instances: nothing is shared or run on a timer, so one reader searching on two instances is never counted twice', async (t) => {
  const a = await createTestApp();
  t.after(() => a.close());
  const b = await secondInstance(a);
  t.after(() => b.close());
  // Reader 1 searches on A, on B (the load balancer alternates) and on A again; reader 2 on A.
  a.search.recordSearch('港口扩建', 'reader-1');
  b.search.recordSearch('港口扩建', 'reader-1');
  a.search.recordSearch('港口扩建', 'reader-1');
  a.search.recordSearch('港口扩建', 'reader-2');
  // Two different readers on A: below HOT_MIN_COUNT (3) on A; a shared count adding B's search of the same
  // reader would have reached it.
  assert.deepEqual(await a.search.hotSearches(), []);
  assert.deepEqual(await b.search.hotSearches(), []);
  a.search.recordSearch('港口扩建', 'reader-3');
  assert.deepEqual(await a.search.hotSearches(), ['港口扩建'], 'three readers on A');
  assert.deepEqual(await b.search.hotSearches(), [], 'each instance lists what its own readers searched');
});

test('搜索词库 with several instances: a term added on one runs its index job there only; the same term added on two at once is stored once', async (t) => {
  const a = await createTestApp();
  t.after(() => a.close());
  const b = await secondInstance(a);
  t.after(() => b.close());
  await makeCategory(a, { slug: 'local' });
  await makeArticle(a, { category: 'local', title: '排雷联盟在边境开展行动', body: '<p>排雷联盟的队员清理了雷区。</p>' });

  await a.search.terms.add('排雷联盟', 1);
  await a.search.jobs.idle();
  const jobsA = a.search.jobs.status();
  assert.equal(jobsA.length, 1);
  assert.deepEqual([jobsA[0]?.kind, jobsA[0]?.state, jobsA[0]?.updated], ['term', 'done', 1]);
  assert.deepEqual(b.search.jobs.status(), [], 'the other instance repeats no work');

  // Two admins on two instances add the same word at the same moment: one is stored, the other told so.
  const both = await Promise.allSettled([a.search.terms.add('边境雷区', 1), b.search.terms.add('边境雷区', 2)]);
  assert.deepEqual(both.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  const lost = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.ok(lost.reason instanceof ConflictError, String(lost.reason));
  const rows = await a.dbh.db.selectFrom('search_terms').select('term').where('term', '=', '边境雷区').execute();
  assert.equal(rows.length, 1);
  await Promise.all([a.search.jobs.idle(), b.search.jobs.idle()]);
  assert.equal([...a.search.jobs.status(), ...b.search.jobs.status()].filter((j) => j.term === '边境雷区').length, 1, 'one index job for it');
});
