import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { HOT_TTL_MS } from './index.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

async function get(z: TestApp, url: string) {
  const res = await z.app.inject(url);
  return { status: res.statusCode, body: res.body, cache: res.headers['x-cache'] };
}

/** `n` distinct readers view the article; the counts are written as the hit flusher would. */
async function view(z: TestApp, articleId: number, n: number, from = 0) {
  for (let i = 0; i < n; i++) z.hits.record(articleId, { ip: `10.0.${articleId}.${from + i}`, userAgent: UA });
  await z.hits.flush();
}

/** Ranked article links of the page's main ranking, in order. */
function ranked(html: string): string[] {
  const start = html.search(/<table class="rank-table">|<section class="hot-page">/);
  const end = html.indexOf('</section>', start);
  return [...html.slice(start, end).matchAll(/<a href="(\/(?:mobile\/)?news\/\d+\.html)">/g)].map((m) => m[1] as string);
}

async function setup(z: TestApp) {
  const city = await makeCategory(z, { slug: 'city', name: '城市' });
  await makeCategory(z, { slug: 'metro', name: '地铁', parent: 'city' });
  const money = await makeCategory(z, { slug: 'money', name: '财经' });
  const a = await makeArticle(z, { category: 'city', title: '城市热点' });
  const b = await makeArticle(z, { category: 'metro', title: '地铁热点' });
  const c = await makeArticle(z, { category: 'money', title: '财经热点' });
  return { city, money, a, b, c };
}

test('点击排行 ranks by hits in the window, with top three marked, category links and head links', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { city, money, a, b, c } = await setup(z);
  await view(z, c.id, 1);
  z.clock.advance(3 * 24 * 3600_000); // three days later
  await view(z, b.id, 3);
  await view(z, a.id, 2);
  const r = await get(z, '/hot/');
  assert.equal(r.status, 200);
  assert.match(r.body, /<title>24小时点击排行_青川资讯网<\/title>/);
  assert.deepEqual(ranked(r.body).slice(0, 2), [`/news/${b.id}.html`, `/news/${a.id}.html`], 'most hits first');
  assert.match(
    r.body,
    /<tr class="top"><td><span class="rank r1">1<\/span><\/td><td class="title"><a href="\/news\/\d+\.html">地铁热点<\/a><\/td><td class="cat">地铁<\/td><td class="hits">3<\/td>/,
  );
  assert.ok(r.body.includes('<strong class="current" aria-current="page">24小时</strong>'));
  assert.ok(r.body.includes('<a href="/hot/?window=7d">本周</a>') && r.body.includes('<a href="/hot/?window=30d">本月</a>'));
  assert.ok(r.body.includes('<strong class="current" aria-current="page">全站</strong>'));
  assert.ok(r.body.includes(`<a href="/hot/?category=${city.id}">城市</a>`) && r.body.includes(`<a href="/hot/?category=${money.id}">财经</a>`));
  assert.match(r.body, /<link rel="canonical" href="http:\/\/[^"]+\/hot\/">/);
  assert.match(r.body, /<link rel="alternate" media="[^"]+" href="http:\/\/[^"]+\/mobile\/hot\/">/);

  // The 7-day window still holds the older hit: the article counted three days ago ranks by its hit.
  const week = await get(z, '/hot/?window=7d');
  assert.equal(week.status, 200);
  assert.deepEqual(
    ranked(week.body),
    [b, a, c].map((x) => `/news/${x.id}.html`),
  );
  assert.ok(week.body.includes('<title>本周点击排行_青川资讯网</title>'));
  assert.match(week.body, /<link rel="canonical" href="http:\/\/[^"]+\/hot\/\?window=7d">/);
});

test('a category ranking covers its subcategories only and links the windows of that category', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { city, a, b, c } = await setup(z);
  await view(z, c.id, 5);
  await view(z, a.id, 1);
  const r = await get(z, `/hot/?window=30d&category=${city.id}`);
  assert.equal(r.status, 200);
  assert.ok(r.body.includes('<h1>城市 · 本月点击排行</h1>'));
  const links = ranked(r.body);
  assert.deepEqual(
    links,
    [a, b].map((x) => `/news/${x.id}.html`),
    'ranked city article first, the metro one topped up from all-time hits',
  );
  assert.ok(!links.includes(`/news/${c.id}.html`), 'other categories stay out');
  assert.ok(r.body.includes(`<a href="/hot/?category=${city.id}">24小时</a>`));
  assert.ok(r.body.includes(`<strong class="current" aria-current="page">城市</strong>`));
  assert.ok(r.body.includes(`<a href="/hot/?window=30d">全站</a>`));
  assert.ok(r.body.includes('<a href="/category/city/" class="current">城市</a>'), 'nav marks the category');
  assert.match(r.body, new RegExp(`<link rel="canonical" href="http://[^"]+/hot/\\?window=30d&amp;category=${city.id}">`));
});

