import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '../../platform/http/app.ts';
import { createTestApp, requireOrSkip, ROOT, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import type { ArticleDetail } from '../articles/index.ts';
import { registerFeeds } from './index.ts';

const ORIGIN = 'https://www.qingchuan.cn';
const XSD = {
  urlset: path.join(ROOT, 'node_modules/sitemap/schema/sitemap.xsd'),
  index: path.join(import.meta.dirname, 'schema/siteindex.xsd'),
  news: path.join(import.meta.dirname, 'schema/sitemap-with-news.xsd'),
};
const xmllintSkip = requireOrSkip('xmllint (Debian package libxml2-utils)', spawnSync('xmllint', ['--version']).status === 0);

function xmllint(xml: string, xsd: string) {
  return spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, '-'], { input: xml, encoding: 'utf8' });
}

function assertValid(xml: string, xsd: string, label: string): void {
  const r = xmllint(xml, xsd);
  assert.equal(r.status, 0, `${label} does not validate against ${path.basename(xsd)}:\n${r.stderr}\n${xml.slice(0, 500)}`);
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
const articleUrl = (id: number) => `${ORIGIN}/news/${id}.html`;

/** The app's services with a second HTTP app whose sitemaps use a small chunk size. */
async function appWithChunkSize(t: TestContext, size: number): Promise<{ z: TestApp; app: FastifyInstance }> {
  const z = await createTestApp({ baseUrl: ORIGIN });
  const { app } = await createHttpApp({ logLevel: 'silent', trustProxy: false, publicDir: path.join(ROOT, 'public'), uploadsDir: z.storage.root });
  registerFeeds(app, { ...z, baseUrl: ORIGIN, sitemapChunkSize: size });
  t.after(async () => {
    await app.close();
    await z.close();
  });
  return { z, app };
}

async function get(app: FastifyInstance, url: string): Promise<string> {
  const res = await app.inject(url);
  assert.equal(res.statusCode, 200, url);
  assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8', url);
  return res.body;
}

test('the sitemap index points to article chunks of the configured size, covering every public article once', async (t) => {
  const { z, app } = await appWithChunkSize(t, 2);
  const cat = await makeCategory(z);
  const published: ArticleDetail[] = [];
  for (let i = 0; i < 5; i++) {
    published.push(await makeArticle(z, { category: cat.slug }));
    z.clock.advance(60_000);
  }
  await makeArticle(z, { category: cat.slug, status: 'draft' });
  await makeArticle(z, { category: cat.slug, publishedAt: '2030-01-01T00:00:00.000Z' });

  const index = await get(app, '/sitemap.xml');
  assert.deepEqual(
    locs(index),
    [`${ORIGIN}/sitemaps/pages.xml`, `${ORIGIN}/sitemaps/news.xml`, 1, 2, 3].map((x) => (typeof x === 'number' ? `${ORIGIN}/sitemaps/articles-${x}.xml` : x)),
  );
  const chunkLastmods = [...index.matchAll(/articles-\d\.xml<\/loc><lastmod>([^<]+)</g)].map((m) => m[1]);
  assert.equal(chunkLastmods.length, 3, 'every chunk has a lastmod');

  const seen: string[] = [];
  for (const n of [1, 2, 3]) {
    const chunk = await get(app, `/sitemaps/articles-${n}.xml`);
    const urls = locs(chunk);
    assert.equal(urls.length, n < 3 ? 2 : 1, `chunk ${n}`);
    assert.equal((chunk.match(/<lastmod>/g) ?? []).length, urls.length, `chunk ${n}: a lastmod per url`);
    const last = published[Math.min(n * 2, 5) - 1]!;
    assert.equal(chunkLastmods[n - 1], last.updatedAt.replace(/\.\d{3}Z$/, 'Z'), `chunk ${n}: index lastmod is its newest change`);
    seen.push(...(urls as string[]));
  }
  assert.deepEqual(
    seen,
    published.map((a) => articleUrl(a.id)),
  );
  for (const url of ['/sitemaps/articles-4.xml', '/sitemaps/articles-0.xml', '/sitemaps/articles-x.xml', '/sitemaps/other.xml']) {
    assert.equal((await app.inject(url)).statusCode, 404, url);
  }
});

test('sitemaps validate against the sitemaps.org and Google News schemas', { skip: xmllintSkip }, async (t) => {
  const { z, app } = await appWithChunkSize(t, 2);
  await makeCategory(z, { slug: 'local', name: '本地' });
  await makeCategory(z, { slug: 'traffic', name: '交通', parent: 'local' });
  await z.pages.create({ slug: 'about', title: '关于我们', body: '<p>青川资讯网简介</p>' });
  for (let i = 0; i < 3; i++) await makeArticle(z, { category: i ? 'traffic' : 'local', title: `“青川” <新闻> & ]]> 第${i + 1}条` });

  assertValid(await get(app, '/sitemap.xml'), XSD.index, 'sitemap.xml');
  for (const n of [1, 2]) assertValid(await get(app, `/sitemaps/articles-${n}.xml`), XSD.urlset, `articles-${n}.xml`);
  assertValid(await get(app, '/sitemaps/pages.xml'), XSD.urlset, 'pages.xml');
  const news = await get(app, '/sitemaps/news.xml');
  assertValid(news, XSD.news, 'news.xml');

  // The schemas do check: the news elements are strictly validated, and the index schema is not lax.
  assert.notEqual(xmllint(news, XSD.urlset).status, 0, 'news elements must be declared to validate');
  assert.notEqual(
    xmllint(news.replace(/<news:publication_date>([^<]+)Z</, '<news:publication_date>$1<'), XSD.news).status,
    0,
    'a publication date needs a time zone',
  );
  assert.notEqual(xmllint(news.replace('<news:language>zh-cn', '<news:language>chinese'), XSD.news).status, 0, 'language must be an ISO 639 code');
  assert.notEqual(
    xmllint('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><lastmod>2026-11-27</lastmod></sitemap></sitemapindex>', XSD.index)
      .status,
    0,
    'loc is required',
  );
});

test('pages.xml lists the home page, 点击排行, every category, static pages and the site map page', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  await makeCategory(z, { slug: 'traffic', name: '交通', parent: 'local' });
  await makeCategory(z, { slug: 'finance', name: '财经' });
  const page = await z.pages.create({ slug: 'about', title: '关于我们', body: '<p>简介</p>' });
  z.clock.advance(3600_000);
  const a = await makeArticle(z, { category: 'traffic' });

  const xml = await get(z.app, '/sitemaps/pages.xml');
  assert.deepEqual(locs(xml), [
    `${ORIGIN}/`,
    `${ORIGIN}/hot/`,
    `${ORIGIN}/category/local/`,
    `${ORIGIN}/category/traffic/`,
    `${ORIGIN}/category/finance/`,
    `${ORIGIN}/page/about.html`,
    `${ORIGIN}/sitemap.html`,
  ]);
  const lastmod = (loc: string) => new RegExp(`<loc>${loc}</loc><lastmod>([^<]+)</lastmod>`).exec(xml)?.[1];
  const w3c = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');
  assert.equal(lastmod(`${ORIGIN}/`), w3c(a.publishedAt!));
  assert.equal(lastmod(`${ORIGIN}/category/local/`), w3c(a.publishedAt!), 'a parent category changes with its subcategories');
  assert.equal(lastmod(`${ORIGIN}/category/finance/`), undefined, 'an empty category has no lastmod');
  assert.equal(lastmod(`${ORIGIN}/page/about.html`), w3c(page.updatedAt));
});

