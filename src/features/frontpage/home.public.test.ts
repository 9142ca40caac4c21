import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function get(z: TestApp, url: string) {
  const res = await z.app.inject(url);
  return { status: res.statusCode, body: res.body, cache: res.headers['x-cache'] };
}

/** The text of the box whose title is `title` (boxes do not nest). */
function box(html: string, title: string): string {
  const at = html.indexOf(`<span>${title}</span>`);
  assert.ok(at >= 0, `no box titled ${title}`);
  return html.slice(at, html.indexOf('</section>', at));
}

async function portal(z: TestApp) {
  const news = await makeCategory(z, { slug: 'news', name: '本地新闻' });
  await makeCategory(z, { slug: 'local', name: '青川区县', parent: 'news' });
  const money = await makeCategory(z, { slug: 'money', name: '财经' });
  const empty = await makeCategory(z, { slug: 'empty', name: '空栏目' });
  const headline = await makeArticle(z, {
    category: 'news',
    title: '青川大桥今日通车',
    summary: '大桥全长两公里。',
    recommendLevel: 3,
    cover: '/uploads/bridge.jpg',
  });
  const second = await makeArticle(z, { category: 'money', title: '本季度青川外贸增长', recommendLevel: 3 });
  const inSub = await makeArticle(z, { category: 'local', title: '区县道路改造完成' });
  const pick = await makeArticle(z, { category: 'money', title: '青川特产走俏', recommendLevel: 1 });
  const picture = await makeArticle(z, { category: 'money', title: '秋日青川图集', recommendLevel: 2, cover: '/uploads/autumn.jpg' });
  const draft = await makeArticle(z, { category: 'news', title: '尚未发布的草稿', status: 'draft' });
  return { news, money, empty, headline, second, inSub, pick, picture, draft };
}

test('home page shows headlines, latest, a block per top-level category and the shared blocks', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const p = await portal(z);
  const r = await get(z, '/');
  assert.equal(r.status, 200);
  const html = r.body;
  assert.match(html, /<title>青川资讯网_青川本地生活与行业资讯<\/title>/);
  assert.match(html, /<meta name="description" content="青川资讯网：[^"]+">/);
  assert.match(html, /<link rel="canonical" href="http:\/\/[^"]+\/">/);
  assert.match(html, /<link rel="alternate" media="[^"]+" href="http:\/\/[^"]+\/mobile\/">/);
  assert.match(html, /<link rel="alternate" type="application\/rss\+xml" title="[^"]+" href="http:\/\/[^"]+\/rss.xml">/);
  assert.match(html, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="http:\/\/[^"]+\/atom.xml">/);

  // 头条: the newest headline large with its cover and summary, the other as a title.
  const headlines = html.slice(html.indexOf('<section class="headlines"'), html.indexOf('</section>', html.indexOf('<section class="headlines"')));
  assert.ok(headlines.includes('头条'));
  const lead = headlines.slice(0, headlines.indexOf('</article>'));
  assert.ok(lead.includes(`<a href="/news/${p.second.id}.html">本季度青川外贸增长</a>`), 'the newest headline leads');
  assert.ok(headlines.slice(lead.length).includes(`<a href="/news/${p.headline.id}.html">青川大桥今日通车</a>`), 'older headlines follow as titles');
  assert.ok(!headlines.includes(p.pick.title), 'a recommended article is not a headline');
  const withCover = await makeArticle(z, { category: 'news', title: '新头条配图', recommendLevel: 3, cover: '/uploads/new.jpg' });
  const again = (await get(z, '/')).body;
  assert.match(again, new RegExp(`<a class="cover" href="/news/${withCover.id}.html"><img src="/uploads/new.jpg" alt="新头条配图"`));

  const latest = box(html, '最新资讯');
  for (const a of [p.headline, p.second, p.inSub, p.pick, p.picture]) assert.ok(latest.includes(`/news/${a.id}.html`), `最新资讯 lacks ${a.title}`);
  assert.ok(!html.includes('尚未发布的草稿'), 'drafts are not public');

  // A block per top-level category, including its subcategories' articles; empty categories are left out.
  const news = box(html, '本地新闻');
  assert.ok(news.includes('class="more" href="/category/news/"'));
  assert.ok(news.includes('区县道路改造完成') && news.includes('青川大桥今日通车'));
  assert.ok(!news.includes('青川特产走俏'));
  assert.ok(box(html, '财经').includes('青川特产走俏'));
  assert.ok(!html.includes('<span>青川区县</span>'), 'subcategories have no block of their own');
  assert.ok(!html.includes('<span>空栏目</span>'), 'an empty category shows no empty block');

  assert.ok(box(html, '推荐文章').includes('青川特产走俏'));
  // The title is printed beside the picture: its alt is empty, so screen readers do not read the title twice.
  assert.match(box(html, '推荐图文'), /<img src="\/uploads\/autumn.jpg" alt="" [^>]*><span>秋日青川图集<\/span>/);
  const hot = box(html, '点击排行');
  // No reads counted yet: the articles shown fill the block under a note, unranked and without counts.
  assert.ok(hot.includes('href="/hot/"') && hot.includes('class="fill-note"') && !hot.includes('class="rank'));
  assert.ok(html.includes('青ICP备'));
});

