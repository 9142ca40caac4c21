// The log-in and sign-up pages on a 375×667 phone in Chromium: nothing wider than the screen, fields and buttons
// across the page and at least 44 px high. A guest who pressed 收藏 on a phone article gets the phone layout,
// whose logo leads to the phone home and whose 返回 leads back to that article, through 注册 too.
// Screenshots go to test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createTestApp } from '../../test/app.ts';
import { clickAndWait, launchBrowser, listen, newPage, PHONE_UA, shot, skipWithoutChromium, watchProblems } from '../../test/browser.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const PHONE_375 = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: PHONE_UA };

interface Measure {
  scrollWidth: number;
  clientWidth: number;
  /** Visible fields and buttons of the form: name, width, height. */
  controls: Array<{ name: string; width: number; height: number }>;
}

async function measure(page: Page): Promise<Measure> {
  return (await page.evaluate(`(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    controls: [...document.querySelectorAll('form.auth-form input:not([type=hidden]), form.auth-form button')]
      .filter((e) => !e.closest('.hp'))
      .map((e) => { const b = e.getBoundingClientRect(); return { name: e.name || e.tagName, width: b.width, height: b.height }; }),
  }))()`)) as Measure;
}

function assertFits(m: Measure, where: string, fields: number): void {
  assert.ok(m.scrollWidth <= m.clientWidth, `${where}: no sideways scrolling (${m.scrollWidth} > ${m.clientWidth})`);
  assert.equal(m.controls.length, fields + 1, `${where}: ${fields} fields and the button`);
  for (const c of m.controls) {
    assert.ok(c.width >= 0.8 * m.clientWidth, `${where}: ${c.name} spans the screen (${c.width}px of ${m.clientWidth})`);
    assert.ok(c.height >= 44, `${where}: ${c.name} is a 44 px tap target (${c.height}px)`);
  }
}

test('log-in and sign-up fit a 375 px phone; from a phone article they keep the phone layout and lead back', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地' });
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车，市民可免费通行一个月' });
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page } = await newPage(browser, PHONE_375);
  const problems = watchProblems(page, origin, (url, status) => url === '/member/me.json' && status === 401);

  // Opened directly (the header's 登录 / 注册): the desktop layout, narrowed.
  await page.goto(`${origin}/member/login`);
  assertFits(await measure(page), '/member/login', 2);
  await shot(page, 'members-phone-login');
  await page.goto(`${origin}/member/register`);
  assertFits(await measure(page), '/member/register', 4);
  await shot(page, 'members-phone-register');

  // 收藏 pressed by a guest on the phone article: the log-in in the phone layout.
  const article = `/mobile/news/${a.id}.html`;
  await page.goto(origin + article);
  await clickAndWait(page, '.action-bar a.favorite', /\/member\/login\?/);
  assert.match(await page.locator('.flash').innerText(), /登录后即可收藏这篇文章/);
  assertFits(await measure(page), 'log-in from the phone article', 2);
  assert.equal(await page.locator('.m-logo').getAttribute('href'), '/mobile/', 'the logo leads to the phone home');
  assert.equal(await page.locator('.site-header').count(), 0, 'not the desktop header');
  assert.equal(await page.locator('.auth-back a').getAttribute('href'), article, '返回 leads to the article');
  await shot(page, 'members-phone-login-from-article');

  // 注册 from there keeps the phone layout and the way back.
  await clickAndWait(page, `.auth-alt a[href^="/member/register?"]`, /\/member\/register\?next=/);
  assertFits(await measure(page), 'sign-up from the phone article', 4);
  assert.equal(await page.locator('.m-logo').getAttribute('href'), '/mobile/');
  assert.equal(await page.locator('.auth-back a').getAttribute('href'), article);
  await shot(page, 'members-phone-register-from-article');
  await clickAndWait(page, '.auth-back a', (u) => u.pathname === article);
  assert.equal(new URL(page.url()).pathname, article, 'back on the phone article');

  // The phone header's own 登录 carries the page too: the phone layout, and back to the article.
  await clickAndWait(page, '.m-header [data-member-bar] a[href^="/member/login"]', /\/member\/login\?next=/);
  assert.equal(await page.locator('.site-header').count(), 0, 'the header 登录 opens the phone layout');
  assert.equal(await page.locator('.auth-back a').getAttribute('href'), article);
  assert.deepEqual(problems, []);
});
