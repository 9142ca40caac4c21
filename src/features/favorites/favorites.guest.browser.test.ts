// A guest presses 收藏 on the phone article page with public/community.js running: the log-in page says why,
// and after logging in the reader is on the 收藏 page, where one press saves. Screenshots go to test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, requireOrSkip, ROOT } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const skip = requireOrSkip('Chromium', fs.existsSync(CHROMIUM));

async function logIn(page: Page) {
  await page.locator('input[name=username]').fill('reader');
  await page.locator('input[name=password]').fill('correct-horse-42');
  await Promise.all([page.waitForURL(/\/favorites\/toggle\?/), page.locator('form.auth-form button[type=submit]').click()]);
}

test('a guest who presses 收藏 is told to log in for it and, logged in, saves it with one more press', { skip }, async () => {
  const z = await createTestApp();
  let browser: Browser | undefined;
  try {
    const cat = await makeCategory(z, { slug: 'local', name: '本地' });
    const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
    await z.members.create({ username: 'reader', password: 'correct-horse-42' });
    await z.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
    await z.app.inject(`/mobile/news/${a.id}.html`); // cached before the guest arrives

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    fs.mkdirSync(ARTIFACTS, { recursive: true });

    await page.goto(`${origin}/mobile/news/${a.id}.html`);
    // The page script has run (it fetched the state, which gave the page its CSRF cookie).
    await page.waitForFunction(`document.cookie.indexOf('zx_csrf=') >= 0`);
    await Promise.all([page.waitForURL(/\/member\/login\?/), page.locator('.action-bar a.favorite').click()]);
    assert.ok((await page.locator('.flash').innerText()).includes('登录后即可收藏这篇文章'), 'the log-in page says why');
    await page.screenshot({ path: path.join(ARTIFACTS, 'favorite-guest-login.png') });
    await logIn(page);
    assert.equal((await z.articles.getAny(a.id))!.favoriteCount, 0, 'arriving on the 收藏 page saves nothing by itself');
    await Promise.all([page.waitForURL(new RegExp(`/mobile/news/${a.id}\\.html`)), page.locator('.favorite-page button[type=submit]').click()]);
    assert.equal((await z.articles.getAny(a.id))!.favoriteCount, 1);
    await page.waitForFunction(`document.querySelector('.action-bar a.favorite').getAttribute('aria-pressed') === 'true'`);

    // A stale log-in hint (zx_in=1 without a session): the script's post is refused and it follows the
    // server's log-in link, which leads back to the 收藏 page too.
    const ctx2 = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await ctx2.addCookies([{ name: 'zx_in', value: '1', url: origin }]);
    const page2 = await ctx2.newPage();
    page2.on('pageerror', (e) => errors.push(e.message));
    await page2.goto(`${origin}/news/${a.id}.html`);
    await page2.waitForFunction(`document.cookie.indexOf('zx_csrf=') >= 0`);
    await Promise.all([page2.waitForURL(/\/member\/login\?/), page2.locator('.action-bar a.favorite').click()]);
    assert.ok((await page2.locator('.flash').innerText()).includes('登录后即可收藏这篇文章'));
    await logIn(page2);
    assert.ok(new URL(page2.url()).searchParams.get('back')?.startsWith(`/news/${a.id}.html`));
    assert.deepEqual(errors, []);
  } finally {
    await browser?.close();
    await z.close();
  }
});