test('the news sitemap lists only articles published in the last 48 hours, newest first', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const newsUrls = async () => locs(await get(z.app, '/sitemaps/news.xml'));
  await makeArticle(z, { category: cat.slug, title: '三天前的旧闻', publishedAt: '2026-11-24T08:00:00.000Z' });
  const first = await makeArticle(z, { category: cat.slug, title: '青川 <快讯> & 更新' });
  const scheduled = await makeArticle(z, { category: cat.slug, title: '定时发布', publishedAt: '2026-11-28T20:00:00.000Z' });

  const xml = await get(z.app, '/sitemaps/news.xml');
  assert.deepEqual(locs(xml), [articleUrl(first.id)]);
  assert.ok(xml.includes('<news:publication><news:name>青川资讯网</news:name><news:language>zh-cn</news:language></news:publication>'));
  assert.ok(xml.includes('<news:publication_date>2026-11-27T08:00:00Z</news:publication_date><news:title>青川 &lt;快讯&gt; &amp; 更新</news:title>'));

  z.clock.advance(30 * 3600_000); // 28 Nov 14:00
  const second = await makeArticle(z, { category: cat.slug });
  assert.deepEqual(await newsUrls(), [articleUrl(second.id), articleUrl(first.id)]);

  z.clock.advance(7 * 3600_000); // 28 Nov 21:00: the scheduled article went live without any purge
  assert.deepEqual(await newsUrls(), [articleUrl(scheduled.id), articleUrl(second.id), articleUrl(first.id)]);

  z.clock.advance(12 * 3600_000); // 29 Nov 09:00: the first article is 49 hours old
  assert.deepEqual(await newsUrls(), [articleUrl(scheduled.id), articleUrl(second.id)]);

  z.clock.set('2026-12-10T00:00:00.000Z');
  // Nothing in the window: the home page alone keeps the file schema-valid, and no article is listed as news.
  const quiet = await get(z.app, '/sitemaps/news.xml');
  assert.deepEqual(locs(quiet), [`${ORIGIN}/`]);
  assert.doesNotMatch(quiet, /<news:news>/);
  if (!xmllintSkip) assertValid(quiet, XSD.news, 'quiet news.xml');
});

