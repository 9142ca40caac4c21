// Desktop pages opened on a phone (by a reader who chose 电脑版, or the mall, the ad and promotion pages,
// which have no /mobile/ twin): at 390 px wide nothing may widen the page so that the reader has to
// scroll sideways, and the header keeps the site name on one line with the search box under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedDemoIfEmpty } from '../../cli/demo.ts';
import { createTestApp } from '../../test/app.ts';
import { launchBrowser, listen, newPage, shot, skipWithoutChromium } from '../../test/browser.ts';

const PHONE = {
  viewport: { width: 390, height: 844 },
  userAgent: 'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 Chrome/142.0 Mobile Safari/537.36',
};

/** Runs in the page: its scroll width and where the header's parts are. */
const MEASURE = `(() => ({
  width: document.documentElement.scrollWidth,
  logoHeight: document.querySelector('.logo-text')?.getBoundingClientRect().height ?? 0,
  searchTop: document.querySelector('.header-row .search-box')?.getBoundingClientRect().top ?? 0,
  logoBottom: document.querySelector('.logo')?.getBoundingClientRect().bottom ?? 0,
}))()`;

test('desktop pages on a 390 px phone screen: no sideways scrolling, one-line site name', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  assert.ok((await seedDemoIfEmpty(z))?.articles, 'demo content was created');
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { ctx, page } = await newPage(browser, PHONE);
  // The reader chose 电脑版 (phones are otherwise sent to the /mobile/ twins of pages that have one).
  await ctx.addCookies([{ name: 'zx_view', value: 'pc', url: origin }]);

  // Articles whose 上一篇/下一篇 titles are long are the ones that used to widen the page.
  const ids = (await z.dbh.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').limit(12).execute()).map((r) => r.id);
  const cat = await z.dbh.db.selectFrom('categories').select('slug').orderBy('id').executeTakeFirstOrThrow();
  const paths = ['/', `/category/${cat.slug}/`, '/hot/', '/search?q=青川', '/promotion/', '/mall/', '/ads/', '/guestbook/', '/sitemap.html'];
  paths.push(...ids.map((id) => `/news/${id}.html`));
  const wide: string[] = [];
  for (const p of paths) {
    const res = await page.goto(origin + p);
    assert.equal(res?.status(), 200, p);
    assert.equal(new URL(page.url()).pathname, p.split('?')[0], `${p}: the desktop page the reader chose`);
    const m = (await page.evaluate(MEASURE)) as { width: number; logoHeight: number; searchTop: number; logoBottom: number };
    if (m.width > 390) wide.push(`${p}: ${m.width}px`);
    assert.ok(m.logoHeight > 0 && m.logoHeight < 40, `${p}: the site name wraps (${m.logoHeight}px high)`);
    assert.ok(m.searchTop >= m.logoBottom - 1, `${p}: the search box sits under the site name`);
  }
  await page.goto(`${origin}/news/${ids[0]}.html`);
  await shot(page, 'narrow-desktop-article', false);
  assert.deepEqual(wide, [], 'pages wider than the screen');
});
