// What crawlers and share previews read: titles, descriptions, rel=prev/next and the 301 of page 1's second
// name on multi-page articles; og tags on every list; Baidu's desktop ↔ mobile hints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const ORIGIN = 'https://www.qingchuan.cn';

function decode(s: string): string {
  return s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] as string);
}
const head = (html: string) => html.slice(0, html.indexOf('</head>'));
const title = (html: string) => decode(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '');
const meta = (html: string, name: string) => {
  const m = new RegExp(`<meta (?:name|property|http-equiv)="${name}" content="([^"]*)">`).exec(head(html));
  return m ? decode(m[1] as string) : undefined;
};
const link = (html: string, rel: string) => /* rel first, then href */ new RegExp(`<link rel="${rel}" href="([^"]*)">`).exec(head(html))?.[1];

async function get(z: TestApp, url: string): Promise<string> {
  const r = await z.app.inject(url);
  assert.equal(r.statusCode, 200, url);
  return r.body;
}

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  await z.members.create({ username: 'xiaolin88', role: 'member' });
  const body = '<p>第一页开头。</p><hr class="pagebreak"><p>第二页讲青川大桥的施工。</p><hr class="pagebreak"><p>第三页讲通车之后的交通。</p>';
  const a = await makeArticle(z, { category: 'local', title: '青川大桥今日通车', summary: '大桥通车的核心提示。', body, tags: ['交通'], author: 'xiaolin88' });
  return { z, a };
}

test('a multi-page article: list-style titles, its own description per page, rel=prev/next on desktop and mobile', async (t) => {
  const { z, a } = await setup(t);
  const [p1, p2, p3] = [await get(z, `/news/${a.id}.html`), await get(z, `/news/${a.id}_2.html`), await get(z, `/news/${a.id}_3.html`)];
  assert.equal(title(p1), '青川大桥今日通车_本地新闻_青川资讯网');
  assert.equal(title(p2), '青川大桥今日通车_第2页_本地新闻_青川资讯网', 'the 第N页 style of the list pages');
  assert.equal(title(p3), '青川大桥今日通车_第3页_本地新闻_青川资讯网');
  assert.equal(meta(p1, 'description'), '大桥通车的核心提示。');
  assert.equal(meta(p2, 'description'), '第二页讲青川大桥的施工。', "page 2 is described by its own text, not page 1's");
  assert.equal(meta(p3, 'description'), '第三页讲通车之后的交通。');
  assert.equal(meta(p2, 'og:description'), '第二页讲青川大桥的施工。');
  assert.equal(meta(p2, 'og:url'), `${ORIGIN}/news/${a.id}_2.html`);

  assert.equal(link(p1, 'prev'), undefined);
  assert.equal(link(p1, 'next'), `${ORIGIN}/news/${a.id}_2.html`);
  assert.equal(link(p2, 'prev'), `${ORIGIN}/news/${a.id}.html`);
  assert.equal(link(p2, 'next'), `${ORIGIN}/news/${a.id}_3.html`);
  assert.equal(link(p3, 'prev'), `${ORIGIN}/news/${a.id}_2.html`);
  assert.equal(link(p3, 'next'), undefined);

  const m2 = await get(z, `/mobile/news/${a.id}_2.html`);
  assert.equal(title(m2), '青川大桥今日通车_第2页_本地新闻_青川资讯网');
  assert.equal(link(m2, 'prev'), `${ORIGIN}/mobile/news/${a.id}.html`);
  assert.equal(link(m2, 'next'), `${ORIGIN}/mobile/news/${a.id}_3.html`);
  assert.equal(link(m2, 'canonical'), `${ORIGIN}/news/${a.id}_2.html`);

  // A one-page article has neither.
  const single = await makeArticle(z, { category: 'local', title: '单页文章' });
  const s = await get(z, `/news/${single.id}.html`);
  assert.equal(link(s, 'prev'), undefined);
  assert.equal(link(s, 'next'), undefined);
});

