// 添加文章 with the rich-text editor in Chromium (playwright-core): an editor makes text bold, uploads a
// picture into the body and inserts a page break with the toolbar, publishes, and the article is live
// with the picture on page 1 and a second page; without JavaScript the body is the plain textarea.
// 全选 in 文章管理 ticks every row. Screenshots go to test-artifacts/admin-editor-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import sharp from 'sharp';
import { createTestApp, requireOrSkip, ROOT, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const skip = requireOrSkip('Chromium', fs.existsSync(CHROMIUM));

type Cookie = { name: string; value: string };

async function withBrowser(fn: (z: TestApp, origin: string, browser: Browser, cookies: Cookie[]) => Promise<void>) {
  let z: TestApp | undefined;
  let browser: Browser | undefined;
  try {
    z = await createTestApp();
    await makeCategory(z, { slug: 'local', name: '本地' });
    const ed = await loginAs(z, 'desk', 'editor');
    await z.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const cookies = ed.cookie.split('; ').map((c) => {
      const [name, value] = c.split('=') as [string, string];
      return { name, value };
    });
    await fn(z, origin, browser, cookies);
  } finally {
    await browser?.close();
    await z?.close();
  }
}

async function context(browser: Browser, origin: string, cookies: Cookie[], javaScriptEnabled = true): Promise<BrowserContext> {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 }, javaScriptEnabled });
  await ctx.addCookies(cookies.map((c) => ({ ...c, url: origin })));
  return ctx;
}

test('staff write an article with the editor toolbar: bold, an uploaded picture, a page break; it publishes with two pages', { skip }, async (t) => {
  await withBrowser(async (z, origin, browser, cookies) => {
    await t.test('添加文章 with the toolbar', async () => {
      const ctx = await context(browser, origin, cookies);
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${origin}/admin/articles/new`);
      await page.locator('.rte-area').waitFor({ state: 'visible' });
      assert.ok(await page.locator('.rte-pagebreak').isVisible(), '分页 button');
      await page.fill('#f-title', '编辑部用工具栏写的文章');
      await page.selectOption('#f-category', 'local');
      await page.selectOption('#f-status', 'published');
      await page.click('.rte-area');
      await page.keyboard.type('第一页开头。');
      await page.click('.rte-bold');
      await page.keyboard.type('加粗的话');
      await page.click('.rte-bold');
      await page.keyboard.press('Enter');
      const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#c63' } })
        .png()
        .toBuffer();
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('.rte-image')]);
      await chooser.setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
      await page.locator('.rte-area img').waitFor({ state: 'attached' });
      await page.click('.rte-pagebreak');
      await page.keyboard.type('第二页的内容。');
      await page.screenshot({ path: path.join(ARTIFACTS, 'admin-editor-new.png'), fullPage: true });
      await Promise.all([page.waitForURL(/ok=created/), page.click('.form-actions button[type="submit"]')]);
      const id = Number(/articles\/(\d+)\/edit/.exec(page.url())?.[1]);
      const a = await z.articles.getAny(id);
      assert.equal(a?.status, 'published');
      assert.match(a?.body ?? '', /<(strong|b)>加粗的话<\/(strong|b)>/);
      assert.match(a?.body ?? '', /<img src="\/uploads\/images\/\d{4}\/\d{2}\/[0-9a-f]{18}\.png" alt="" width="900" height="600" \/>/);
      assert.match(a?.body ?? '', /<hr class="pagebreak" \/>[\s\S]*第二页的内容。/);

      const first = await page.goto(`${origin}/news/${id}.html`);
      assert.equal(first?.status(), 200);
      assert.ok((await page.locator('.article-body img[src^="/uploads/images/"]').count()) >= 1, 'the picture shows on page 1');
      assert.ok((await page.content()).includes(`/news/${id}_2.html`), 'page 1 links to page 2');
      const second = await page.goto(`${origin}/news/${id}_2.html`);
      assert.equal(second?.status(), 200);
      assert.ok((await page.content()).includes('第二页的内容。'));
      assert.deepEqual(errors, []);
      await ctx.close();
    });

    await t.test('without JavaScript the body is a plain textarea', async () => {
      const nojs = await context(browser, origin, cookies, false);
      const page = await nojs.newPage();
      await page.goto(`${origin}/admin/articles/new`);
      assert.ok(await page.locator('textarea#f-body').isVisible());
      assert.equal(await page.locator('.rte-area').count(), 0);
      await nojs.close();
    });

    await t.test('全选 ticks every row of 文章管理 and clears them again', async () => {
      for (const title of ['列表第一篇', '列表第二篇']) await makeArticle(z, { category: 'local', title });
      const ctx = await context(browser, origin, cookies);
      const page = await ctx.newPage();
      await page.goto(`${origin}/admin/articles/`);
      const all = page.locator('input.select-all');
      await all.waitFor({ state: 'visible' });
      await all.check();
      const rows = page.locator('tbody input[name="ids"]');
      const n = await rows.count();
      assert.ok(n >= 3);
      for (let i = 0; i < n; i++) assert.ok(await rows.nth(i).isChecked());
      await rows.nth(0).uncheck();
      assert.equal(await all.isChecked(), false, 'one row cleared: 全选 is no longer ticked');
      await all.check();
      await all.uncheck();
      for (let i = 0; i < n; i++) assert.equal(await rows.nth(i).isChecked(), false);
      await ctx.close();
    });
  });
});
