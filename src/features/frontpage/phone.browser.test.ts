// A phone reader in Chromium (an iPhone's user agent and screen): desktop addresses lead to the phone
// pages unless the reader chose 电脑版; pages that have no phone version (举报, log-in, 留言, 积分换礼,
// 广告服务, 排名推广) fit a 375 px screen with readable text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { seedDemoIfEmpty } from '../../cli/demo.ts';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { DESKTOP, PHONE, clickAndWait, launchBrowser, listen, newPage, shot, skipWithoutChromium, watchProblems } from '../../test/browser.ts';

/**
 * Runs in the page (the project's tsconfig has no DOM lib, so a string): its width and zoom, the smallest
 * text, and text squeezed into a column so narrow that it wraps every two or three characters.
 */
const MEASURE = `(() => {
  const sizes = [];
  const squeezed = [];
  for (const el of document.querySelectorAll('main *, footer *')) {
    const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
    const r = el.getBoundingClientRect();
    if (!own || r.width === 0 || r.height === 0) continue;
    // Text for screen readers only (clipped to nothing) is not read on the screen.
    let hidden = false;
    for (let a = el; a && !hidden; a = a.parentElement) hidden = getComputedStyle(a).clip.startsWith('rect');
    if (hidden) continue;
    const style = getComputedStyle(el);
    const px = parseFloat(style.fontSize);
    const name = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).replace(/\\s+/g, '.') : '');
    sizes.push({ tag: name, px });
    if (el.children.length === 0) {
      // One client rect per line the text is laid out on.
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = new Set([...range.getClientRects()].map((q) => Math.round(q.top))).size;
      if (lines >= 3 && [...own].length / lines < 4) squeezed.push(name + ' "' + own.slice(0, 12) + '" in ' + lines + ' lines ' + Math.round(r.width) + 'px wide');
    }
  }
  sizes.sort((a, b) => a.px - b.px);
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 1 && wide.length < 5) wide.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' + Math.round(r.right));
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth, smallest: sizes.slice(0, 3), squeezed: squeezed.slice(0, 5), wide };
})()`;

interface Measure {
  scrollWidth: number;
  innerWidth: number;
  smallest: Array<{ tag: string; px: number }>;
  squeezed: string[];
  wide: string[];
}

async function fitsPhone(page: Page, screen: number): Promise<string[]> {
  const m = (await page.evaluate(MEASURE)) as Measure;
  const path = new URL(page.url()).pathname + new URL(page.url()).search;
  const problems: string[] = [];
  // A phone zooms out to show a page wider than its screen (innerWidth grows): that is sideways scrolling too.
  if (m.scrollWidth > screen || m.innerWidth > screen) problems.push(`${path}: ${m.scrollWidth}px wide on a ${screen}px screen (${m.wide.join(', ')})`);
  const tiny = m.smallest.filter((s) => s.px < 12);
  if (tiny.length) problems.push(`${path}: text below 12px: ${tiny.map((s) => `${s.tag} ${s.px}px`).join(', ')}`);
  if (m.squeezed.length) problems.push(`${path}: text squeezed into narrow columns: ${m.squeezed.join('; ')}`);
  return problems;
}

const path = (page: Page) => new URL(page.url()).pathname;

