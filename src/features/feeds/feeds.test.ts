import { test } from 'node:test';
import assert from 'node:assert/strict';
import Parser from 'rss-parser';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import type { ArticleDetail } from '../articles/index.ts';
import { FEED_SIZE } from './index.ts';

const ORIGIN = 'https://www.qingchuan.cn';
const parser = new Parser<Record<string, unknown>, { id?: string; author?: string; creator?: string; 'content:encoded'?: string }>();

async function fetchFeed(z: TestApp, url: string) {
  const res = await z.app.inject(url);
  assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
  const type = url.endsWith('rss.xml') ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8';
  assert.equal(res.headers['content-type'], type, url);
  return { res, feed: await parser.parseString(res.body) };
}

const articleUrl = (id: number) => `${ORIGIN}/news/${id}.html`;

test('site RSS and Atom carry the latest 30 published articles, newest first, with absolute links', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地新闻' });
  const made: ArticleDetail[] = [];
  for (let i = 0; i < FEED_SIZE + 2; i++) {
    made.push(await makeArticle(z, { category: cat.slug, title: `青川新闻第${i + 1}条`, author: 'xiaolin88' }));
    z.clock.advance(60_000);
  }
  await makeArticle(z, { category: cat.slug, title: '草稿不应出现', status: 'draft' });
  await makeArticle(z, { category: cat.slug, title: '定时发布不应出现', publishedAt: '2030-01-01T00:00:00.000Z' });
  const expected = made.slice(-FEED_SIZE).reverse();

  const { feed: rss } = await fetchFeed(z, '/rss.xml');
  assert.equal(rss.title, '青川资讯网 最新资讯');
  assert.equal(rss.link, `${ORIGIN}/`);
  assert.equal(rss.feedUrl, `${ORIGIN}/rss.xml`);
  assert.equal(rss.language, 'zh-cn');
  assert.deepEqual(
    rss.items.map((i) => i.title),
    expected.map((a) => a.title),
  );
  for (const [i, item] of rss.items.entries()) {
    const a = expected[i]!;
    assert.equal(item.link, articleUrl(a.id));
    assert.equal(item.guid, articleUrl(a.id));
    assert.equal(item.isoDate, a.publishedAt);
    assert.equal(item.creator, 'xiaolin88');
    assert.deepEqual(JSON.parse(JSON.stringify(item.categories)), [{ _: '本地新闻', $: { domain: `${ORIGIN}/category/local/` } }]);
    assert.equal(item.contentSnippet, a.summary, 'description is the summary');
    assert.ok(item['content:encoded']?.includes('青川市公交线路调整的细节'), 'content:encoded has the body');
  }

  const { feed: atom } = await fetchFeed(z, '/atom.xml');
  assert.equal(atom.title, '青川资讯网 最新资讯');
  assert.equal(atom.feedUrl, `${ORIGIN}/atom.xml`);
  assert.equal(atom.link, `${ORIGIN}/`);
  assert.equal(atom.items.length, FEED_SIZE);
  for (const [i, item] of atom.items.entries()) {
    const a = expected[i]!;
    assert.equal(item.title, a.title);
    assert.equal(item.id, articleUrl(a.id));
    assert.equal(item.link, articleUrl(a.id));
    assert.equal(item.isoDate, a.publishedAt);
    assert.equal(item.author, 'xiaolin88');
    assert.equal(item.summary, a.summary);
    assert.ok(item.content?.includes('<p>'), 'atom content is the body HTML');
  }
  assert.match(atom.lastBuildDate as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
});