test('/news/<id>_1.html answers 301 to /news/<id>.html, desktop and mobile, also once page 1 is cached', async (t) => {
  const { z, a } = await setup(t);
  for (const [from, to] of [
    [`/news/${a.id}_1.html`, `/news/${a.id}.html`],
    [`/mobile/news/${a.id}_1.html`, `/mobile/news/${a.id}.html`],
  ] as const) {
    for (let i = 0; i < 2; i++) {
      const r = await z.app.inject(from);
      assert.equal(r.statusCode, 301, `${from} (${i ? 'page 1 cached' : 'first'})`);
      assert.equal(r.headers.location, to);
      await get(z, to);
    }
  }
  // Other pages and unknown articles are unchanged.
  await get(z, `/news/${a.id}_2.html`);
  assert.equal((await z.app.inject(`/news/${a.id}_10.html`)).statusCode, 404);
});

test('category, tag and author pages carry og tags; the home page an og:image', async (t) => {
  const { z } = await setup(t);
  for (const [url, ogTitle, canonical, type] of [
    ['/category/local/', '本地新闻', '/category/local/', 'website'],
    ['/mobile/category/local/', '本地新闻', '/category/local/', 'website'],
    [`/tag/${encodeURIComponent('交通')}/`, '标签：交通', `/tag/${encodeURIComponent('交通')}/`, 'website'],
    ['/author/xiaolin88/', 'xiaolin88的文章', '/author/xiaolin88/', 'profile'],
  ] as const) {
    const html = await get(z, url);
    assert.equal(meta(html, 'og:title'), ogTitle, url);
    assert.equal(meta(html, 'og:url'), ORIGIN + canonical, url);
    assert.equal(meta(html, 'og:type'), type, url);
    assert.equal(meta(html, 'og:site_name'), '青川资讯网', url);
    assert.ok(meta(html, 'og:description'), `${url}: og:description`);
    assert.equal(meta(html, 'og:image'), `${ORIGIN}/share-image.png`, url);
  }
  for (const url of ['/', '/mobile/']) {
    const html = await get(z, url);
    assert.equal(meta(html, 'og:image'), `${ORIGIN}/share-image.png`, url);
    assert.equal(meta(html, 'og:url'), `${ORIGIN}/`, url);
    assert.equal(meta(html, 'og:type'), 'website', url);
  }
  await z.settings.update({ logoUrl: 'https://cdn.qingchuan.cn/logo.png' });
  assert.equal(meta(await get(z, '/category/local/'), 'og:image'), 'https://cdn.qingchuan.cn/logo.png', 'the logo from the settings');
  assert.equal(meta(await get(z, '/'), 'og:image'), 'https://cdn.qingchuan.cn/logo.png');
});

test("Baidu's hints: desktop pages with a twin name it (mobile-agent), phone pages say mobile and no-transform", async (t) => {
  const { z, a } = await setup(t);
  for (const [desktop, mobile] of [
    [`/news/${a.id}.html`, `/mobile/news/${a.id}.html`],
    [`/news/${a.id}_2.html`, `/mobile/news/${a.id}_2.html`],
    ['/category/local/', '/mobile/category/local/'],
    ['/', '/mobile/'],
  ] as const) {
    const d = await get(z, desktop);
    assert.equal(meta(d, 'applicable-device'), 'pc', desktop);
    assert.equal(meta(d, 'mobile-agent'), `format=html5;url=${ORIGIN}${mobile}`, desktop);
    const m = await get(z, mobile);
    assert.equal(meta(m, 'applicable-device'), 'mobile', mobile);
    assert.equal(meta(m, 'Cache-Control'), 'no-transform', mobile);
    assert.equal(meta(m, 'mobile-agent'), undefined, mobile);
  }
  // A desktop page without a phone twin (留言) serves every device: no hint.
  const guestbook = await get(z, '/guestbook/');
  assert.equal(meta(guestbook, 'applicable-device'), undefined);
  assert.equal(meta(guestbook, 'mobile-agent'), undefined);
});
