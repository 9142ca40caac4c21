// 上一篇/下一篇 come from an in-memory publication order (articles.order.ts). These tests change articles in
// every way an editor or another process can and compare the links with the database's own order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { createPublicationOrder, type PublicationOrderSource } from './articles.order.ts';

const day = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString();

/** Every published, visible article of the category with the neighbours the database's order gives it. */
async function expected(z: TestApp, categoryId: number): Promise<Map<number, [number | null, number | null]>> {
  const now = z.clock.now().toISOString();
  const rows = (
    await z.dbh.db.selectFrom('articles').select(['id', 'published_at']).where('category_id', '=', categoryId).where('status', '=', 'published').execute()
  )
    .map((r) => ({ id: r.id, at: r.published_at as string }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
  const visible = rows.filter((r) => r.at <= now);
  return new Map(visible.map((r, i) => [r.id, [visible[i - 1]?.id ?? null, visible[i + 1]?.id ?? null]]));
}

async function actual(z: TestApp, categoryId: number): Promise<Map<number, [number | null, number | null]>> {
  const out = new Map<number, [number | null, number | null]>();
  for (const id of (await expected(z, categoryId)).keys()) {
    const a = await z.articles.getAny(id);
    assert.ok(a?.publishedAt);
    const n = await z.articles.neighbours({ ...a, publishedAt: a.publishedAt });
    out.set(id, [n.prev?.id ?? null, n.next?.id ?? null]);
  }
  return out;
}

async function assertOrder(z: TestApp, categoryId: number, what: string): Promise<void> {
  assert.deepEqual(await actual(z, categoryId), await expected(z, categoryId), what);
}

test('上一篇/下一篇 follow publishing, date changes, moves, unpublishing and deletion without a restart', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const city = await makeCategory(z, { slug: 'city', name: '城市' });
  const sport = await makeCategory(z, { slug: 'sport', name: '体育' });
  const ids: number[] = [];
  for (let d = 1; d <= 8; d++) ids.push((await makeArticle(z, { category: 'city', title: `城市第${d}天`, publishedAt: day(d) })).id);
  // Two at the same moment: ordered by id.
  const tie = await makeArticle(z, { category: 'city', title: '同时发布', publishedAt: day(4) });
  await makeArticle(z, { category: 'sport', title: '体育第3天', publishedAt: day(3) });
  await assertOrder(z, city.id, 'as created');
  await assertOrder(z, sport.id, 'the other category');

  const [a1, a2, a3, a4, a5, , a7] = ids as [number, number, number, number, number, number, number, number];
  await z.articles.update(a3, { publishedAt: day(20) });
  await assertOrder(z, city.id, 'a date moved later');
  await z.articles.update(a4, { category: 'sport' });
  await assertOrder(z, city.id, 'moved out of the category');
  await assertOrder(z, sport.id, 'moved into the category');
  await z.articles.update(a5, { status: 'draft' });
  await assertOrder(z, city.id, 'unpublished');
  await z.articles.remove(a2);
  await assertOrder(z, city.id, 'deleted');
  const fresh = await makeArticle(z, { category: 'city', title: '补发的稿件', publishedAt: day(1.5) });
  await assertOrder(z, city.id, 'a new article between two');
  await z.articles.update(a5, { status: 'published' });
  await assertOrder(z, city.id, 'published again');
  const scheduled = await makeArticle(z, { category: 'city', title: '定时发布', publishedAt: new Date(z.clock.now().getTime() + 3_600_000).toISOString() });
  await assertOrder(z, city.id, 'a scheduled article is nobody’s 下一篇 yet');
  z.clock.advance(3_600_001);
  await assertOrder(z, city.id, 'once its time has come it is');
  const latest = await expected(z, city.id);
  assert.deepEqual(latest.get(scheduled.id), [a3, null], 'it follows the article moved to day 20');
  assert.deepEqual(latest.get(fresh.id), [a1, tie.id], 'day 2 was deleted, day 3 moved later and day 4 moved away');
  assert.deepEqual(latest.get(a7), [ids[5], ids[7]]);

  // The page shows the same links.
  const html = (await z.app.inject(`/news/${fresh.id}.html`)).body;
  const nav = html.slice(html.indexOf('<nav class="prev-next"'), html.indexOf('</nav>', html.indexOf('<nav class="prev-next"')));
  assert.ok(nav.includes(`/news/${a1}.html`) && nav.includes('城市第1天'), '上一篇 links the day-1 article by its title');
  const next = latest.get(fresh.id)?.[1];
  assert.ok(next && nav.includes(`/news/${next}.html`));
});

test('an article changed by another process without the purge bus shows in 上一篇/下一篇 within a minute', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const city = await makeCategory(z, { slug: 'city', name: '城市' });
  const other = await makeCategory(z, { slug: 'other', name: '其他' });
  const ids: number[] = [];
  for (let d = 1; d <= 4; d++) ids.push((await makeArticle(z, { category: 'city', title: `第${d}天`, publishedAt: day(d) })).id);
  await assertOrder(z, city.id, 'as created');
  // A CLI import in another process: the rows change, nothing is purged here.
  await z.dbh.db
    .updateTable('articles')
    .set({ status: 'deleted' })
    .where('id', '=', ids[1] as number)
    .execute();
  await z.dbh.db
    .updateTable('articles')
    .set({ category_id: other.id })
    .where('id', '=', ids[2] as number)
    .execute();
  // A neighbour no longer public is never linked, even before the order is read again: the database answers.
  const first = await z.articles.getAny(ids[0] as number);
  assert.ok(first?.publishedAt);
  const before = await z.articles.neighbours({ ...first, publishedAt: first.publishedAt });
  assert.equal(before.next?.id, ids[3]);
  z.clock.advance(61_000);
  await z.articles.neighbours({ ...first, publishedAt: first.publishedAt }); // starts reading the order again
  await new Promise((r) => setTimeout(r, 50));
  await assertOrder(z, city.id, 'after a minute');
  assert.deepEqual((await actual(z, city.id)).get(ids[0] as number), [null, ids[3]]);
});

