import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function get(z: TestApp, url: string) {
  const res = await z.app.inject(url);
  return { status: res.statusCode, body: res.body, cache: res.headers['x-cache'], location: res.headers.location };
}

/** Article links of the main list, in order (the sidebar blocks are left out). */
function listed(html: string): string[] {
  const list = html.slice(html.indexOf('<ul class="article-list">'), html.indexOf('</ul>', html.indexOf('<ul class="article-list">')));
  return [...list.matchAll(/<h2><a href="([^"]+)">/g)].map((m) => m[1] as string);
}

async function categoryWith(z: TestApp, n: number) {
  const cat = await makeCategory(z, { slug: 'city', name: '城市' });
  const sub = await makeCategory(z, { slug: 'traffic', name: '交通出行', parent: 'city' });
  await makeCategory(z, { slug: 'metro', name: '地铁', parent: 'traffic' });
  const ids: number[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await makeArticle(z, { category: i % 3 === 0 ? 'traffic' : i % 3 === 1 ? 'metro' : 'city', title: `城市新闻第${i + 1}条` })).id);
  return { cat, sub, newestFirst: ids.reverse() };
}

test('category page: breadcrumb, subcategories, articles of the whole subtree, sidebar blocks and head links', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { cat, newestFirst } = await categoryWith(z, 6);
  await makeCategory(z, { slug: 'sports', name: '体育' });
  await makeArticle(z, { category: 'sports', title: '别的栏目的文章' });
  const r = await get(z, '/category/city/');
  assert.equal(r.status, 200);
  const html = r.body;
  assert.match(html, /<title>城市_青川资讯网<\/title>/);
  assert.match(html, /<nav class="breadcrumb"[^>]*>当前位置：<a href="\/">首页<\/a> &gt; <span aria-current="page">城市<\/span><\/nav>/);
  assert.ok(html.includes('<h1>城市</h1>'));
  assert.ok(html.includes('<a href="/category/traffic/">交通出行</a>'), 'subcategory link');
  assert.ok(!html.includes('<a href="/category/metro/">'), 'only direct subcategories are listed');
  assert.deepEqual(
    listed(html),
    newestFirst.map((id) => `/news/${id}.html`),
    'all six, subcategories included, newest first',
  );
  assert.ok(html.includes('<span class="cat">交通出行</span>') && html.includes('<span class="cat">地铁</span>'), 'subcategory articles are labelled');
  assert.ok(html.includes('别的栏目的文章'), 'the other category article is on the page (in 最新文章)…');
  assert.ok(!html.slice(html.indexOf('<ul class="article-list">'), html.indexOf('<aside')).includes('别的栏目的文章'), '…but not in the list');
  assert.ok(html.includes('<a href="/category/city/" class="current">城市</a>'), 'nav marks the category');
  assert.ok(html.includes(`href="/hot/?category=${cat.id}"`), 'the category 点击排行 block');
  for (const title of ['点击排行', '最新文章', '推荐文章']) assert.ok(html.includes(`<span>${title}</span>`), title);
  assert.match(html, /<link rel="canonical" href="http:\/\/[^"]+\/category\/city\/">/);
  assert.match(html, /<link rel="alternate" media="[^"]+" href="http:\/\/[^"]+\/mobile\/category\/city\/">/);
  assert.match(html, /type="application\/rss\+xml" title="[^"]*城市" href="http:\/\/[^"]+\/category\/city\/rss.xml"/);
  assert.match(html, /type="application\/atom\+xml" title="[^"]*城市" href="http:\/\/[^"]+\/category\/city\/atom.xml"/);
  assert.ok(!html.includes('rel="prev"') && !html.includes('rel="next"'), 'one page: no prev/next');

  const sub = await get(z, '/category/traffic/');
  assert.equal(sub.status, 200);
  assert.match(sub.body, /当前位置：<a href="\/">首页<\/a> &gt; <a href="\/category\/city\/">城市<\/a> &gt; <span aria-current="page">交通出行<\/span>/);
  assert.equal(listed(sub.body).length, 4, 'traffic and metro articles only');
  assert.ok(sub.body.includes('<a href="/category/city/" class="current">城市</a>'), 'nav marks the top-level category');
});

