import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { isBot } from './hits.service.ts';

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';

async function hitsOf(z: Awaited<ReturnType<typeof createTestApp>>, id: number): Promise<number> {
  return (await z.articles.getAny(id))?.hits ?? -1;
}

test('views are counted in memory and written only when flushed', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  await z.app.inject({ url: `/news/${a.id}.html`, headers: { 'user-agent': BROWSER }, remoteAddress: '10.0.0.1' });
  await z.app.inject({ url: `/mobile/news/${a.id}.html`, headers: { 'user-agent': PHONE }, remoteAddress: '10.0.0.2' });
  assert.equal(await hitsOf(z, a.id), 0, 'no database write in the request path');
  assert.equal(z.hits.pendingCount(), 2);
  await z.hits.flush();
  assert.equal(await hitsOf(z, a.id), 2);
  assert.equal(z.hits.pendingCount(), 0);
});

test('bots and repeat views within the window are not counted; after the window they are', async (t) => {
  const z = await createTestApp({ hitWindowMs: 30 * 60_000 });
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  for (const ua of ['Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)', 'Googlebot/2.1', 'curl/8.5.0', '']) {
    await z.app.inject({ url: `/news/${a.id}.html`, headers: { 'user-agent': ua } });
  }
  for (let i = 0; i < 5; i++) await z.app.inject({ url: `/news/${a.id}.html`, headers: { 'user-agent': BROWSER }, remoteAddress: '10.0.0.9' });
  await z.hits.flush();
  assert.equal(await hitsOf(z, a.id), 1, 'one human visitor, counted once');
  z.clock.advance(31 * 60_000);
  await z.app.inject({ url: `/news/${a.id}.html`, headers: { 'user-agent': BROWSER }, remoteAddress: '10.0.0.9' });
  await z.hits.flush();
  assert.equal(await hitsOf(z, a.id), 2);
});

test('cached pages still count hits, and 404s count nothing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  const first = await z.app.inject({ url: `/news/${a.id}.html`, headers: { 'user-agent': BROWSER }, remoteAddress: '10.0.0.1' });
  const second = await z.app.inject({ url: `/news/${a.id}.html`, headers: { 'user-agent': BROWSER }, remoteAddress: '10.0.0.2' });
  assert.equal(first.headers['x-cache'], 'MISS');
  assert.equal(second.headers['x-cache'], 'HIT');
  await z.app.inject({ url: '/news/987654.html', headers: { 'user-agent': BROWSER } });
  await z.hits.flush();
  assert.equal(await hitsOf(z, a.id), 2);
  assert.equal(z.hits.stats().written, 1);
});

test('shutdown flushes pending hits', async () => {
  const z = await createTestApp();
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  await z.app.inject({ url: `/news/${a.id}.html`, headers: { 'user-agent': BROWSER } });
  await z.hits.stop();
  const after = await hitsOf(z, a.id);
  await z.close();
  assert.equal(after, 1);
});

test('hot ranking orders by hits inside the 24 h / 7 d / 30 d windows', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const other = await makeCategory(z);
  const old = await makeArticle(z, { category: cat.slug, title: '旧闻' });
  const fresh = await makeArticle(z, { category: cat.slug, title: '新闻' });
  const elsewhere = await makeArticle(z, { category: other.slug, title: '别处' });
  const now = z.clock.now().getTime();
  await z.hits.addHistorical([
    { articleId: old.id, at: new Date(now - 10 * 86400_000), hits: 500 },
    { articleId: fresh.id, at: new Date(now - 3600_000), hits: 50 },
    { articleId: elsewhere.id, at: new Date(now - 2 * 3600_000), hits: 80 },
  ]);
  const ids = async (w: '24h' | '7d' | '30d', categoryIds?: number[]) =>
    (await z.rankings.hot(w, { limit: 10, ...(categoryIds ? { categoryIds } : {}) })).map((e) => e.articleId);
  assert.deepEqual(await ids('24h'), [elsewhere.id, fresh.id]);
  assert.deepEqual(await ids('7d'), [elsewhere.id, fresh.id]);
  assert.deepEqual(await ids('30d'), [old.id, elsewhere.id, fresh.id]);
  assert.deepEqual(await ids('30d', [cat.id]), [old.id, fresh.id]);
});

test('isBot recognises crawlers and tools but not browsers', () => {
  assert.equal(isBot(BROWSER), false);
  assert.equal(isBot(PHONE), false);
  for (const ua of ['Mozilla/5.0 (compatible; bingbot/2.0)', 'Sogou web spider/4.0', 'python-requests/2.31', 'Mozilla/5.0 HeadlessChrome/120', undefined])
    assert.equal(isBot(ua), true, String(ua));
});