test('a phone gets the phone pages, keeps 电脑版 once chosen, and 手机版 brings it back', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地新闻' });
  const a = await makeArticle(z, { category: 'local', title: '青川大桥今日通车' });
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());

  // Every desktop page is fetched once by a desktop browser first: the phone gets the very same cached bytes.
  const desk = await newPage(browser, DESKTOP);
  for (const p of ['/', `/news/${a.id}.html`, '/category/local/']) {
    const res = await desk.page.goto(origin + p);
    assert.equal(path(desk.page), p, `${p}: a desktop browser stays on the desktop page`);
    assert.doesNotMatch(String(res?.headers().vary ?? ''), /user-agent/i, `${p}: cached once for every browser`);
  }
  await desk.ctx.close();

  const { ctx, page } = await newPage(browser, PHONE);
  t.after(() => ctx.close());
  const problems = watchProblems(page, origin);
  for (const [from, to] of [
    ['/', '/mobile/'],
    [`/news/${a.id}.html`, `/mobile/news/${a.id}.html`],
    ['/category/local/', '/mobile/category/local/'],
  ]) {
    await page.goto(origin + from);
    await page.waitForURL((u) => u.pathname === to);
    assert.equal(await page.locator('body.mobile').count(), 1, `${from} → ${to}: the phone layout`);
  }
  await shot(page, 'phone-redirected-category', false);

  // 电脑版 in the phone footer: the desktop page, and it stays so while browsing.
  await clickAndWait(page, 'footer .view-switch a', (u) => u.pathname === '/category/local/');
  await page.waitForTimeout(300);
  assert.equal(path(page), '/category/local/', 'the reader chose the desktop page: no redirect back');
  assert.equal(await page.locator('body.desktop').count(), 1);
  await page.goto(`${origin}/news/${a.id}.html`);
  await page.waitForTimeout(300);
  assert.equal(path(page), `/news/${a.id}.html`, 'the choice holds on other pages');
  await shot(page, 'phone-chose-desktop-article', false);

  // 手机版 on the desktop page: back to the phone pages, and desktop addresses lead there again.
  await clickAndWait(page, 'footer .view-switch a', (u) => u.pathname === `/mobile/news/${a.id}.html`);
  await page.goto(origin + '/');
  await page.waitForURL((u) => u.pathname === '/mobile/');
  assert.deepEqual(problems, []);
});

test('desktop-only pages a phone reaches from the phone pages fit a 375 px screen with readable text', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  // The demo portal: gifts, ad positions, promotion keywords and guestbook messages fill the pages.
  assert.ok((await seedDemoIfEmpty(z))?.articles, 'demo content was created');
  const cat = await z.dbh.db.selectFrom('categories').select('slug').orderBy('id').executeTakeFirstOrThrow();
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车，市民可免费体验首日通行' });
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { ctx, page } = await newPage(browser, { ...PHONE, viewport: { width: 375, height: 812 } });
  t.after(() => ctx.close());
  // A guest's 收藏 is refused by the in-place request (401), then the link leads to the log-in page.
  const problems = watchProblems(page, origin, (url, status) => status === 401 && url.startsWith('/favorites/toggle'));
  const wide: string[] = [];

  // From the phone article's action bar: 举报, and 收藏 as a guest (log-in first).
  await page.goto(`${origin}/mobile/news/${a.id}.html`);
  await clickAndWait(page, '.action-bar a.report', (u) => u.pathname === '/report/');
  wide.push(...(await fitsPhone(page, 375)));
  await shot(page, 'phone-375-report');
  await page.goto(`${origin}/mobile/news/${a.id}.html`);
  await clickAndWait(page, '.action-bar a.favorite', (u) => u.pathname === '/member/login');
  wide.push(...(await fitsPhone(page, 375)));
  await shot(page, 'phone-375-login', false);

  // The phone footer's links and the /mobile/ addresses of the same pages.
  await page.goto(`${origin}/mobile/`);
  const footer = await page.locator('footer .footer-links a').evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
  for (const href of ['/guestbook/', '/mall/', '/ads/', '/promotion/', '/report/']) assert.ok(footer.includes(href), `the phone footer links ${href}`);
  for (const p of [
    '/mobile/guestbook/',
    '/mobile/mall/',
    '/mobile/ads/',
    '/mobile/promotion/',
    '/mobile/report/',
    '/member/register',
    '/mobile/member/login',
  ]) {
    const res = await page.goto(origin + p);
    assert.equal(res?.status(), 200, p);
    assert.equal(path(page), p.replace(/^\/mobile/, ''), `${p}: the page that works on phones`);
    wide.push(...(await fitsPhone(page, 375)));
    await shot(page, `phone-375-${p.replace(/\W+/g, '-').replace(/^-|-$/g, '')}`);
  }
  assert.deepEqual(wide, [], 'pages a phone reader has to scroll sideways or zoom into');
  assert.deepEqual(problems, []);
});