test('bad query values are 404 pages, unknown parameters are ignored', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await setup(z);
  for (const q of [
    'window=1y',
    'window=',
    'window=24H',
    'category=abc',
    'category=0',
    'category=-1',
    'category=999999',
    'category=1e3',
    'category=99999999999999999999',
    'window=24h&window=7d',
    'category=1&category=2',
  ]) {
    const r = await get(z, `/hot/?${q}`);
    assert.equal(r.status, 404, q);
    assert.ok(r.body.includes('页面不存在'), q);
  }
  const r = await get(z, '/hot/?utm_source=weixin');
  assert.equal(r.status, 200);
  assert.match(r.body, /<link rel="canonical" href="http:\/\/[^"]+\/hot\/">/);
  assert.equal((await get(z, '/hot/')).cache, 'HIT', 'a tracking parameter shares the cached page');
});

test('mobile 点击排行 uses the phone layout and mobile links', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { city, a, b } = await setup(z);
  await view(z, a.id, 2);
  const r = await get(z, `/mobile/hot/?window=7d&category=${city.id}`);
  assert.equal(r.status, 200);
  assert.ok(r.body.includes('/static/mobile.css'));
  assert.deepEqual(
    ranked(r.body),
    [a, b].map((x) => `/mobile/news/${x.id}.html`),
  );
  assert.ok(r.body.includes('<span class="rank r1">1</span>'));
  assert.ok(r.body.includes(`<a href="/mobile/hot/?category=${city.id}">24小时</a>`));
  assert.ok(!/href="\/news\//.test(r.body));
  assert.match(r.body, new RegExp(`<link rel="canonical" href="http://[^"]+/hot/\\?window=7d&amp;category=${city.id}">`));
});

test('the ranking page expires after HOT_TTL_MS and then shows the new order', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { a, b } = await setup(z);
  await view(z, a.id, 2);
  assert.equal(ranked((await get(z, '/hot/')).body)[0], `/news/${a.id}.html`);
  await view(z, b.id, 5);
  const cached = await get(z, '/hot/');
  assert.equal(cached.cache, 'HIT');
  assert.equal(ranked(cached.body)[0], `/news/${a.id}.html`, 'hits alone do not purge the page');
  z.clock.advance(HOT_TTL_MS + 1000);
  const fresh = await get(z, '/hot/');
  assert.equal(fresh.cache, 'MISS');
  assert.equal(ranked(fresh.body)[0], `/news/${b.id}.html`);
});

test('an article withdrawn or retitled leaves the 点击排行 boxes of the home and category pages at once, not at the TTL', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { a, b } = await setup(z);
  await view(z, a.id, 2);
  await view(z, b.id, 3);
  const hotBox = (html: string) => {
    const start = html.indexOf('<section class="box hot"');
    assert.ok(start >= 0, 'the page has a 点击排行 box');
    return html.slice(start, html.indexOf('</section>', start));
  };
  for (const url of ['/', '/category/city/', '/mobile/category/city/']) {
    assert.ok(hotBox((await get(z, url)).body).includes('地铁热点'), `${url} ranks the article`);
    assert.ok(hotBox((await get(z, url)).body).includes('地铁热点'), `${url} again (from the cache)`);
  }
  await z.articles.update(a.id, { title: '城市热点（更正）' });
  await z.articles.update(b.id, { status: 'draft' });
  for (const url of ['/', '/category/city/', '/mobile/category/city/']) {
    const box = hotBox((await get(z, url)).body);
    assert.ok(!box.includes('地铁热点') && !box.includes(`/news/${b.id}.html`), `${url} no longer links the withdrawn article`);
    assert.ok(box.includes('城市热点（更正）'), `${url} shows the new title`);
  }
});

test('a tip on a ranked article does not re-render the 点击排行 box (nor change the pages’ ETags)', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { b } = await setup(z);
  await view(z, b.id, 3);
  for (const url of ['/', '/category/city/']) {
    const first = await z.app.inject(url);
    const box = first.body.slice(first.body.indexOf('<section class="box hot"'));
    assert.ok(box.slice(0, box.indexOf('</section>')).includes(`/news/${b.id}.html`), `${url}: the article is ranked`);
    z.cache.purge([`article:${b.id}`, `tips:${b.id}`]); // what a tip on it purges (tips.service tipTags)
    const again = await z.app.inject(url);
    assert.equal(again.headers['x-cache'], 'HIT', url);
    assert.equal(again.headers.etag, first.headers.etag, `${url}: no fragment of the page was rendered again`);
  }
});
