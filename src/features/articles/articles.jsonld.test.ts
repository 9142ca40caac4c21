import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const ORIGIN = 'https://www.qingchuan.cn';
const XSS_TITLE = '</script><script>alert(1)</script>青川';

type Json = Record<string, unknown>;

function decodeEntities(s: string): string {
  return s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] as string);
}

/** Every JSON-LD block of a page, parsed; fails the test if one is not valid JSON. */
function jsonLd(html: string): Json[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1] as string) as Json);
}

function ogTags(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<meta property="([^"]+)" content="([^"]*)">/g)].map((m) => [m[1] as string, decodeEntities(m[2] as string)]));
}

function byType(blocks: Json[], type: string): Json {
  const found = blocks.filter((b) => b['@type'] === type);
  assert.equal(found.length, 1, `exactly one ${type} block`);
  return found[0] as Json;
}

async function page(z: TestApp, url: string): Promise<string> {
  const res = await z.app.inject(url);
  assert.equal(res.statusCode, 200, url);
  return res.body;
}

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  await makeCategory(z, { slug: 'traffic', name: '交通出行', parent: 'local' });
  return z;
}

test('an article page carries NewsArticle and BreadcrumbList JSON-LD and OpenGraph tags', async (t) => {
  const z = await setup(t);
  const a = await makeArticle(z, { category: 'traffic', title: '青川大桥今日通车', author: 'xiaolin88', cover: '/uploads/2026/11/bridge.jpg', tags: ['交通'] });
  z.clock.advance(3600_000);
  const edited = await z.articles.update(a.id, { summary: '大桥全长1.2公里。' });
  const canonical = `${ORIGIN}/news/${a.id}.html`;
  const html = await page(z, `/news/${a.id}.html`);
  const blocks = jsonLd(html);

  const news = byType(blocks, 'NewsArticle');
  assert.equal(news['@context'], 'https://schema.org');
  assert.equal(news.headline, '青川大桥今日通车');
  assert.equal(news.datePublished, a.publishedAt);
  assert.equal(news.dateModified, edited.updatedAt);
  assert.notEqual(news.dateModified, news.datePublished, 'dateModified follows the edit');
  const authors = ([] as Json[]).concat(news.author as Json | Json[]);
  assert.deepEqual(
    authors.map((p) => p.name),
    ['xiaolin88'],
  );
  const publisher = news.publisher as Json;
  assert.equal(publisher['@type'], 'Organization');
  assert.equal(publisher.name, '青川资讯网');
  const main = news.mainEntityOfPage as Json | string;
  assert.equal(typeof main === 'string' ? main : main['@id'], canonical);
  const images = ([] as unknown[]).concat(news.image);
  assert.ok(images.includes(`${ORIGIN}/uploads/2026/11/bridge.jpg`), `image: ${JSON.stringify(news.image)}`);

  const crumbs = byType(blocks, 'BreadcrumbList');
  const items = crumbs.itemListElement as Json[];
  assert.deepEqual(
    items.map((i) => [i['@type'], i.position, i.name, i.item]),
    [
      ['ListItem', 1, '首页', `${ORIGIN}/`],
      ['ListItem', 2, '本地新闻', `${ORIGIN}/category/local/`],
      ['ListItem', 3, '交通出行', `${ORIGIN}/category/traffic/`],
      ['ListItem', 4, '青川大桥今日通车', canonical],
    ],
  );

  const og = ogTags(html);
  assert.equal(og.get('og:title'), '青川大桥今日通车');
  assert.equal(og.get('og:url'), canonical);
  assert.equal(og.get('og:type'), 'article');
  assert.equal(og.get('og:image'), `${ORIGIN}/uploads/2026/11/bridge.jpg`);
});

test('an article without a cover shares the site picture: the raster logo, else the generated default', async (t) => {
  const z = await setup(t);
  const a = await makeArticle(z, { category: 'local', title: '没有封面的文章' });
  const html = await page(z, `/news/${a.id}.html`);
  const news = byType(jsonLd(html), 'NewsArticle');
  assert.equal(news.headline, '没有封面的文章');
  assert.deepEqual(news.image, [`${ORIGIN}/share-image.png`]);
  assert.equal(ogTags(html).get('og:image'), `${ORIGIN}/share-image.png`);
  assert.equal(ogTags(html).get('og:image:width'), '1200');
  const png = await z.app.inject('/share-image.png');
  assert.equal(png.statusCode, 200);
  assert.equal(png.headers['content-type'], 'image/png');
  assert.deepEqual([...png.rawPayload.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG');

  // A logo set in the settings (a raster picture) is shared instead; an SVG logo is not (WeChat shows none).
  await z.settings.update({ logoUrl: '/uploads/logo.png' });
  z.cache.clear();
  const withLogo = await page(z, `/news/${a.id}.html`);
  assert.deepEqual(byType(jsonLd(withLogo), 'NewsArticle').image, [`${ORIGIN}/uploads/logo.png`]);
  assert.equal(ogTags(withLogo).get('og:image'), `${ORIGIN}/uploads/logo.png`);
  await z.settings.update({ logoUrl: '/uploads/logo.svg' });
  z.cache.clear();
  assert.equal(ogTags(await page(z, `/news/${a.id}.html`)).get('og:image'), `${ORIGIN}/share-image.png`);
});

test('a title with </script> cannot break out of the JSON-LD script element', async (t) => {
  const z = await setup(t);
  const a = await makeArticle(z, { category: 'local', title: XSS_TITLE, summary: '<img src=x onerror=alert(2)> & </script>' });
  for (const url of [`/news/${a.id}.html`, `/mobile/news/${a.id}.html`]) {
    const html = await page(z, url);
    assert.ok(!html.includes('<script>alert(1)'), `${url}: the title injected a script element`);
    assert.ok(!html.includes('<img src=x'), `${url}: the summary injected markup`);
    const opening = html.match(/<script\b/g)?.length ?? 0;
    const ld = [...html.matchAll(/<script type="application\/ld\+json">/g)].length;
    assert.equal(ld, 2, `${url}: both JSON-LD blocks are intact`);
    assert.equal(opening, (html.match(/<\/script>/g) ?? []).length, `${url}: every <script> is closed by its own </script>`);
    const blocks = jsonLd(html);
    assert.equal(byType(blocks, 'NewsArticle').headline, XSS_TITLE, `${url}: the headline round-trips exactly`);
    const crumbs = byType(blocks, 'BreadcrumbList').itemListElement as Json[];
    assert.equal(crumbs.at(-1)?.name, XSS_TITLE);
    assert.equal(ogTags(html).get('og:title'), XSS_TITLE);
  }
});
