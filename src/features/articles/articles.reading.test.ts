import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { coverThumb } from './articles.urls.ts';

const UPLOADED = '/uploads/covers/2026/11/0123456789abcdef01.jpg';

test('the cover is shown above page 1 of the body, not on later pages, and not twice', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city' });
  const a = await makeArticle(z, {
    category: 'city',
    title: '青川大桥今日通车',
    cover: UPLOADED,
    body: '<p>第一页</p><hr class="pagebreak"><p>第二页</p>',
  });
  for (const prefix of ['', '/mobile']) {
    const first = (await z.app.inject(`${prefix}/news/${a.id}.html`)).body;
    assert.ok(
      first.includes(
        `<div class="article-body"><figure class="article-cover"><img src="${UPLOADED}" alt="青川大桥今日通车" width="1200" height="675" fetchpriority="high" decoding="async"></figure><p>第一页</p>`,
      ),
      `${prefix || 'desktop'}: the cover tops the body, named by the title, its box reserved`,
    );
    assert.ok(!/article-cover[^>]*>[^]*loading="lazy"[^]*<\/figure>/.test(first), 'not lazy: it is above the fold');
    const second = (await z.app.inject(`${prefix}/news/${a.id}_2.html`)).body;
    assert.ok(second.includes('第二页') && !second.includes('article-cover'), `${prefix || 'desktop'}: page 2 has no cover`);
  }

  // A body that opens with the same picture shows it once.
  const b = await makeArticle(z, { category: 'city', cover: UPLOADED, body: `<p><img src="${UPLOADED}" alt="桥"></p><p>正文</p>` });
  const html = (await z.app.inject(`/news/${b.id}.html`)).body;
  assert.ok(!html.includes('article-cover'));
  assert.equal(html.split(`src="${UPLOADED}"`).length - 1, 1, 'the picture is printed once');
  // No cover, no figure.
  const c = await makeArticle(z, { category: 'city' });
  assert.ok(!(await z.app.inject(`/news/${c.id}.html`)).body.includes('article-cover'));
});

test('list cards show an uploaded cover by its thumbnail; other covers as they are', async (t) => {
  assert.equal(coverThumb(UPLOADED), '/uploads/covers/2026/11/0123456789abcdef01_thumb.jpg');
  assert.equal(coverThumb('/uploads/covers/2026/11/0123456789abcdef01.gif'), '/uploads/covers/2026/11/0123456789abcdef01_thumb.png');
  assert.equal(coverThumb('https://cdn.example/pic.jpg'), 'https://cdn.example/pic.jpg');
  assert.equal(coverThumb('/uploads/demo/cover-1.jpg'), '/uploads/demo/cover-1.jpg', 'a picture stored without a thumbnail');

  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city' });
  await makeArticle(z, { category: 'city', title: '上传封面', cover: UPLOADED });
  await makeArticle(z, { category: 'city', title: '外链封面', cover: 'https://cdn.example/pic.jpg' });
  for (const path of ['/category/city/', '/mobile/category/city/']) {
    const html = (await z.app.inject(path)).body;
    assert.ok(html.includes('<img src="/uploads/covers/2026/11/0123456789abcdef01_thumb.jpg" alt=""'), `${path}: the 240×160 thumbnail`);
    assert.ok(html.includes('<img src="https://cdn.example/pic.jpg" alt=""'), `${path}: an external cover as it is`);
    assert.ok(!html.includes(`src="${UPLOADED}"`), `${path}: not the full-size cover`);
    // The picture's link repeats the title link: out of the tab order and hidden from screen readers.
    assert.match(html, /<a class="thumb" href="[^"]+" tabindex="-1" aria-hidden="true"><img /);
  }
});

test('list and article pages: Chinese landmark names, article titles one level under the page heading', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city' });
  const a = await makeArticle(z, { category: 'city', title: '分页的文章', body: '<p>一</p><hr class="pagebreak"><p>二</p>', tags: ['桥梁'] });
  const list = (await z.app.inject('/category/city/')).body;
  assert.ok(list.includes('<nav class="breadcrumb" aria-label="路径导航">'));
  assert.match(list, /<h1>[^<]*<\/h1>/);
  assert.ok(list.includes(`<h2><a href="/news/${a.id}.html">分页的文章</a></h2>`), 'h1 → h2, no skipped level');
  assert.ok(!/<ul class="article-list">[^]*?<h3>/.test(list));
  for (const path of ['/tag/%E6%A1%A5%E6%A2%81/', '/author/reporter1/']) {
    assert.ok((await z.app.inject(path)).body.includes(`<h2><a href="/news/${a.id}.html">分页的文章</a></h2>`), path);
  }
  const page = (await z.app.inject(`/news/${a.id}.html`)).body;
  assert.ok(page.includes('<nav class="pagination article-pages" aria-label="文章分页">'));
  assert.ok(!/aria-label="(breadcrumb|article pages)"/.test(page));
});
