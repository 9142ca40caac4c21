import { test } from 'node:test';
import assert from 'node:assert/strict';
import Parser from 'rss-parser';
import { absolutizeLinks } from './feeds.public.ts';
import { renderAtom, renderRss, type FeedEntry, type FeedMeta } from './feeds.render.ts';
import { cdata, el, escapeXml, rfc822, w3cDate } from './feeds.xml.ts';

const parser = new Parser();

const meta: FeedMeta = {
  title: '青川资讯网',
  description: '本地新闻 & 资讯',
  htmlUrl: 'https://www.qingchuan.cn/',
  rssUrl: 'https://www.qingchuan.cn/rss.xml',
  atomUrl: 'https://www.qingchuan.cn/atom.xml',
  siteName: '青川资讯网',
  siteUrl: 'https://www.qingchuan.cn/',
  updated: '2026-11-27T08:00:00.000Z',
};

function entry(over: Partial<FeedEntry>): FeedEntry {
  return {
    url: 'https://www.qingchuan.cn/news/1.html',
    title: '标题',
    publishedAt: '2026-11-27T08:00:00.000Z',
    updatedAt: '2026-11-27T09:30:00.000Z',
    author: { name: 'xiaolin88', url: 'https://www.qingchuan.cn/author/xiaolin88/' },
    category: { slug: 'local', name: '本地', url: 'https://www.qingchuan.cn/category/local/' },
    summary: '提示',
    contentHtml: '<p>正文</p>',
    ...over,
  };
}

test('CDATA content containing ]]> and fragment markers parses back to the original text', async () => {
  const html = '<p>if (a[b[0]]> 1) { x = "]]>"; }</p><!--#fragment:latest--><p>尾</p>';
  assert.equal(
    cdata(html).value,
    '<![CDATA[<p>if (a[b[0]]]]><![CDATA[> 1) { x = "]]]]><![CDATA[>"; }</p><!--]]><![CDATA[#fragment:latest--><p>尾</p>]]>',
    'each ]]> and marker is split across sections',
  );

  const rss = await parser.parseString(renderRss(meta, [entry({ contentHtml: html })]));
  assert.equal(rss.items[0]?.['content:encoded'], html);
  const atom = await parser.parseString(renderAtom(meta, [entry({ contentHtml: html })]));
  assert.equal(atom.items[0]?.content, html);
});

test('text is escaped and characters XML forbids are dropped, so one bad title cannot break a feed', async () => {
  assert.equal(escapeXml(`a<b>&"c'`), 'a&lt;b&gt;&amp;&quot;c&apos;');
  assert.equal(el('t', { q: '"<&>' }, 'x & y').value, '<t q="&quot;&lt;&amp;&gt;">x &amp; y</t>');
  const title = '控制\u0001字符\u0008与\uFFFE非字符 \uD800孤立代理 & 😀';
  const xml = renderRss(meta, [entry({ title })]);
  const rss = await parser.parseString(xml);
  assert.equal(rss.items[0]?.title, '控制字符与非字符 孤立代理 & 😀');
  assert.equal(rss.description, '本地新闻 & 资讯');
});

test('dates use RFC 822 in RSS and RFC 3339 in Atom and sitemaps', () => {
  assert.equal(rfc822('2026-11-27T08:05:09.123Z'), 'Fri, 27 Nov 2026 08:05:09 GMT');
  assert.equal(w3cDate('2026-11-27T08:05:09.123Z'), '2026-11-27T08:05:09Z');
  const atom = renderAtom(meta, [entry({})]);
  assert.ok(atom.includes('<published>2026-11-27T08:00:00Z</published><updated>2026-11-27T09:30:00Z</updated>'));
});

test('root-relative links and images get the origin; absolute and protocol-relative ones are kept', () => {
  const html = '<a href="/news/2.html">a</a><img src="/uploads/x.jpg" /><a href="https://other.cn/">b</a><img src="//cdn.cn/y.jpg" /><a href="#c">c</a>';
  assert.equal(
    absolutizeLinks(html, 'https://www.qingchuan.cn'),
    '<a href="https://www.qingchuan.cn/news/2.html">a</a><img src="https://www.qingchuan.cn/uploads/x.jpg" /><a href="https://other.cn/">b</a><img src="//cdn.cn/y.jpg" /><a href="#c">c</a>',
  );
});
