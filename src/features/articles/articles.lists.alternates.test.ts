import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const ORIGIN = 'https://www.qingchuan.cn';

async function get(z: TestApp, url: string) {
  const res = await z.app.inject(url);
  assert.equal(res.statusCode, 200, url);
  return res.body;
}

/** Article ids a list page links to, in order (desktop or mobile URLs alike). */
function listedIds(html: string): number[] {
  const start = html.indexOf('<ul class="article-list">');
  if (start < 0) return [];
  return [...html.slice(start, html.indexOf('</ul>', start)).matchAll(/<h2><a href="(?:\/mobile)?\/news\/(\d+)\.html">/g)].map((m) => Number(m[1]));
}

function link(html: string, rel: 'canonical' | 'alternate'): string | undefined {
  const re = rel === 'canonical' ? /<link rel="canonical" href="([^"]+)">/ : /<link rel="alternate" media="[^"]+" href="([^"]+)">/;
  return re.exec(html)?.[1];
}

test('every page of category, tag and author lists and its mobile twin name each other and list the same articles', async (t) => {
  const z = await createTestApp({ baseUrl: ORIGIN });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  await z.members.create({ username: 'bianji01', displayName: '编辑01' });
  for (let i = 0; i < 47; i++) {
    await makeArticle(z, { category: 'local', author: 'bianji01', tags: ['青川'], title: `青川第${i + 1}条新闻` });
    z.clock.advance(60_000);
  }
  for (const base of ['/category/local/', `/tag/${encodeURIComponent('青川')}/`, '/author/bianji01/']) {
    for (const n of [1, 2, 3]) {
      const desktopPath = n > 1 ? `${base}${n}.html` : base;
      const desktop = await get(z, desktopPath);
      const alternate = link(desktop, 'alternate');
      assert.equal(alternate, `${ORIGIN}/mobile${desktopPath}`, `${desktopPath}: its mobile version is the same page number`);
      const mobile = await get(z, (alternate as string).slice(ORIGIN.length));
      assert.equal(link(mobile, 'canonical'), `${ORIGIN}${desktopPath}`, `the mobile page of ${desktopPath} points back at it`);
      const ids = listedIds(desktop);
      assert.ok(ids.length > 0, desktopPath);
      assert.deepEqual(listedIds(mobile), ids, `${desktopPath}: the mobile page shows the same articles`);
    }
  }
});
