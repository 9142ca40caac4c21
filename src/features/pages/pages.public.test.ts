import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeCategory } from '../../test/factories.ts';

async function get(z: TestApp, url: string) {
  const res = await z.app.inject(url);
  return { status: res.statusCode, body: res.body, cache: res.headers['x-cache'] };
}

async function site(z: TestApp) {
  await makeCategory(z, { slug: 'city', name: '城市' });
  await makeCategory(z, { slug: 'metro', name: '地铁', parent: 'city' });
  await makeCategory(z, { slug: 'money', name: '财经' });
  await z.pages.create({
    slug: 'about',
    title: '关于我们',
    body: '<p>青川资讯网创办于2026年，<strong>立足本地</strong>。</p><script>alert(1)</script>',
    sortOrder: 1,
  });
  await z.pages.create({ slug: 'contact', title: '联系方式', body: '<p>电话：0000-1234567</p>', sortOrder: 2 });
}

test('a static page prints its sanitized body in the site layout, with the other pages linked', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await site(z);
  const r = await get(z, '/page/about.html');
  assert.equal(r.status, 200);
  assert.match(r.body, /<title>关于我们_青川资讯网<\/title>/);
  assert.match(r.body, /<meta name="description" content="青川资讯网创办于2026年，立足本地。">/);
  assert.ok(r.body.includes('<h1>关于我们</h1>'));
  assert.ok(r.body.includes('<p>青川资讯网创办于2026年，<strong>立足本地</strong>。</p>'), 'stored rich text is printed as HTML');
  assert.ok(!r.body.includes('alert(1)'), 'scripts were removed when the page was saved');
  assert.ok(r.body.includes('当前位置：<a href="/">首页</a> &gt; <span aria-current="page">关于我们</span>'));
  assert.ok(r.body.includes('<a href="/page/about.html" aria-current="page">关于我们</a>') && r.body.includes('<a href="/page/contact.html">联系方式</a>'));
  assert.match(r.body, /<link rel="canonical" href="http:\/\/[^"]+\/page\/about.html">/);
  assert.match(r.body, /<link rel="alternate" media="[^"]+" href="http:\/\/[^"]+\/mobile\/page\/about.html">/);

  const m = await get(z, '/mobile/page/about.html');
  assert.equal(m.status, 200);
  assert.ok(m.body.includes('/static/mobile.css') && m.body.includes('<strong>立足本地</strong>'));
  assert.match(m.body, /<link rel="canonical" href="http:\/\/[^"]+\/page\/about.html">/);
  assert.ok(m.body.includes('<a href="/mobile/page/contact.html">联系方式</a>'));

  // Editing a page purges it (and the pages that list it) but not unrelated pages.
  assert.equal((await get(z, '/page/about.html')).cache, 'HIT');
  await get(z, '/rss.html');
  await z.pages.update('contact', { title: '联系我们' });
  const after = await get(z, '/page/about.html');
  assert.equal(after.cache, 'MISS');
  assert.ok(after.body.includes('>联系我们</a>'));
  assert.equal((await get(z, '/rss.html')).cache, 'HIT');
});

test('unknown and malformed static page URLs are 404 pages', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await site(z);
  for (const url of [
    '/page/nope.html',
    '/mobile/page/nope.html',
    '/page/About.html',
    '/page/about',
    '/page/about.htm',
    '/page/.html',
    '/page/about.html.html',
    '/page/%2e%2e.html',
  ]) {
    const r = await get(z, url);
    assert.equal(r.status, 404, url);
    assert.ok(r.body.includes('页面不存在'), url);
  }
  assert.ok((await get(z, '/mobile/page/nope.html')).body.includes('/static/mobile.css'), 'mobile 404 in the phone layout');
  await z.pages.remove('about');
  assert.equal((await get(z, '/page/about.html')).status, 404, 'a deleted page is gone');
});

test('网站地图 shows the category tree, rankings, static pages, feeds and the XML sitemap', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await site(z);
  const r = await get(z, '/sitemap.html');
  assert.equal(r.status, 200);
  assert.match(r.body, /<title>网站地图_青川资讯网<\/title>/);
  assert.ok(
    r.body.includes('<li><a href="/category/city/">城市</a><ul class="cat-tree"><li><a href="/category/metro/">地铁</a></li></ul></li>'),
    'subcategories under their parent',
  );
  assert.ok(r.body.includes('<li><a href="/category/money/">财经</a></li>'));
  for (const href of [
    '/hot/',
    '/hot/?window=7d',
    '/hot/?window=30d',
    '/page/about.html',
    '/page/contact.html',
    '/rss.html',
    '/rss.xml',
    '/atom.xml',
    '/sitemap.xml',
  ]) {
    assert.ok(r.body.includes(`<a href="${href}">`), href);
  }
  assert.match(r.body, /<link rel="canonical" href="http:\/\/[^"]+\/sitemap.html">/);
  // Every footer service is on the map, and every link on it leads somewhere (submitting asks a guest to log in).
  for (const [href, label] of [
    ['/search', '站内搜索'],
    ['/member/articles/new', '会员投稿'],
    ['/promotion/', '排名推广'],
    ['/ads/', '广告服务'],
    ['/mall/', '积分换礼'],
    ['/guestbook/', '网站留言'],
    ['/report/', '违规举报'],
  ])
    assert.ok(r.body.includes(`<a href="${href}">${label}</a>`), label);
  for (const page of [r.body, (await get(z, '/mobile/sitemap.html')).body]) {
    const main = page.slice(page.indexOf('<section class="site-map">'), page.indexOf('<footer'));
    for (const [, href] of main.matchAll(/<a href="([^"]+)">/g)) {
      const status = (await get(z, href as string)).status;
      assert.ok(status === 200 || status === 303, `${href} answers ${status}`);
    }
  }

  const m = await get(z, '/mobile/sitemap.html');
  assert.equal(m.status, 200);
  assert.ok(m.body.includes('<a href="/mobile/category/metro/">地铁</a>') && m.body.includes('<a href="/mobile/hot/">'));
  assert.ok(m.body.includes('<a href="/mobile/page/about.html">'));

  await z.pages.create({ slug: 'terms', title: '使用协议', body: '<p>协议全文</p>' });
  const after = await get(z, '/sitemap.html');
  assert.equal(after.cache, 'MISS', 'a new static page purges the site map');
  assert.ok(after.body.includes('<a href="/page/terms.html">使用协议</a>'));
});

