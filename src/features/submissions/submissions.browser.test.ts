// The submission form in a real browser (Debian's Chromium via playwright-core): the rich-text editor
// writes HTML into the hidden textarea; without JavaScript the textarea itself works; markup typed
// into the textarea never runs in the editor. Screenshots go to test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import sharp from 'sharp';
import { createTestApp, requireOrSkip, ROOT, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const skip = requireOrSkip('Chromium', fs.existsSync(CHROMIUM));

/** The browser globals the page scripts below touch (the project's tsconfig has no DOM lib). */
type PageGlobals = { __xss?: number; document: { querySelector(s: string): { hidden: boolean; value: string } | null } };

async function withBrowser(fn: (z: TestApp, origin: string, browser: Browser, cookies: Array<{ name: string; value: string }>) => Promise<void>) {
  let z: TestApp | undefined;
  let browser: Browser | undefined;
  try {
    z = await createTestApp();
    await makeCategory(z, { slug: 'local', name: '本地' });
    const alice = await loginAs(z, 'alice', 'trusted');
    await z.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const cookies = alice.cookie.split('; ').map((c) => {
      const [name, value] = c.split('=') as [string, string];
      return { name, value };
    });
    await fn(z, origin, browser, cookies);
  } finally {
    await browser?.close();
    await z?.close();
  }
}

async function context(browser: Browser, origin: string, cookies: Array<{ name: string; value: string }>, javaScriptEnabled = true): Promise<BrowserContext> {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 }, javaScriptEnabled });
  await ctx.addCookies(cookies.map((c) => ({ ...c, url: origin })));
  return ctx;
}

