// What a screen reader announces on the reading pages: distinct names for the 更多 links, no literal ">"
// in 更多>同类最新资讯, a named 上一篇/下一篇 navigation, hit counts with their unit, the 评论 link's focus
// target, search results under an h2, and a phone footer without dangling separators.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

async function get(z: TestApp, url: string): Promise<string> {
  const r = await z.app.inject(url);
  assert.equal(r.statusCode, 200, url);
  return r.body;
}

/** The accessible name of each 更多 link: its aria-label, else its text. */
const moreNames = (html: string) => [...html.matchAll(/<a class="more"[^>]*?(?: aria-label="([^"]*)")?>([^<]*)<\/a>/g)].map((m) => m[1] ?? m[2]);

test('reading pages name their links and regions for screen readers', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  await makeCategory(z, { slug: 'finance', name: '财经' });
  const first = await makeArticle(z, { category: 'local', title: '青川大桥今日通车', publishedAt: '2026-11-20T08:00:00.000Z' });
  const second = await makeArticle(z, { category: 'local', title: '青川地铁二号线开工', publishedAt: '2026-11-21T08:00:00.000Z' });
  await makeArticle(z, { category: 'finance', title: '青川财经新闻', publishedAt: '2026-11-22T08:00:00.000Z' });
  for (let i = 0; i < 3; i++) z.hits.record(second.id, { ip: `10.7.0.${i}`, userAgent: UA });
  await z.hits.flush();

  for (const url of ['/', '/mobile/']) {
    const html = await get(z, url);
    const names = moreNames(html);
    assert.ok(names.length >= 3, `${url}: the 更多 links (${names.join(', ')})`);
    assert.equal(new Set(names).size, names.length, `${url}: every 更多 link has its own name: ${names.join(', ')}`);
    for (const n of ['更多本地新闻', '更多财经', '更多点击排行']) assert.ok(names.includes(n), `${url}: ${n}`);
    // 点击排行: the count is read with its unit.
    assert.match(html, /<span class="hits">3<span class="sr-only">次点击<\/span><\/span>/, `${url}: hits with a unit`);
  }

  for (const url of [`/news/${second.id}.html`, `/mobile/news/${second.id}.html`]) {
    const html = await get(z, url);
    assert.ok(html.includes('<span>更多<span aria-hidden="true">&gt;</span>同类最新资讯</span>'), `${url}: the ">" is decoration`);
    assert.ok(!html.includes('更多&gt;同类最新资讯'), `${url}: no ">" read out`);
    assert.ok(moreNames(html).includes('更多本地新闻'), `${url}: the same-category 更多 is named after the category`);
    assert.ok(html.includes('<nav class="prev-next" aria-label="上一篇/下一篇">'), `${url}: named navigation`);
    // 评论 links lead to the comments heading, which can take the focus.
    assert.ok(html.includes('<a class="act comment" href="#comments-title">'), `${url}: 评论 action`);
    assert.ok(html.includes('<a class="comment-count" href="#comments-title">'), `${url}: comment count link`);
    assert.match(html, /<h2 class="box-title" id="comments-title" tabindex="-1">/, `${url}: focusable target`);
  }
  assert.ok((await get(z, `/news/${first.id}.html`)).includes(`href="/news/${second.id}.html">青川地铁二号线开工</a>`));

  // The phone footer has no separators at all (they were hidden, and ended a row); the desktop's are not read.
  const phone = await get(z, '/mobile/');
  const footer = phone.slice(phone.indexOf('<footer'));
  assert.ok(!footer.includes('|'), 'no "|" in the phone footer');
  const desktop = await get(z, '/');
  assert.ok(desktop.includes('<span class="sep" aria-hidden="true"> | </span>'));
});

test('search results are h3 under an h2, not straight under the h1', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  await makeArticle(z, { category: 'local', title: '青川大桥今日通车' });
  for (const url of ['/search?q=' + encodeURIComponent('大桥'), '/mobile/search?q=' + encodeURIComponent('大桥')]) {
    const html = await get(z, url);
    const levels = [...html.slice(html.indexOf('<main')).matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    assert.ok(levels.includes(3), `${url}: a result`);
    for (let i = 1; i < levels.length; i++) {
      assert.ok((levels[i] as number) <= (levels[i - 1] as number) + 1, `${url}: no heading level skipped (${levels.join(' ')})`);
    }
  }
});