test('category pagination: 20 per page on desktop and mobile, stable URLs, prev/next, 404 past the end', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { newestFirst } = await categoryWith(z, 32);
  const p1 = await get(z, '/category/city/');
  assert.deepEqual(
    listed(p1.body),
    newestFirst.slice(0, 20).map((id) => `/news/${id}.html`),
  );
  assert.match(p1.body, /<link rel="next" href="http:\/\/[^"]+\/category\/city\/2.html">/);
  assert.match(
    p1.body,
    /<nav class="pagination"[^>]*><strong aria-current="page">1<\/strong><a href="\/category\/city\/2.html">2<\/a><a rel="next" href="\/category\/city\/2.html">下一页<\/a>/,
  );

  const p2 = await get(z, '/category/city/2.html');
  assert.equal(p2.status, 200);
  assert.match(p2.body, /<title>城市_第2页_青川资讯网<\/title>/);
  assert.deepEqual(
    listed(p2.body),
    newestFirst.slice(20).map((id) => `/news/${id}.html`),
  );
  assert.match(p2.body, /<link rel="canonical" href="http:\/\/[^"]+\/category\/city\/2.html">/);
  assert.match(p2.body, /<link rel="prev" href="http:\/\/[^"]+\/category\/city\/">/);
  assert.ok(!p2.body.includes('rel="next"'));
  assert.ok(p2.body.includes('<a href="/category/city/">首页</a>'), 'page 1 is linked by its canonical URL');

  const m1 = await get(z, '/mobile/category/city/');
  assert.equal(listed(m1.body).length, 20);
  assert.ok(listed(m1.body).every((u) => u.startsWith('/mobile/news/')));
  const m2 = await get(z, '/mobile/category/city/2.html');
  assert.equal(m2.status, 200);
  assert.deepEqual(
    listed(m2.body),
    newestFirst.slice(20).map((id) => `/mobile/news/${id}.html`),
  );
  // Mobile page 2 lists what desktop page 2 lists, and names it as its canonical.
  assert.match(m2.body, /<link rel="canonical" href="http:\/\/[^"]+\/category\/city\/2.html">/);
  assert.ok(m2.body.includes('<a class="to-desktop" href="/view/pc?to=%2Fcategory%2Fcity%2F2.html" rel="nofollow">'));
  assert.match(m2.body, /<link rel="prev" href="http:\/\/[^"]+\/mobile\/category\/city\/">/);

  assert.equal((await get(z, '/category/city/3.html')).status, 404, 'past the last desktop page');
  assert.equal((await get(z, '/mobile/category/city/3.html')).status, 404, 'past the last mobile page');
  const one = await get(z, '/category/city/1.html');
  assert.equal(one.status, 301, 'page 1 has one URL');
  assert.equal(one.location, '/category/city/');
  assert.equal((await get(z, '/mobile/category/city/1.html')).location, '/mobile/category/city/');
});

test('unknown categories and malformed page numbers are 404 pages, on desktop and mobile', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await categoryWith(z, 2);
  const empty = await makeCategory(z, { slug: 'quiet', name: '冷清栏目' });
  for (const url of [
    '/category/nope/',
    '/mobile/category/nope/',
    '/category/City/',
    '/category/city/0.html',
    '/category/city/02.html',
    '/category/city/abc.html',
    '/category/city/2',
    '/category/city/2.htm',
    '/category/city/999999.html',
    '/category/quiet/2.html',
    '/mobile/category/city/x.html',
    '/category/%E5%9F%8E/',
  ]) {
    const r = await get(z, url);
    assert.equal(r.status, 404, url);
    assert.ok(r.body.includes('页面不存在'), url);
  }
  const quiet = await get(z, '/category/quiet/');
  assert.equal(quiet.status, 200, 'an empty category still has its page');
  assert.ok(quiet.body.includes('这里还没有文章'));
  assert.ok(quiet.body.includes('<meta name="robots" content="noindex">'));
  assert.ok(quiet.body.includes(`/hot/?category=${empty.id}`));
  const m404 = await get(z, '/mobile/category/nope/');
  assert.ok(m404.body.includes('/static/mobile.css'), 'the mobile 404 uses the mobile layout');
});

test('mobile category page: phone layout, mobile links, canonical to desktop, category blocks', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { cat } = await categoryWith(z, 3);
  const r = await get(z, '/mobile/category/city/');
  assert.equal(r.status, 200);
  assert.ok(r.body.includes('/static/mobile.css'));
  assert.match(r.body, /<link rel="canonical" href="http:\/\/[^"]+\/category\/city\/">/);
  assert.ok(r.body.includes('当前位置：<a href="/mobile/">首页</a>'));
  assert.ok(r.body.includes('<a href="/mobile/category/traffic/">交通出行</a>'));
  assert.ok(r.body.includes('<a class="to-desktop" href="/view/pc?to=%2Fcategory%2Fcity%2F" rel="nofollow">'));
  assert.ok(!/href="\/news\//.test(r.body), 'no desktop article links');
  assert.ok(r.body.includes(`<span>点击排行</span>`) && r.body.includes('<span>最新文章</span>'));
  assert.ok(!r.body.includes(`href="/hot/?category=${cat.id}"`), 'the mobile hot block has no desktop more link');
  assert.ok(r.body.includes(`<a class="more" href="/mobile/hot/?category=${cat.id}"`), 'its 更多 stays in the phone layout');
  assert.equal((await get(z, `/mobile/hot/?category=${cat.id}`)).status, 200);
});

