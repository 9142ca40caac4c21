// What feed readers and crawlers get: bodies without editor markers, titles that cannot turn into markup,
// feed names that match what the pages announce, and gzip for the large XML files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import Parser from 'rss-parser';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { acceptsGzip } from './compress.ts';

const ORIGIN = 'https://www.qingchuan.cn';
const parser = new Parser<Record<string, unknown>, { 'content:encoded'?: string }>();

test('page breaks the editor put in a body are not in the feeds', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  await makeArticle(z, { category: 'local', body: '<p>第一页内容</p><hr class="pagebreak" /><p>第二页内容</p><hr class="pagebreak"><p>第三页内容</p>' });
  for (const url of ['/rss.xml', '/atom.xml', '/category/local/rss.xml']) {
    const feed = await parser.parseString((await z.app.inject(url)).body);
    const item = feed.items[0]!;
    const content = (url.endsWith('rss.xml') ? item['content:encoded'] : item.content) ?? '';
    for (const page of ['第一页内容', '第二页内容', '第三页内容']) assert.ok(content.includes(page), `${url}: ${page} is in the content`);
    assert.doesNotMatch(content, /pagebreak|<hr/, `${url}: no page-break marker in the content`);
  }
});

test('a feed is called what the pages that announce it call it', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  await makeArticle(z, { category: 'local' });
  const announced = async (page: string) =>
    Object.fromEntries(
      [...(await z.app.inject(page)).body.matchAll(/<link rel="alternate" type="application\/(?:rss|atom)\+xml" title="([^"]+)" href="([^"]+)">/g)].map((m) => [
        (m[2] as string).slice(ORIGIN.length),
        m[1],
      ]),
    );
  const pages = { '/': await announced('/'), '/category/local/': await announced('/category/local/'), '/rss.html': await announced('/rss.html') };
  assert.equal(pages['/category/local/']['/category/local/rss.xml'], '青川资讯网 - 本地新闻');
  for (const [page, feeds] of Object.entries(pages)) {
    assert.ok(Object.keys(feeds).length >= 2, `${page} announces its feeds`);
    for (const [url, title] of Object.entries(feeds)) {
      const feed = await parser.parseString((await z.app.inject(url)).body);
      assert.equal(feed.title, title, `${url}: the feed's own title is the one ${page} gives it`);
    }
  }
});

test('titles are plain text in both formats: markup in a title is shown, never applied', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '<i>本地</i> & 周边' });
  const title = '青川<b>大桥</b>通车 & 试运行';
  await makeArticle(z, { category: 'local', title });

  const rss = (await z.app.inject('/rss.xml')).body;
  const item = rss.slice(rss.indexOf('<item>'));
  // RSS Best Practices Profile: `&`, `<`, `>` in plain-text elements as hexadecimal references.
  assert.ok(item.includes('<title>青川&#x3C;b&#x3E;大桥&#x3C;/b&#x3E;通车 &#x26; 试运行</title>'), item.slice(0, 300));
  assert.doesNotMatch(item.slice(0, item.indexOf('</title>')), /&lt;|&amp;/, 'no entity form a reader would decode into live markup');
  assert.ok(item.includes('<category domain="https://www.qingchuan.cn/category/local/">&#x3C;i&#x3E;本地&#x3C;/i&#x3E; &#x26; 周边</category>'));
  assert.equal((await parser.parseString(rss)).items[0]?.title, title, 'an XML reader gets the title as typed');

  const atom = (await z.app.inject('/atom.xml')).body;
  const entry = atom.slice(atom.indexOf('<entry>'));
  assert.match(entry, /<title type="text">青川&lt;b&gt;大桥&lt;\/b&gt;通车 &amp; 试运行<\/title>/, 'Atom says the title is text');
  assert.match(atom, /<feed[^>]*><id>[^<]+<\/id><title type="text">/);
  assert.equal((await parser.parseString(atom)).items[0]?.title, title);
});

test('Accept-Encoding is honoured by its weights', () => {
  assert.equal(acceptsGzip('gzip, deflate, br'), true);
  assert.equal(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1'), true);
  assert.equal(acceptsGzip('gzip;q=0'), false);
  assert.equal(acceptsGzip('*'), true);
  assert.equal(acceptsGzip('*;q=0.5, gzip;q=0'), false);
  assert.equal(acceptsGzip('identity'), false);
  assert.equal(acceptsGzip(undefined), false);
  assert.equal(acceptsGzip('br'), false);
});

test('feeds and sitemaps are sent gzipped to clients that take it, with their own ETag and Vary', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  for (let i = 0; i < 30; i++) await makeArticle(z, { category: 'local', tags: [`标签${i}`] });
  for (const url of ['/rss.xml', '/atom.xml', '/category/local/atom.xml', '/sitemaps/news.xml', '/sitemaps/articles-1.xml', '/sitemaps/tags-1.xml']) {
    const plain = await z.app.inject(url);
    assert.equal(plain.statusCode, 200, url);
    assert.equal(plain.headers['content-encoding'], undefined, `${url}: no gzip unless asked for`);
    assert.equal(plain.headers.vary, 'Accept-Encoding', url);

    const gz = await z.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(gz.statusCode, 200, url);
    assert.equal(gz.headers['content-encoding'], 'gzip', url);
    assert.equal(gz.headers.vary, 'Accept-Encoding', url);
    assert.equal(gz.headers['content-type'], plain.headers['content-type'], url);
    assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body, `${url}: the same document`);
    assert.ok(gz.rawPayload.length < plain.rawPayload.length / 2, `${url}: ${plain.rawPayload.length} → ${gz.rawPayload.length} bytes`);
    assert.notEqual(gz.headers.etag, plain.headers.etag, `${url}: each encoding has its own ETag`);

    // A revalidation is answered for the variant it names; the other variant's tag does not match.
    const again = await z.app.inject({ url, headers: { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers.etag) } });
    assert.equal(again.statusCode, 304, url);
    assert.equal(again.headers.etag, gz.headers.etag);
    const crossed = await z.app.inject({ url, headers: { 'if-none-match': String(gz.headers.etag) } });
    assert.equal(crossed.statusCode, 200, `${url}: a gzip ETag does not validate the plain body`);
    const refused = await z.app.inject({ url, headers: { 'accept-encoding': 'gzip;q=0, identity' } });
    assert.equal(refused.headers['content-encoding'], undefined, `${url}: gzip;q=0 is a refusal`);
  }
  // A change is a new version: the kept gzipped body is not sent for it.
  const before = await z.app.inject({ url: '/rss.xml', headers: { 'accept-encoding': 'gzip' } });
  await makeArticle(z, { category: 'local', title: '压缩后的新文章' });
  const after = await z.app.inject({ url: '/rss.xml', headers: { 'accept-encoding': 'gzip' } });
  assert.notEqual(after.headers.etag, before.headers.etag);
  assert.ok(gunzipSync(after.rawPayload).toString().includes('压缩后的新文章'));
});
