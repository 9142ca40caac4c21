import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { createAnalyzer } from './search.analyzer.ts';
import { createSearchIndex, type SearchDoc } from './search.index.ts';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const tech = await makeCategory(z, { slug: 'tech', name: '科技' });
  const kite = await makeArticle(z, { category: tech.slug, title: '青川风筝节开幕', body: '<p>风筝节吸引了上万名市民。</p>' });
  const bus = await makeArticle(z, { category: tech.slug, title: '青川公交线路调整', body: '<p>两条线路改道。</p>' });
  const ids = async (q: string) => (await z.search.search({ q }, 10)).ids.sort((a, b) => a - b);
  return { z, kite, bus, ids };
}

test('a rebuild gives the same results as live writes, and drops articles no longer published', async (t) => {
  const { z, kite, bus, ids } = await setup(t);
  const before = { kite: await ids('风筝'), city: await ids('青川'), bus: await ids('公交') };
  assert.deepEqual(
    before.city,
    [kite.id, bus.id].sort((a, b) => a - b),
  );
  // An index entry for an article that is no longer published (as if a write had missed the index).
  await z.dbh.db.updateTable('articles').set({ status: 'draft' }).where('id', '=', bus.id).execute();
  const r = await z.search.reindex();
  assert.equal(r.count, 1);
  assert.deepEqual(await ids('风筝'), before.kite);
  assert.deepEqual(await ids('青川'), [kite.id]);
  assert.deepEqual(await ids('公交'), []);
  assert.equal((await z.search.stats()).docs, 1);
  // A second rebuild over the rebuilt index finds the same.
  await z.search.reindex();
  assert.deepEqual(await ids('风筝'), before.kite);
});

test('while a rebuild runs, searches use the old index and articles written meanwhile keep their newest text', async (t) => {
  const { z, kite, bus, ids } = await setup(t);
  const index = createSearchIndex(z.dbh.dialect);
  const analyzer = createAnalyzer();
  const doc = (a: { id: number; title: string }, text: string): SearchDoc => ({
    id: a.id,
    categoryId: 1,
    publishedAt: '2026-11-27T07:00:00.000Z',
    recommendLevel: 0,
    verified: false,
    fields: analyzer.fields({ title: a.title, summary: '', tags: [], text }),
  });
  const rebuild = await index.rebuild(z.dbh.db);
  // The rebuild has read the kite article; an editor then changes it.
  const stale = doc(kite, '风筝节吸引了上万名市民。');
  await z.articles.update(kite.id, { title: '青川龙舟赛开幕', body: '<p>龙舟赛吸引了上万名市民。</p>' });
  assert.deepEqual(await ids('龙舟'), [kite.id], 'the edit is searchable at once');
  assert.deepEqual(await ids('公交'), [bus.id], 'the old index still answers');
  await z.dbh.tx((trx) => rebuild.load(trx, [stale, doc(bus, '两条线路改道。')]));
  assert.deepEqual(await ids('公交'), [bus.id]);
  await rebuild.finish(new Set([kite.id, bus.id]));
  assert.deepEqual(await ids('公交'), [bus.id]);
  assert.deepEqual(await ids('龙舟'), [kite.id]);
  assert.deepEqual(await ids('风筝'), [], "the rebuild's older copy does not replace the edit");
});

test('an aborted rebuild leaves the index as it was', async (t) => {
  const { z, kite, ids } = await setup(t);
  const index = createSearchIndex(z.dbh.dialect);
  const rebuild = await index.rebuild(z.dbh.db);
  await rebuild.abort();
  assert.deepEqual(await ids('风筝'), [kite.id]);
  await z.search.reindex();
  assert.deepEqual(await ids('风筝'), [kite.id]);
});
