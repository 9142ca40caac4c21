import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { sitePath } from './redirects.ts';

async function get(z: TestApp, url: string, headers: Record<string, string> = {}) {
  const res = await z.app.inject({ url, headers });
  return { status: res.statusCode, location: res.headers.location, cookie: res.headers['set-cookie'], headers: res.headers, body: res.body };
}

test('电脑版 records the choice in a cookie and goes back to the page; 手机版 forgets it', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const pc = await get(z, '/view/pc?to=%2Fnews%2F66.html%3Fpage%3D2');
  assert.equal(pc.status, 302);
  assert.equal(pc.location, '/news/66.html?page=2');
  assert.match(String(pc.cookie), /^zx_view=pc; Path=\/; Max-Age=\d+; SameSite=Lax$/);
  assert.equal(pc.headers['cache-control'], 'no-store');

  const mobile = await get(z, '/view/mobile?to=%2Fmobile%2Fnews%2F66.html');
  assert.equal(mobile.status, 302);
  assert.equal(mobile.location, '/mobile/news/66.html');
  assert.match(String(mobile.cookie), /^zx_view=; Path=\/; Max-Age=0/);

  assert.equal((await get(z, '/view/pc')).location, '/', 'no page named: the home page');
  assert.equal((await get(z, '/view/mobile')).location, '/mobile/');
});

test('the layout switch is no open redirect', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  for (const to of [
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example/',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/\r\nSet-Cookie:x=1',
    ' /news/1.html',
    'news/1.html',
    // Dot segments the URL parser resolves into `//host`.
    '/.//evil.example',
    '/a/..//evil.example',
    '/%2e%2e//evil.example',
  ]) {
    const r = await get(z, `/view/pc?to=${encodeURIComponent(to)}`);
    assert.equal(r.status, 302, to);
    assert.equal(r.location, '/', `${to} is not followed`);
  }
  // Encoded characters stay encoded: a path on this site, never a header.
  assert.equal((await get(z, `/view/pc?to=${encodeURIComponent('/%0d%0aSet-Cookie:x=1')}`)).location, '/%0d%0aSet-Cookie:x=1');
  assert.equal(sitePath('/news/1.html#top'), '/news/1.html');
  assert.equal(sitePath('/a/../b?x=1'), '/b?x=1');
  assert.equal(sitePath('/\t/evil.example'), undefined);
});

test('/mobile/ addresses of pages without a phone twin send the reader to the desktop page; unknown ones stay 404', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  const a = await makeArticle(z, { category: 'local' });
  const moved: Array<[string, string]> = [
    ['/mobile/guestbook/', '/guestbook/'],
    ['/mobile/promotion/', '/promotion/'],
    ['/mobile/mall/', '/mall/'],
    ['/mobile/ads/', '/ads/'],
    ['/mobile/report/', '/report/'],
    [`/mobile/report/?article=${a.id}`, `/report/?article=${a.id}`],
    ['/mobile/member/login?next=%2Fmobile%2F', '/member/login?next=%2Fmobile%2F'],
    [`/mobile/news/${a.id}/comments/write`, `/news/${a.id}/comments/write`],
  ];
  for (const [from, to] of moved) {
    const r = await get(z, from);
    assert.equal(r.status, 302, from);
    assert.equal(r.location, to, from);
    assert.equal((await get(z, to)).status < 400, true, `${to} is a page`);
  }
  for (const url of ['/mobile/no-such-page/', '/mobile/news/abc.html', '/mobile/category/nope/', '/mobile//evil.example/', '/mobile/static/site.css']) {
    const r = await get(z, url);
    assert.equal(r.status, 404, url);
    assert.ok(r.body.includes('/static/mobile.css'), `${url}: the mobile 404 page`);
  }
  // Pages that have a twin are served, not redirected.
  assert.equal((await get(z, `/mobile/news/${a.id}.html`)).status, 200);
  assert.equal((await get(z, '/mobile/hot/')).status, 200);
});

test('old DedeCMS addresses move for good to the home page, to search with the query and to the article', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const icon = await get(z, '/favicon.ico');
  assert.equal(icon.status, 301);
  assert.equal(icon.location, '/static/favicon.svg');
  const svg = await z.app.inject('/static/favicon.svg');
  assert.equal(svg.statusCode, 200);
  assert.match(String(svg.headers['content-type']), /image\/svg\+xml/);
  for (const url of ['/index.html', '/index.htm', '/index.php']) {
    const r = await get(z, url);
    assert.equal(r.status, 301, url);
    assert.equal(r.location, '/', url);
  }
  const cases: Array<[string, string]> = [
    ['/plus/search.php?keyword=%E9%9D%92%E5%B7%9D&searchtype=titlekeyword', '/search?q=%E9%9D%92%E5%B7%9D'],
    ['/plus/search.php?kwtype=0&q=%E5%A4%A7%E6%A1%A5+%E9%80%9A%E8%BD%A6', '/search?q=%E5%A4%A7%E6%A1%A5%20%E9%80%9A%E8%BD%A6'],
    // Old GBK-encoded links (DedeCMS GBK editions): 青川 in GBK.
    ['/plus/search.php?keyword=%C7%E0%B4%A8', '/search?q=%E9%9D%92%E5%B7%9D'],
    ['/plus/search.php', '/search'],
    ['/plus/search.php?keyword=', '/search'],
    ['/plus/view.php?aid=42', '/news/42.html'],
    ['/plus/view.php?arcID=42&pageno=3', '/news/42_3.html'],
    ['/plus/view.php?aid=42&pageno=1', '/news/42.html'],
    ['/plus/view.php?aid=abc', '/'],
    ['/plus/view.php', '/'],
  ];
  for (const [from, to] of cases) {
    const r = await get(z, from);
    assert.equal(r.status, 301, from);
    assert.equal(r.location, to, from);
  }
  assert.equal((await get(z, '/search?q=%E9%9D%92%E5%B7%9D')).status, 200, 'the search it leads to answers');
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  const view = await get(z, `/plus/view.php?aid=${a.id}`);
  assert.equal(view.location, `/news/${a.id}.html`);
  assert.equal((await get(z, view.location!)).status, 200, 'the article it leads to answers');
});