test('RSS订阅 explains RSS and lists the site feeds and every category feed as absolute URLs', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await site(z);
  const r = await get(z, '/rss.html');
  assert.equal(r.status, 200);
  assert.match(r.body, /<title>RSS订阅_青川资讯网<\/title>/);
  assert.ok(r.body.includes('什么是RSS？') && r.body.includes('如何订阅？'));
  assert.match(r.body, /<link rel="alternate" type="application\/rss\+xml" title="[^"]+" href="http:\/\/[^"]+\/rss.xml">/);
  const origin = /href="(http:\/\/[^"/]+)\/rss.xml"/.exec(r.body)?.[1] as string;
  for (const path of [
    '/rss.xml',
    '/atom.xml',
    '/category/city/rss.xml',
    '/category/city/atom.xml',
    '/category/metro/rss.xml',
    '/category/metro/atom.xml',
    '/category/money/rss.xml',
    '/category/money/atom.xml',
  ]) {
    assert.ok(r.body.includes(`>${origin}${path}</a>`), path);
  }
  assert.match(r.body, /<tr class="depth-1"><th scope="row">地铁<\/th>/, 'subcategories are indented under their parent');
  const rows = [...r.body.slice(r.body.lastIndexOf('<table class="feed-table">')).matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);
  assert.deepEqual(rows, ['城市', '地铁', '财经'], 'category feeds in tree order');

  const m = await get(z, '/mobile/rss.html');
  assert.equal(m.status, 200);
  assert.ok(m.body.includes('/static/mobile.css') && m.body.includes(`${origin}/category/money/atom.xml`));
});

test('the ZIXUN_BASE_URL origin is used for canonical and feed URLs', async (t) => {
  const z = await createTestApp({ baseUrl: 'https://news.example.com' });
  t.after(() => z.close());
  await site(z);
  const r = await get(z, '/rss.html');
  assert.ok(r.body.includes('<link rel="canonical" href="https://news.example.com/rss.html">'));
  assert.ok(r.body.includes('>https://news.example.com/category/city/rss.xml</a>'));
});

test('a page ticked 显示在页脚 is linked from every page’s footer (desktop and mobile) until it is unticked or removed', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await site(z);
  const footer = (html: string) => {
    const start = html.indexOf('<footer class="site-footer">');
    assert.ok(start >= 0, 'the page has the site footer');
    return html.slice(start, html.indexOf('</footer>', start));
  };
  await z.pages.create({ slug: 'jobs', title: '招聘英才', body: '<p>诚聘编辑记者。</p>', inFooter: true });
  await z.pages.create({ slug: 'internal', title: '内部说明', body: '<p>不在页脚。</p>', inFooter: false });
  const home = footer((await get(z, '/')).body);
  assert.ok(home.includes('<a href="/page/jobs.html">招聘英才</a>'), home);
  assert.ok(!home.includes('internal.html'), 'an unticked page is not in the footer');
  assert.ok(home.includes('<a href="/page/about.html">关于我们</a>'), 'the configured links stay');
  assert.equal(home.split('/page/about.html').length, 2, 'a page the configured links already name is linked once');
  assert.ok(footer((await get(z, '/mobile/category/city/')).body).includes('<a href="/mobile/page/jobs.html">招聘英才</a>'));
  assert.equal((await get(z, '/')).cache, 'HIT');

  await z.pages.update('jobs', { inFooter: false });
  const unticked = await get(z, '/');
  assert.equal(unticked.cache, 'MISS', 'every cached page shows the footer: rendered again');
  assert.ok(!footer(unticked.body).includes('jobs.html'));
  await z.pages.update('internal', { inFooter: true });
  assert.ok(footer((await get(z, '/category/money/')).body).includes('<a href="/page/internal.html">内部说明</a>'));
  await z.pages.remove('internal');
  assert.ok(!footer((await get(z, '/category/money/')).body).includes('internal.html'));
});
