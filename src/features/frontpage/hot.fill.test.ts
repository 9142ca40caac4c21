import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

async function view(z: TestApp, articleId: number, n: number) {
  for (let i = 0; i < n; i++) z.hits.record(articleId, { ip: `10.9.${articleId % 250}.${i}`, userAgent: UA });
  await z.hits.flush();
}

/** The numbers beside titles in a block or table, in order. */
const counts = (html: string) =>
  [...html.matchAll(/<(?:span|td) class="hits">(\d*)(?:<span class="sr-only">次点击<\/span>)?<\/(?:span|td)>/g)].map((m) => m[1]);

test('点击排行: rows added to fill the list show no lifetime count and sit apart under a note', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city' });
  const old = await makeArticle(z, { category: 'city', title: '老文章累计点击很多' });
  await view(z, old.id, 40); // forty readers, three days ago
  z.clock.advance(3 * 24 * 3600_000);
  const hot = await makeArticle(z, { category: 'city', title: '今天的热点' });
  await view(z, hot.id, 2);
  z.cache.clear();

  const page = (await z.app.inject('/hot/')).body;
  const table = page.slice(page.indexOf('<table class="rank-table">'), page.indexOf('</table>'));
  // Window count 2 for the ranked row; the old article (40 lifetime hits) below the note with no number.
  assert.deepEqual(counts(table), ['2', ''], table);
  assert.ok(table.indexOf('今天的热点') < table.indexOf('以下文章本期暂无点击') && table.indexOf('以下文章本期暂无点击') < table.indexOf('老文章累计点击很多'));
  assert.ok(!table.includes('>40<'), 'no lifetime count among window counts');

  for (const path of ['/', '/mobile/', '/mobile/hot/']) {
    const html = (await z.app.inject(path)).body;
    const start = path === '/mobile/hot/' ? html.indexOf('<section class="hot-page">') : html.indexOf('<section class="box hot">');
    const block = html.slice(start, html.indexOf('</section>', start));
    assert.deepEqual(counts(block), ['2'], `${path}: ${block}`);
    if (path !== '/mobile/hot/')
      assert.ok(
        block.includes(`<a class="more" href="${path === '/' ? '/hot/' : '/mobile/hot/'}" aria-label="更多点击排行">`),
        `${path}: 更多 leads to the ranking in the same layout`,
      );
    assert.match(block, /<ol class="title-list numbered"><li><span class="rank r1">1<\/span><a [^>]+>今天的热点<\/a>/, path);
    assert.match(
      block,
      /<p class="fill-note">以下文章本期暂无点击，按累计点击排列<\/p><ul class="title-list fill"><li><a [^>]+>老文章累计点击很多<\/a><\/li>/,
      path,
    );
  }
});
