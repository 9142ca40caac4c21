// 点击排行 totals: summed once per hit write, and pages never wait for a sum once a window has totals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { createRankings } from './rankings.service.ts';

const PENDING = Symbol('pending');
/** The promise's value if it settles within a few turns of the event loop, else PENDING. */
async function soon<T>(p: Promise<T>): Promise<T | typeof PENDING> {
  return Promise.race([p, new Promise<typeof PENDING>((r) => setTimeout(() => r(PENDING), 30))]);
}

test('rankings answer from the totals held while a new sum runs, and switch once it is in', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '甲' });
  const b = await makeArticle(z, { category: cat.slug, title: '乙' });
  // A sum held up as one queued behind a long hit flush on the write thread would be.
  let gate: Promise<void> = Promise.resolve();
  let sums = 0;
  const rankings = createRankings({
    db: z.dbh.db,
    clock: z.clock,
    readOffThread: async (q) => {
      await gate;
      sums++;
      return z.dbh.readOffThread(q);
    },
  });
  const ranked = async () => (await rankings.hot('24h', { limit: 10 })).map((e) => [e.articleId, e.hits]);
  const hour = () => new Date(z.clock.now().getTime() - 60_000);

  await z.hits.addHistorical([{ articleId: a.id, at: hour(), hits: 2 }]);
  assert.deepEqual(await ranked(), [[a.id, 2]], 'the first ranking of a window waits for its sum');
  const v1 = rankings.version('24h');

  await z.hits.addHistorical([{ articleId: b.id, at: hour(), hits: 5 }]);
  let release!: () => void;
  gate = new Promise((r) => (release = r));
  const refreshed = rankings.refresh();
  assert.deepEqual(await soon(ranked()), [[a.id, 2]], 'while the sum waits, pages get the totals held');
  assert.equal(rankings.version('24h'), v1);
  assert.equal(await soon(refreshed), PENDING);
  release();
  await refreshed;
  assert.deepEqual(await ranked(), [
    [b.id, 5],
    [a.id, 2],
  ]);
  assert.notEqual(rankings.version('24h'), v1, 'new totals, new version: blocks cut from them are rendered again');

  // Buckets written by another process: after a minute the held totals are summed again, without waiting.
  await z.dbh.db.updateTable('article_hit_buckets').set({ hits: 9 }).where('article_id', '=', a.id).execute();
  gate = new Promise((r) => (release = r));
  z.clock.advance(61_000);
  const before = sums;
  assert.deepEqual(await soon(ranked()), [
    [b.id, 5],
    [a.id, 2],
  ]);
  assert.deepEqual(
    await soon(ranked()),
    [
      [b.id, 5],
      [a.id, 2],
    ],
    'one sum at a time',
  );
  release();
  while (sums === before) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(sums, before + 1);
  assert.deepEqual(await ranked(), [
    [a.id, 9],
    [b.id, 5],
  ]);
});

test('a refresh that comes while a sum runs sums again after it: hits written meanwhile are never left out', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '甲' });
  const b = await makeArticle(z, { category: cat.slug, title: '乙' });
  let release!: () => void;
  let gate: Promise<void> = Promise.resolve();
  const rankings = createRankings({
    db: z.dbh.db,
    clock: z.clock,
    readOffThread: async (q) => {
      const rows = await z.dbh.readOffThread(q); // read first, then held: this sum misses later writes
      await gate;
      return rows;
    },
  });
  const at = new Date(z.clock.now().getTime() - 60_000);
  await z.hits.addHistorical([{ articleId: a.id, at, hits: 1 }]);
  await rankings.hot('7d', { limit: 5 });
  gate = new Promise((r) => (release = r));
  const first = rankings.refresh();
  await new Promise((r) => setTimeout(r, 10));
  await z.hits.addHistorical([{ articleId: b.id, at, hits: 4 }]);
  const second = rankings.refresh();
  release();
  gate = Promise.resolve();
  await Promise.all([first, second]);
  assert.deepEqual(
    (await rankings.hot('7d', { limit: 5 })).map((e) => e.articleId),
    [b.id, a.id],
  );
});