test('a newly published article appears in the cached sitemaps on the next request', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  for (const url of ['/sitemap.xml', '/sitemaps/articles-1.xml', '/sitemaps/news.xml']) {
    await z.app.inject(url);
    assert.equal((await z.app.inject(url)).headers['x-cache'], 'HIT', url);
  }
  assert.equal((await z.app.inject('/sitemaps/articles-2.xml')).statusCode, 404, 'one chunk at the default size');
  z.clock.advance(60_000);
  const b = await makeArticle(z, { category: cat.slug });
  assert.deepEqual(locs(await get(z.app, '/sitemaps/articles-1.xml')), [articleUrl(a.id), articleUrl(b.id)]);
  assert.deepEqual(locs(await get(z.app, '/sitemaps/news.xml')), [articleUrl(b.id), articleUrl(a.id)]);
  assert.match(await get(z.app, '/sitemap.xml'), /articles-1\.xml<\/loc><lastmod>2026-11-27T08:01:00Z</);
});

test('robots.txt keeps crawlers out of private areas, search results and action URLs, desktop and mobile', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const res = await z.app.inject({ url: '/robots.txt', headers: { host: 'news.qingchuan.cn' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
  assert.ok(res.body.startsWith('User-agent: *\nAllow: /\n'), res.body);
  assert.ok(res.body.endsWith('\n\nSitemap: http://news.qingchuan.cn/sitemap.xml\n'), res.body);
  const disallowed = [...res.body.matchAll(/^Disallow: (.+)$/gm)].map((m) => m[1] as string);
  /** Whether a crawler may fetch `path` (RFC 9309: the longest matching rule wins; `*` is any run of characters). */
  const allowed = (path: string) => {
    const matches = disallowed.filter((rule) => new RegExp('^' + rule.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')).test(path));
    return matches.length === 0;
  };
  for (const path of [
    '/api/v1/articles',
    '/member/login',
    '/admin/',
    '/search?q=青川',
    '/mobile/search?q=青川',
    '/favorites/toggle?article=66',
    '/tip/66',
    '/report/?article=66',
    '/mobile/report/?article=66',
    '/news/66/comments/write',
    '/view/pc?to=%2F',
    '/plus/search.php?keyword=青川',
  ])
    assert.ok(!allowed(path), `${path} should be disallowed`);
  for (const path of [
    '/',
    '/news/66.html',
    '/mobile/news/66.html',
    '/news/66/comments',
    '/category/local/',
    '/tag/青川/',
    '/hot/',
    '/guestbook/',
    '/mall/',
    '/sitemap.xml',
  ])
    assert.ok(allowed(path), `${path} should stay crawlable`);
});

test('tag pages with public articles are listed in chunked tag sitemaps named by the index', async (t) => {
  const { z, app } = await appWithChunkSize(t, 2);
  await makeCategory(z, { slug: 'local', name: '本地' });
  await makeArticle(z, { category: 'local', tags: ['交通', '地铁'] });
  z.clock.advance(60_000);
  const later = await makeArticle(z, { category: 'local', tags: ['交通', '青川 新闻'] });
  await makeArticle(z, { category: 'local', tags: ['草稿标签'], status: 'draft' });
  await makeArticle(z, { category: 'local', tags: ['定时标签'], publishedAt: '2030-01-01T00:00:00.000Z' });

  const index = locs(await get(app, '/sitemap.xml'));
  assert.deepEqual(
    index.filter((l) => l?.includes('/tags-')),
    [`${ORIGIN}/sitemaps/tags-1.xml`, `${ORIGIN}/sitemaps/tags-2.xml`],
  );
  const chunks = [await get(app, '/sitemaps/tags-1.xml'), await get(app, '/sitemaps/tags-2.xml')];
  const tagUrl = (name: string) => `${ORIGIN}/tag/${encodeURIComponent(name)}/`;
  assert.deepEqual(chunks.flatMap(locs).sort(), [tagUrl('交通'), tagUrl('地铁'), tagUrl('青川 新闻')].sort(), 'tags of public articles only, each once');
  const lastmodOf = (loc: string) => chunks.map((x) => new RegExp(`<loc>${loc}</loc><lastmod>([^<]+)</lastmod>`).exec(x)?.[1]).find(Boolean);
  assert.equal(lastmodOf(tagUrl('交通')), later.updatedAt.replace(/\.\d{3}Z$/, 'Z'), 'a tag changes with its newest article');
  for (const loc of chunks.flatMap(locs)) assert.equal((await z.app.inject((loc as string).slice(ORIGIN.length))).statusCode, 200, `${loc} is a page`);
  assert.equal((await app.inject('/sitemaps/tags-3.xml')).statusCode, 404);
  if (!xmllintSkip) for (const [i, x] of chunks.entries()) assertValid(x, XSD.urlset, `tags-${i + 1}.xml`);
});