test('category pages merge the subtree by publication time, across categories and equal times, page after page', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  await makeCategory(z, { slug: 'traffic', name: '交通出行', parent: 'city' });
  await makeCategory(z, { slug: 'metro', name: '地铁', parent: 'traffic' });
  const slugs = ['metro', 'city', 'traffic', 'metro', 'metro', 'city', 'traffic'];
  const made: Array<{ id: number; at: string; slug: string }> = [];
  for (let i = 0; i < 45; i++) {
    // Runs of one category, then equal times in different categories (ties go to the newer id).
    const at = new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 2) * 3600_000 - (i % 7) * 86400_000).toISOString();
    const slug = slugs[i % slugs.length] as string;
    const a = await makeArticle(z, { category: slug, title: `第${i + 1}条`, publishedAt: at });
    made.push({ id: a.id, at, slug });
  }
  const sorted = made.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : y.id - x.id));
  const expected = sorted.map((m) => `/news/${m.id}.html`);
  const pages = [await get(z, '/category/city/'), await get(z, '/category/city/2.html'), await get(z, '/category/city/3.html')];
  assert.deepEqual(
    pages.map((p) => p.status),
    [200, 200, 200],
  );
  assert.deepEqual(
    pages.flatMap((p) => listed(p.body)),
    expected,
    'every article once, newest first',
  );
  assert.ok(pages[2]?.body.includes('<strong aria-current="page">3</strong>') && !pages[2].body.includes('rel="next"'), '3 pages for 45 articles');
  assert.equal((await get(z, '/category/city/4.html')).status, 404);
  const sub = await get(z, '/category/traffic/');
  const inTraffic = sorted.filter((m) => m.slug !== 'city').map((m) => `/news/${m.id}.html`);
  assert.deepEqual(listed(sub.body), inTraffic.slice(0, 20), 'a subcategory page merges its own subtree');
});

test('with the page cache off, a category page counts a new or removed article on the next request', async (t) => {
  const z = await createTestApp({ pageCache: false });
  t.after(() => z.close());
  await categoryWith(z, 20);
  const pages = async () => [(await get(z, '/category/city/')).status, (await get(z, '/category/city/2.html')).status];
  assert.deepEqual(await pages(), [200, 404], '20 articles: one page');
  const extra = await makeArticle(z, { category: 'metro', title: '第二十一条' });
  assert.deepEqual(await pages(), [200, 200], 'the 21st opens page 2');
  assert.deepEqual(listed((await get(z, '/category/city/')).body)[0], `/news/${extra.id}.html`);
  await z.articles.remove(extra.id);
  assert.deepEqual(await pages(), [200, 404], 'deleting it closes page 2 again');
});

test('a renamed category’s old URLs (pages, mobile pages, feeds) redirect for good to the new ones, until the old slug is used again', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await categoryWith(z, 45); // 30 in the renamed subtree: two pages
  assert.equal((await get(z, '/category/traffic/')).status, 200);
  await z.categories.update('traffic', { slug: 'transport', name: '交通出行', parent: 'city' });
  const moves: Array<[string, string]> = [
    ['/category/traffic/', '/category/transport/'],
    ['/category/traffic/2.html', '/category/transport/2.html'],
    ['/mobile/category/traffic/', '/mobile/category/transport/'],
    ['/category/traffic/rss.xml', '/category/transport/rss.xml'],
    ['/category/traffic/atom.xml', '/category/transport/atom.xml'],
  ];
  for (const [from, to] of moves) {
    const r = await get(z, from);
    assert.equal(r.status, 301, from);
    assert.equal(r.location, to, from);
    assert.equal((await get(z, to)).status, 200, to);
  }
  // Renamed again: the first slug leads to the latest one; a slug never used is still a 404.
  await z.categories.update('transport', { slug: 'mobility', name: '交通出行', parent: 'city' });
  assert.equal((await get(z, '/category/traffic/')).location, '/category/mobility/');
  assert.equal((await get(z, '/category/transport/')).location, '/category/mobility/');
  assert.equal((await get(z, '/category/never-was/')).status, 404);
  // A new category given the old slug takes it over.
  await makeCategory(z, { slug: 'traffic', name: '路况' });
  const taken = await get(z, '/category/traffic/');
  assert.equal(taken.status, 200);
  assert.ok(taken.body.includes('<h1>路况</h1>'));
  // And a category renamed back to its former slug no longer redirects from it.
  await z.categories.update('mobility', { slug: 'transport', name: '交通出行', parent: 'city' });
  assert.equal((await get(z, '/category/transport/')).status, 200);
  assert.equal((await get(z, '/category/mobility/')).location, '/category/transport/');
});