test('the rich-text editor, the form without JavaScript, and markup that must not run', { skip }, async (t) => {
  await withBrowser(async (z, origin, browser, cookies) => {
    await t.test('the toolbar formats text and the HTML reaches the server', async () => {
      const ctx = await context(browser, origin, cookies);
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('dialog', (d) => void d.accept('https://example.com/news'));
      await page.goto(`${origin}/member/articles/new`);
      await page.locator('.rte-area').waitFor({ state: 'visible' });
      assert.equal(await page.locator('.rte-toolbar button').count(), 8, 'bold … link, 分页 and 插入图片');
      assert.equal(await page.locator('#f-body').isVisible(), false, 'the textarea is hidden behind the editor');
      await page.fill('#f-title', '浏览器里写的投稿');
      await page.selectOption('#f-category', 'local');
      await page.click('.rte-area');
      await page.keyboard.type('加粗的文字');
      await page.keyboard.press('Shift+Home');
      await page.click('.rte-bold');
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.click('.rte-heading');
      await page.keyboard.type('小标题');
      await page.keyboard.press('Enter');
      await page.keyboard.type('链接文字');
      await page.keyboard.press('Shift+Home');
      await page.click('.rte-link');
      await page.screenshot({ path: path.join(ARTIFACTS, 'submission-editor.png'), fullPage: true });
      await Promise.all([page.waitForURL(/\/member\/articles\/\?ok=published/), page.click('button[value="submit"]')]);
      const list = await z.articles.list({}, 5);
      const a = await z.articles.getAny(list[0]?.id ?? 0);
      assert.ok(a, 'the article was published');
      assert.match(a.body, /<(b|strong)>加粗的文字<\/(b|strong)>/);
      assert.match(a.body, /<h2>(<b>)?小标题(<\/b>)?<\/h2>/);
      assert.match(a.body, /<a href="https:\/\/example\.com\/news" rel="nofollow ugc noopener">链接文字<\/a>/);
      assert.deepEqual(errors, []);
      await ctx.close();
    });

    await t.test('without JavaScript the textarea takes plain paragraphs', async () => {
      z.clock.advance(61_000); // the member group's minimum interval between submissions
      const ctx = await context(browser, origin, cookies, false);
      const page = await ctx.newPage();
      await page.goto(`${origin}/member/articles/new`);
      assert.equal(await page.locator('#f-body').isVisible(), true);
      await page.fill('#f-title', '没有脚本也能投稿');
      await page.selectOption('#f-category', 'local');
      await page.fill('#f-body', '第一段。\n\n第二段。');
      await Promise.all([page.waitForURL(/ok=published/), page.click('button[value="submit"]')]);
      const a = await z.articles.getAny((await z.articles.list({}, 1))[0]?.id ?? 0);
      assert.equal(a?.title, '没有脚本也能投稿');
      assert.equal(a?.body, '<p>第一段。</p>\n<p>第二段。</p>');
      await ctx.close();
    });

    await t.test('插入图片 uploads a picture into the body and 分页 inserts a page break', async () => {
      z.clock.advance(61_000);
      const ctx = await context(browser, origin, cookies);
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${origin}/member/articles/new`);
      await page.locator('.rte-area').waitFor({ state: 'visible' });
      await page.fill('#f-title', '带图片和分页的投稿');
      await page.selectOption('#f-category', 'local');
      await page.click('.rte-area');
      await page.keyboard.type('第一页。');
      const png = await sharp({ create: { width: 1600, height: 800, channels: 3, background: '#36c' } })
        .png()
        .toBuffer();
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('.rte-image')]);
      await chooser.setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
      await page.locator('.rte-area img').waitFor({ state: 'attached' });
      await page.click('.rte-pagebreak');
      await page.keyboard.type('第二页。');
      await page.screenshot({ path: path.join(ARTIFACTS, 'submission-editor-image.png'), fullPage: true });
      await Promise.all([page.waitForURL(/ok=published/), page.click('button[value="submit"]')]);
      const a = await z.articles.getAny((await z.articles.list({}, 1))[0]?.id ?? 0);
      assert.equal(a?.title, '带图片和分页的投稿');
      assert.match(a?.body ?? '', /<img src="\/uploads\/images\/\d{4}\/\d{2}\/[0-9a-f]{18}\.png" alt="" width="1200" height="600" \/>/);
      assert.match(a?.body ?? '', /<hr class="pagebreak" \/>[\s\S]*第二页。/);
      assert.deepEqual(errors, []);
      await ctx.close();
    });

    await t.test('插入图片 after the session lapsed or with a stale page says what to do, not a parser error', async () => {
      const ctx = await context(browser, origin, cookies);
      const page = await ctx.newPage();
      await page.goto(`${origin}/member/articles/new`);
      await page.locator('.rte-area').waitFor({ state: 'visible' });
      await page.click('.rte-area');
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#36c' } })
        .png()
        .toBuffer();
      type Status = { document: { querySelector(s: string): { textContent: string } | null } };
      const upload = async (expect: RegExp) => {
        await page.evaluate(() => void ((globalThis as unknown as Status).document.querySelector('.rte-status')!.textContent = ''));
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('.rte-image')]);
        await chooser.setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
        await page.waitForFunction(() => /失败/.test((globalThis as unknown as Status).document.querySelector('.rte-status')?.textContent ?? ''));
        const text = (await page.locator('.rte-status').textContent()) ?? '';
        assert.match(text, expect);
        assert.ok(!/Unexpected token|JSON/.test(text), text);
      };
      // A stale form token: the server's 403 is an HTML page.
      await page.route(`${origin}/member/articles/images`, (route) =>
        route.continue({ headers: { ...route.request().headers(), 'x-csrf-token': 'stale-token-stale-token' } }),
      );
      await upload(/页面已过期，请刷新后重试/);
      await page.unroute(`${origin}/member/articles/images`);
      // The session is gone (log-in cookie removed, the form token kept). A response that is the log-in
      // page (the redirect a request not asking for JSON gets, followed by the browser) says so…
      await ctx.clearCookies();
      await ctx.addCookies(cookies.filter((c) => c.name !== 'zx_sid').map((c) => ({ ...c, url: origin })));
      await page.route(`${origin}/member/articles/images`, (route) => route.continue({ headers: { ...route.request().headers(), accept: 'text/html' } }));
      await upload(/登录已过期，请重新登录后再上传/);
      await page.unroute(`${origin}/member/articles/images`);
      // …and so does the server's 401 JSON answer to editor.js.
      await upload(/登录已过期，请重新登录后再上传/);
      await ctx.close();
    });

    await t.test('markup typed into the textarea is shown again after an error but never runs', async () => {
      // Without JavaScript, send a body with script vectors and no title: the form comes back (422).
      const nojs = await context(browser, origin, cookies, false);
      const p1 = await nojs.newPage();
      await p1.goto(`${origin}/member/articles/new`);
      await p1.fill('#f-body', '<p>文字</p><img src="x" onerror="window.__xss=1"><svg onload="window.__xss=2"></svg><script>window.__xss=3</script>');
      await Promise.all([p1.waitForLoadState(), p1.click('button[value="submit"]')]);
      const html = await p1.content();
      assert.ok(html.includes('请填写标题'));
      await nojs.close();
      // Show that page with JavaScript on: the editor loads the textarea's markup without running it.
      const ctx = await context(browser, origin, cookies);
      const page = await ctx.newPage();
      await page.route(`${origin}/xss-check`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await page.goto(`${origin}/xss-check`);
      await page.locator('.rte-area').waitFor({ state: 'visible' });
      await page.waitForTimeout(300);
      const state = await page.evaluate(() => {
        const w = globalThis as unknown as PageGlobals;
        return { xss: w.__xss, body: w.document.querySelector('#f-body')?.value ?? '' };
      });
      assert.equal(state.xss, undefined, 'no vector ran');
      assert.equal(await page.locator('.rte-area img, .rte-area svg, .rte-area script').count(), 0, 'the editor dropped them');
      assert.ok(!/onerror|onload|<script/i.test(state.body), `the textarea gets clean HTML back: ${state.body}`);
      await ctx.close();
    });
  });
});