test('mobile home links only mobile pages and points its canonical at the desktop home', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const p = await portal(z);
  for (const url of ['/mobile/', '/mobile']) {
    const r = await get(z, url);
    assert.equal(r.status, 200, url);
    const html = r.body;
    assert.ok(html.includes('/static/mobile.css'));
    assert.match(html, /<link rel="canonical" href="http:\/\/[^"]+\/">/);
    assert.ok(!html.includes('media="only screen'), 'the mobile page announces no mobile alternate');
    assert.ok(html.includes(`<a href="/mobile/news/${p.second.id}.html">本季度青川外贸增长</a>`));
    assert.ok(box(html, '最新资讯').includes(`/mobile/news/${p.inSub.id}.html`));
    assert.ok(box(html, '本地新闻').includes('href="/mobile/category/news/"'));
    for (const title of ['推荐文章', '推荐图文', '点击排行']) box(html, title);
    assert.ok(!/href="\/news\//.test(html), 'no desktop article link on the mobile home');
    assert.ok(html.includes('<a class="to-desktop" href="/view/pc?to=%2F" rel="nofollow">'), 'the 电脑版 link records the choice');
    assert.ok(html.includes('<a href="/mobile/" class="current">'), 'the nav marks the home page');
  }
  assert.ok((await get(z, '/')).body.includes('<a href="/" class="current">首页</a>'), 'the desktop nav marks the home page');
});

test('a new article shows on the home and its category pages at once; an unrelated category page stays cached', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await portal(z);
  const pages = ['/', '/mobile/', '/category/news/', '/mobile/category/news/', '/category/money/'];
  for (const url of pages) assert.equal((await get(z, url)).cache, 'MISS', url);
  for (const url of pages) assert.equal((await get(z, url)).cache, 'HIT', url);

  const fresh = await makeArticle(z, { category: 'local', title: '青川新开通城际公交' });
  for (const url of ['/', '/category/news/']) {
    const r = await get(z, url);
    assert.equal(r.cache, 'MISS', `${url} was purged`);
    assert.ok(r.body.includes(`<a href="/news/${fresh.id}.html">青川新开通城际公交</a>`), `${url} shows the new article`);
  }
  for (const url of ['/mobile/', '/mobile/category/news/']) {
    const r = await get(z, url);
    assert.equal(r.cache, 'MISS', `${url} was purged`);
    assert.ok(r.body.includes(`/mobile/news/${fresh.id}.html`), `${url} shows the new article`);
  }
  const other = await get(z, '/category/money/');
  assert.equal(other.cache, 'HIT', 'an unrelated category page is not purged');
  // …while its shared 最新文章 block, a fragment of its own, already lists the new article.
  assert.ok(box(other.body, '最新文章').includes(`/news/${fresh.id}.html`));
  assert.ok(!other.body.slice(0, other.body.indexOf('<aside')).includes('青川新开通城际公交'), 'the cached list itself is unchanged');

  await z.articles.update(fresh.id, { title: '青川城际公交更名' });
  assert.ok((await get(z, '/')).body.includes('青川城际公交更名'), 'an edit shows on the next request too');
  await z.articles.remove(fresh.id);
  assert.ok(!(await get(z, '/category/news/')).body.includes('青川城际公交更名'), 'a withdrawn article leaves the list');
});

test('404 pages keep the site layout and offer ways back, in the phone layout under /mobile/', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const d = await get(z, '/no/such/page.html');
  assert.equal(d.status, 404);
  assert.ok(d.body.includes('/static/site.css') && d.body.includes('<meta name="robots" content="noindex">'));
  for (const href of ['/', '/hot/', '/sitemap.html']) assert.ok(d.body.includes(`<a href="${href}">`), href);
  const m = await get(z, '/mobile/no/such/page.html');
  assert.equal(m.status, 404);
  assert.ok(m.body.includes('/static/mobile.css'));
  for (const href of ['/mobile/', '/mobile/hot/', '/mobile/sitemap.html']) assert.ok(m.body.includes(`<a href="${href}">`), href);
  // An error page is not the home page: nothing in the nav is marked current.
  for (const body of [d.body, m.body]) {
    const nav = /<nav class="(?:main|m)-nav"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';
    assert.ok(nav.includes('首页') && !nav.includes('class="current"'), 'no nav item is current');
  }
});