test('an article whose date changes while its category is read in chunks is in the order once, at its new place', async () => {
  // The database as the order's source sees it; `moveBetweenChunks` changes it after the first chunk is read.
  const rows = new Map<number, { at: string; status: string }>();
  for (let i = 1; i <= 10; i++) rows.set(i, { at: day(i), status: 'published' });
  const sortedRows = () =>
    [...rows.entries()].filter(([, r]) => r.status === 'published').sort(([ia, a], [ib, b]) => (a.at < b.at ? -1 : a.at > b.at ? 1 : ia - ib));
  let chunks = 0;
  let order: ReturnType<typeof createPublicationOrder> | undefined;
  const source: PublicationOrderSource = {
    async categoryChunk(_cat, after, limit) {
      if (chunks++ === 1) {
        rows.set(2, { at: day(20), status: 'published' }); // article 2 moved later, past the first chunk
        order?.changed(['article:2']);
      }
      const all = sortedRows().filter(([id, r]) => !after || r.at > after.at || (r.at === after.at && id > after.id));
      return all.slice(0, limit).map(([id, r]) => ({ id, publishedAt: r.at }));
    },
    async rows(ids) {
      return ids.flatMap((id) => {
        const r = rows.get(id);
        return r ? [{ id, categoryId: 1, status: r.status, publishedAt: r.at }] : [];
      });
    },
  };
  order = createPublicationOrder(source, { now: () => Date.parse(day(100)), chunkSize: 3 });
  const at = (id: number) => ({ id, categoryId: 1, publishedAt: (rows.get(id) as { at: string }).at });
  const links = async (id: number) => {
    const n = await order.neighbours(at(id), Date.parse(day(100)));
    assert.ok(n, `the order of article ${id}'s category is held`);
    return [n.prev?.id ?? null, n.next?.id ?? null];
  };
  // The first lookup starts reading the category and answers at once that it has no order yet (the caller asks
  // the database): under load a large category's read in chunks takes seconds, which no page should wait for.
  assert.equal(await order.neighbours(at(3), Date.parse(day(100))), undefined);
  await order.held(1);
  assert.deepEqual(await links(3), [1, 4], 'article 2 moved while the category was read');
  assert.deepEqual(await links(2), [10, null], 'article 2 follows article 10, and is not its own 下一篇');
  assert.deepEqual(await links(10), [9, 2]);
  assert.equal(order.size().articles, 10);
  // A failed read of changed articles drops the order; the next lookup reads it again.
  const failingRows = source.rows;
  source.rows = async () => {
    throw new Error('connection lost');
  };
  rows.set(5, { at: day(5), status: 'draft' });
  order.changed(['article:5']);
  await assert.rejects(order.neighbours(at(4), Date.parse(day(100))), /connection lost/);
  source.rows = failingRows;
  assert.equal(await order.neighbours(at(4), Date.parse(day(100))), undefined, 'dropped: read again');
  await order.held(1);
  assert.deepEqual(await links(4), [3, 6], 'read again: article 5 is gone');
});

test('a failed read of the order is reported, pages are answered by SQL meanwhile, and the next lookup reads it again', async () => {
  const errors: unknown[] = [];
  let down = true;
  const source: PublicationOrderSource = {
    async categoryChunk() {
      if (down) throw new Error('disk I/O error');
      return [1, 2, 3].map((id) => ({ id, publishedAt: day(id) }));
    },
    async rows(ids) {
      if (down) throw new Error('disk I/O error');
      return ids.map((id) => ({ id, categoryId: 1, status: 'published', publishedAt: day(id) }));
    },
  };
  const order = createPublicationOrder(source, { now: () => Date.parse(day(100)), onError: (e) => errors.push(e) });
  const a2 = { id: 2, categoryId: 1, publishedAt: day(2) };
  await assert.rejects(order.held(1), /disk I\/O error/);
  await new Promise((r) => setImmediate(r));
  assert.equal(errors.length, 1, 'the failed category read is reported');
  assert.match(String(errors[0]), /disk I\/O error/);

  down = false;
  assert.equal(await order.neighbours(a2, Date.parse(day(100))), undefined, 'the next lookup starts the read again');
  await order.held(1);
  assert.deepEqual(await order.neighbours(a2, Date.parse(day(100))), { prev: { id: 1, at: Date.parse(day(1)) }, next: { id: 3, at: Date.parse(day(3)) } });

  // A change whose re-read fails drops the held order and is reported too.
  down = true;
  order.changed(['article:3']);
  await assert.rejects(order.neighbours(a2, Date.parse(day(100))), /disk I\/O error/);
  assert.equal(errors.length, 2);
  assert.equal(order.size().categories, 0, 'nothing stale is kept');
});