test('a refresh sums again only the windows read since the last one; another is summed when next read', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '甲' });
  const summed: string[] = [];
  const rankings = createRankings({
    db: z.dbh.db,
    clock: z.clock,
    readOffThread: async (q) => {
      summed.push(String(q.parameters[0]));
      return z.dbh.readOffThread(q);
    },
  });
  const at = new Date(z.clock.now().getTime() - 60_000);
  await z.hits.addHistorical([{ articleId: a.id, at, hits: 1 }]);
  await rankings.hot('24h', { limit: 5 });
  await rankings.hot('30d', { limit: 5 });
  await rankings.refresh();
  assert.equal(summed.length, 4, 'both read before the refresh: both summed again');
  await rankings.hot('24h', { limit: 5 });
  await z.hits.addHistorical([{ articleId: a.id, at, hits: 2 }]);
  await rankings.refresh();
  assert.equal(summed.length, 5, 'only the 24-hour window was read since');
  assert.deepEqual(await rankings.hot('24h', { limit: 5 }), [{ articleId: a.id, hits: 3 }]);
  assert.deepEqual(await rankings.hot('30d', { limit: 5 }), [{ articleId: a.id, hits: 1 }], 'answered from the totals held…');
  while (summed.length < 6) await new Promise((r) => setTimeout(r, 5));
  // The background sum takes as long as the database needs (seconds on a loaded machine): wait for it, up to 10 s.
  let later = await rankings.hot('30d', { limit: 5 });
  for (let i = 0; i < 1000 && later[0]?.hits !== 3; i++) {
    await new Promise((r) => setTimeout(r, 10));
    later = await rankings.hot('30d', { limit: 5 });
  }
  assert.deepEqual(later, [{ articleId: a.id, hits: 3 }], '…while it is summed again');
  assert.equal(summed.length, 6, 'summed once, not once per read while it ran');
});

test('a quiet category past the kept rows is summed once per totals, not once per page, and follows new hits', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const busy = await makeCategory(z, { slug: 'busy', name: '热闹' });
  const quietCat = await makeCategory(z, { slug: 'quiet', name: '冷门' });
  const loud = await makeArticle(z, { category: busy.slug, title: '热' });
  const loud2 = await makeArticle(z, { category: busy.slug, title: '热二' });
  const q1 = await makeArticle(z, { category: quietCat.slug, title: '冷一' });
  const q2 = await makeArticle(z, { category: quietCat.slug, title: '冷二' });
  let sums = 0;
  // Two rows kept: the busy category's articles fill them, so the quiet category's ranking is summed in SQL.
  const rankings = createRankings({
    db: z.dbh.db,
    clock: z.clock,
    keep: 2,
    readOffThread: async (q) => {
      sums++;
      return z.dbh.readOffThread(q);
    },
  });
  const at = new Date(z.clock.now().getTime() - 60_000);
  await z.hits.addHistorical([
    { articleId: loud.id, at, hits: 50 },
    { articleId: loud2.id, at, hits: 40 },
    { articleId: q1.id, at, hits: 3 },
    { articleId: q2.id, at, hits: 1 },
  ]);
  const quiet = () => rankings.hot('24h', { categoryIds: [quietCat.id], limit: 5 });
  assert.deepEqual(await quiet(), [
    { articleId: q1.id, hits: 3 },
    { articleId: q2.id, hits: 1 },
  ]);
  const afterFirst = sums;
  assert.equal(afterFirst, 2, 'the window once, the quiet category once');
  for (let i = 0; i < 5; i++) await quiet();
  assert.equal(sums, afterFirst, 'later pages are answered without a sum');
  assert.deepEqual(await rankings.hot('24h', { categoryIds: [busy.id], limit: 5 }), [
    { articleId: loud.id, hits: 50 },
    { articleId: loud2.id, hits: 40 },
  ]);

  await z.hits.addHistorical([{ articleId: q2.id, at, hits: 7 }]);
  await rankings.refresh();
  assert.deepEqual(
    await quiet(),
    [
      { articleId: q2.id, hits: 8 },
      { articleId: q1.id, hits: 3 },
    ],
    'new totals: the quiet category is summed again',
  );
});
