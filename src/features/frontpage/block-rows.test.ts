import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { PageCache } from '../../platform/cache/page-cache.ts';
import { createFakeClock } from '../../platform/clock.ts';
import { BLOCK_ROWS_MAX_AGE_MS, createBlockRows } from './block-rows.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

function box(html: string, title: string): string {
  const at = html.indexOf(`<span>${title}</span>`);
  assert.ok(at >= 0, `no box titled ${title}`);
  return html.slice(at, html.indexOf('</section>', at));
}

async function page(z: TestApp, id: number): Promise<string> {
  const res = await z.app.inject(`/news/${id}.html`);
  assert.equal(res.statusCode, 200);
  return res.body;
}

test('with the page cache off, the shared blocks follow every article write at once', async (t) => {
  const z = await createTestApp({ pageCache: false });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  const a = await makeArticle(z, { category: 'city', title: '城市第一篇', recommendLevel: 1 });
  const b = await makeArticle(z, { category: 'city', title: '城市第二篇', recommendLevel: 2, cover: '/uploads/b.jpg' });

  let html = await page(z, a.id);
  assert.ok(box(html, '最新文章').includes('城市第二篇'));
  assert.ok(box(html, '推荐文章').includes('城市第二篇') && !box(html, '推荐文章').includes('城市第一篇'), 'not the article being read');
  assert.ok(box(await page(z, b.id), '推荐文章').includes('城市第一篇'));
  assert.match(box(html, '推荐图文'), /<span>城市第二篇<\/span>/);
  assert.ok(box(html, '更多<span aria-hidden="true">&gt;</span>同类最新资讯').includes('城市第二篇'));
  assert.ok(!box(html, '更多<span aria-hidden="true">&gt;</span>同类最新资讯').includes('城市第一篇'), 'the article being read is not in its own list');

  // An edit, a new article and a removal each show on the very next page.
  await z.articles.update(b.id, { title: '城市第二篇（更新）' });
  const c = await makeArticle(z, { category: 'city', title: '城市第三篇' });
  html = await page(z, a.id);
  assert.ok(box(html, '最新文章').includes('城市第二篇（更新）') && box(html, '最新文章').includes('城市第三篇'));
  assert.match(box(html, '推荐图文'), /<span>城市第二篇（更新）<\/span>/);
  assert.ok(box(html, '更多<span aria-hidden="true">&gt;</span>同类最新资讯').includes('城市第三篇'));

  await z.articles.update(a.id, { recommendLevel: 0 });
  await z.articles.remove(c.id);
  html = await page(z, b.id);
  assert.ok(!box(html, '推荐文章').includes('城市第一篇'), 'no longer recommended');
  assert.ok(!html.includes('城市第三篇'), 'a removed article leaves every block');
  assert.ok(box(html, '更多<span aria-hidden="true">&gt;</span>同类最新资讯').includes('城市第一篇'));

  // 点击排行 follows each hit flush.
  const rank = (h: string) => [...box(h, '点击排行').matchAll(/href="\/news\/(\d+)\.html"/g)].map((m) => Number(m[1]));
  for (let i = 0; i < 3; i++) z.hits.record(a.id, { ip: `10.0.0.${i}`, userAgent: UA });
  await z.hits.flush();
  assert.equal(rank(await page(z, b.id))[0], a.id);
  for (let i = 0; i < 5; i++) z.hits.record(b.id, { ip: `10.0.1.${i}`, userAgent: UA });
  await z.hits.flush();
  assert.equal(rank(await page(z, a.id))[0], b.id);
});

test('block rows are read once, again after a purge of one of their tags, a clear or a minute', async () => {
  const clock = createFakeClock('2026-11-27T08:00:00.000Z');
  const cache = new PageCache({ enabled: false, clock });
  const rows = createBlockRows(cache, () => clock.now().getTime());
  let loads = 0;
  const latest = () => rows('latest', ['list:latest'], undefined, async () => ++loads);
  assert.equal(await latest(), 1);
  assert.equal(await latest(), 1);
  cache.purge(['article:9', 'list:recommended']);
  assert.equal(await latest(), 1, 'another tag leaves it');
  cache.purge(['article:9', 'list:latest']);
  assert.equal(await latest(), 2);
  cache.clear();
  assert.equal(await latest(), 3);
  clock.advance(BLOCK_ROWS_MAX_AGE_MS);
  assert.equal(await latest(), 4);
  // Rows derived from hits: reread when the hit version moves.
  let v = 1;
  const hot = () => rows('hot', ['list:hot'], v, async () => ++loads);
  assert.equal(await hot(), 5);
  assert.equal(await hot(), 5);
  v = 2;
  assert.equal(await hot(), 6);
  // A load that a purge overtook is served but not kept.
  const slow = rows('slow', ['list:latest'], undefined, async () => {
    cache.purge(['list:latest']);
    return ++loads;
  });
  assert.equal(await slow, 7);
  assert.equal(await rows('slow', ['list:latest'], undefined, async () => ++loads), 8);
});

test('同类最新资讯 with the page cache off: every older article shows the category newest eight, the newest ones leave themselves out', async (t) => {
  const z = await createTestApp({ pageCache: false });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'town', name: '城镇' });
  const made = [];
  for (let i = 1; i <= 11; i++) made.push(await makeArticle(z, { category: 'town', title: `城镇第${i}篇`, publishedAt: `2026-11-${10 + i}T08:00:00.000Z` }));
  const listed = async (id: number) =>
    [...box(await page(z, id), '更多<span aria-hidden="true">&gt;</span>同类最新资讯').matchAll(/href="\/news\/(\d+)\.html"/g)].map((m) => Number(m[1]));
  const newestEight = made
    .slice(3)
    .reverse()
    .map((a) => a.id);
  assert.deepEqual(await listed(made[0]!.id), newestEight);
  assert.deepEqual(await listed(made[1]!.id), newestEight, 'the same eight for another older article');
  const newest = made[10]!.id;
  assert.deepEqual(
    await listed(newest),
    made
      .slice(2, 10)
      .reverse()
      .map((a) => a.id),
    'the newest leaves itself out',
  );
  assert.deepEqual(await listed(made[0]!.id), newestEight);
});