test('titles, summaries and bodies with <, & and ]]> survive both formats intact', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'tech', name: '科技' });
  const title = '“<青川>” & 报道：a ]]> b <script>';
  const summary = '核心提示 A & B <c> ]]> 结束';
  const a = await makeArticle(z, {
    category: cat.slug,
    title,
    summary,
    cover: '/uploads/2026/11/cover.jpg',
    body: '<p>代码 a &lt; b &amp;&amp; c ]]&gt; d</p><p><a href="/news/1.html">站内链接</a><img src="/uploads/2026/11/a.jpg" alt="图"></p>',
  });
  for (const url of ['/rss.xml', '/atom.xml']) {
    const { res, feed } = await fetchFeed(z, url);
    assert.ok(!res.body.includes('<script>'), `${url} leaks raw markup from the title`);
    const item = feed.items[0]!;
    assert.equal(item.title, title, url);
    assert.equal(item.link, articleUrl(a.id), url);
    const content = (url === '/rss.xml' ? item['content:encoded'] : item.content) ?? '';
    assert.ok(content.includes('代码 a &lt; b &amp;&amp; c ]]&gt; d'), `${url} body: ${content}`);
    assert.ok(content.includes(`<a href="${ORIGIN}/news/1.html"`), `${url}: root-relative links are made absolute`);
    assert.ok(content.includes(`src="${ORIGIN}/uploads/2026/11/a.jpg"`), `${url}: body images are absolute`);
    assert.ok(content.startsWith(`<p><img src="${ORIGIN}/uploads/2026/11/cover.jpg"`), `${url}: the cover leads the content`);
    assert.equal(url === '/rss.xml' ? item.contentSnippet : item.summary, summary, url);
  }
});

test('category feeds include subcategories, exclude other categories, and 404 for unknown ones', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  await makeCategory(z, { slug: 'traffic', name: '交通', parent: 'local' });
  await makeCategory(z, { slug: 'finance', name: '财经' });
  const inParent = await makeArticle(z, { category: 'local', title: '本地要闻' });
  z.clock.advance(60_000);
  const inChild = await makeArticle(z, { category: 'traffic', title: '青川大桥今日通车' });
  z.clock.advance(60_000);
  const elsewhere = await makeArticle(z, { category: 'finance', title: '青川股市收涨' });

  for (const format of ['rss', 'atom']) {
    const { feed: local } = await fetchFeed(z, `/category/local/${format}.xml`);
    assert.equal(local.title, '青川资讯网 - 本地');
    assert.equal(local.feedUrl, `${ORIGIN}/category/local/${format}.xml`);
    assert.equal(local.link, `${ORIGIN}/category/local/`);
    assert.deepEqual(
      local.items.map((i) => i.link),
      [articleUrl(inChild.id), articleUrl(inParent.id)],
    );
    const { feed: child } = await fetchFeed(z, `/category/traffic/${format}.xml`);
    assert.deepEqual(
      child.items.map((i) => i.title),
      ['青川大桥今日通车'],
    );
    const { feed: finance } = await fetchFeed(z, `/category/finance/${format}.xml`);
    assert.deepEqual(
      finance.items.map((i) => i.link),
      [articleUrl(elsewhere.id)],
    );
    const missing = await z.app.inject(`/category/no-such/${format}.xml`);
    assert.equal(missing.statusCode, 404);
  }
});

test('a published, edited or deleted article shows in the cached site and category feeds on the next request', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  await makeCategory(z, { slug: 'traffic', name: '交通', parent: 'local' });
  await makeArticle(z, { category: 'traffic', title: '旧闻' });
  const urls = ['/rss.xml', '/atom.xml', '/category/local/rss.xml', '/category/traffic/atom.xml'];
  for (const url of urls) {
    await z.app.inject(url);
    const again = await z.app.inject(url);
    assert.equal(again.headers['x-cache'], 'HIT', `${url} is served from the page cache`);
  }

  z.clock.advance(60_000);
  const fresh = await makeArticle(z, { category: 'traffic', title: '新闻：青川地铁开工' });
  for (const url of urls) {
    const { res, feed } = await fetchFeed(z, url);
    assert.equal(res.headers['x-cache'], 'MISS', url);
    assert.equal(feed.items[0]?.title, '新闻：青川地铁开工', url);
  }

  await z.articles.update(fresh.id, { title: '更正：青川地铁明日开工' });
  for (const url of urls) assert.equal((await fetchFeed(z, url)).feed.items[0]?.title, '更正：青川地铁明日开工', url);

  await z.articles.remove(fresh.id);
  for (const url of urls) {
    const titles = (await fetchFeed(z, url)).feed.items.map((i) => i.title);
    assert.deepEqual(titles, ['旧闻'], url);
  }
});