test('a ranking read before a flush shows the new counts right after it (window totals are re-summed per flush)', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const other = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '甲' });
  const b = await makeArticle(z, { category: other.slug, title: '乙' });
  const ids = async (categoryIds?: number[]) =>
    (await z.rankings.hot('24h', { limit: 10, ...(categoryIds ? { categoryIds } : {}) })).map((e) => [e.articleId, e.hits]);
  for (let i = 0; i < 2; i++) z.hits.record(a.id, { ip: `10.1.0.${i}`, userAgent: BROWSER });
  await z.hits.flush();
  assert.deepEqual(await ids(), [[a.id, 2]]);
  for (let i = 0; i < 3; i++) z.hits.record(b.id, { ip: `10.2.0.${i}`, userAgent: BROWSER });
  assert.deepEqual(await ids(), [[a.id, 2]], 'pending hits are not in the ranking yet');
  await z.hits.flush();
  assert.deepEqual(await ids(), [
    [b.id, 3],
    [a.id, 2],
  ]);
  assert.deepEqual(await ids([cat.id]), [[a.id, 2]], 'a category ranking is cut from the same totals');
  assert.deepEqual(await ids([other.id]), [[b.id, 3]]);
});

test('the visitors remembered for deduplication stay bounded, the newest kept', async (t) => {
  const z = await createTestApp({ hitWindowMs: 30 * 60_000 });
  t.after(() => z.close());
  for (let i = 0; i < 100_050; i++) z.hits.record(1 + (i % 50), { ip: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, userAgent: BROWSER });
  assert.equal(z.hits.stats().trackedVisitors, 100_000);
  assert.equal(z.hits.pendingCount(), 100_050, 'every distinct visitor counted');
  const newest = 100_049;
  const again = z.hits.record(1 + (newest % 50), { ip: `10.${newest >> 16}.${(newest >> 8) & 255}.${newest & 255}`, userAgent: BROWSER });
  assert.equal(again, false, 'a recent visitor is still recognised');
  assert.equal(z.hits.record(1, { ip: '10.0.0.0', userAgent: BROWSER }), true, 'the oldest were forgotten first');
});

test('a flush of many articles writes each one its own total and hour bucket, in chunks; a hard-deleted article is skipped', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const made = [];
  for (let i = 0; i < 130; i++) made.push(await makeArticle(z, { category: cat.slug, title: `第${i}篇` }));
  const gone = await makeArticle(z, { category: cat.slug, title: '将被彻底删除' });
  made.forEach((a, i) => {
    for (let v = 0; v <= i % 4; v++) z.hits.record(a.id, { ip: `10.1.${i}.${v}`, userAgent: BROWSER });
  });
  z.hits.record(gone.id, { ip: '10.2.0.1', userAgent: BROWSER });
  await z.dbh.db.deleteFrom('articles').where('id', '=', gone.id).execute();
  assert.equal(await z.hits.flush(), 131);
  const rows = await z.dbh.db.selectFrom('articles').select(['id', 'hits']).where('category_id', '=', cat.id).execute();
  const hits = new Map(rows.map((r) => [r.id, r.hits]));
  made.forEach((a, i) => assert.equal(hits.get(a.id), (i % 4) + 1, `article ${i}`));
  const buckets = await z.dbh.db.selectFrom('article_hit_buckets').select(['article_id', 'hits']).execute();
  assert.equal(buckets.length, 130, 'one bucket per existing article, none for the deleted one');
  assert.equal(
    buckets.reduce((s, b) => s + Number(b.hits), 0),
    made.reduce((s, _, i) => s + (i % 4) + 1, 0),
  );
  // A second flush in the same hour adds to the buckets.
  z.hits.record(made[0]!.id, { ip: '10.3.0.1', userAgent: BROWSER });
  await z.hits.flush();
  const b0 = await z.dbh.db.selectFrom('article_hit_buckets').select('hits').where('article_id', '=', made[0]!.id).execute();
  assert.deepEqual(
    b0.map((b) => Number(b.hits)),
    [2],
  );
});

test('an article fetched as an image or frame (Sec-Fetch-Dest) is not a view, rendered or served from cache', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  await z.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
  const get = (dest: string | undefined) =>
    fetch(`${base}/news/${a.id}.html`, { headers: { 'user-agent': BROWSER, ...(dest ? { 'sec-fetch-dest': dest } : {}) } }).then((r) => r.text());
  await get('image'); // renders the page (through the route)
  await get('iframe'); // served by the cache's fast lane
  await get('image');
  await z.hits.flush();
  assert.equal(await hitsOf(z, a.id), 0, 'embedded fetches are not views');
  assert.equal(z.hits.stats().embeds, 3);
  await get('document');
  await z.hits.flush();
  assert.equal(await hitsOf(z, a.id), 1, 'a page the browser opens is');
});
