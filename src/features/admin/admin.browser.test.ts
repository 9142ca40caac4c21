// An admin's walk through the console in Chromium with JavaScript switched off (the console must work
// without it): dashboard → articles → edit (a bad save, then a good one) → settings, whose ICP number then
// shows in the public footer; and the same pages on a phone, which must not scroll sideways.
// Screenshots go to test-artifacts/admin-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, requireOrSkip, ROOT, type TestApp } from '../../test/app.ts';
import { seedDemoIfEmpty } from '../../cli/demo.ts';
import { TEST_PASSWORD } from '../../test/session.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const skip = requireOrSkip('Chromium', fs.existsSync(CHROMIUM));

interface BrowserWindow {
  innerWidth: number;
  document: { documentElement: { scrollWidth: number } };
}

function watchProblems(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('response', (r) => {
    const url = r.url();
    // Console pages link to sections other engineers build; only our own files must load.
    if (url.startsWith(origin) && r.status() >= 400 && r.request().resourceType() !== 'document')
      problems.push(`${r.status()} for ${url.slice(origin.length)}`);
  });
  return problems;
}

async function fitsScreen(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => {
    const w = globalThis as unknown as BrowserWindow;
    return { scrollWidth: w.document.documentElement.scrollWidth, innerWidth: w.innerWidth };
  });
  const screen = page.viewportSize()?.width ?? innerWidth;
  assert.ok(scrollWidth <= screen && innerWidth <= screen, `${page.url()}: ${Math.max(scrollWidth, innerWidth)}px wide on a ${screen}px screen`);
}

/** Screenshots are for people to look at; Chromium under load sometimes refuses one, so try again. */
async function shot(page: Page, name: string, fullPage: boolean): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
      return;
    } catch (e) {
      if (i >= 2) throw e;
      await page.waitForTimeout(300);
    }
  }
}

async function withConsole(fn: (origin: string, browser: Browser, z: TestApp, cookies: Array<{ name: string; value: string; url: string }>) => Promise<void>) {
  let z: TestApp | undefined;
  let browser: Browser | undefined;
  try {
    z = await createTestApp();
    await seedDemoIfEmpty(z);
    const admin = await z.members.create({ username: 'chief', role: 'admin', password: TEST_PASSWORD, email: 'chief@example.com' });
    const token = await z.auth.store.create(admin.id, { ip: '127.0.0.1', userAgent: 'browser' }, 24 * 3600_000);
    await z.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'] });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await fn(origin, browser, z, [{ name: 'zx_sid', value: token, url: origin }]);
  } finally {
    await browser?.close();
    await z?.close();
  }
}

test('an admin works in the console without JavaScript, on a desktop and on a phone', { skip }, async (t) => {
  await withConsole(async (origin, browser, z, cookies) => {
    await t.test('desktop', async () => {
      const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      await ctx.addCookies(cookies);
      const page = await ctx.newPage();
      const problems = watchProblems(page, origin);
      try {
        assert.equal((await page.goto(`${origin}/admin/`))?.status(), 200);
        assert.equal(await page.locator('.console-nav a.current').innerText(), '控制台');
        assert.ok((await page.locator('.stat-cards .stat').count()) >= 8);
        await shot(page, 'admin-1-dashboard', true);

        await page.click('.console-nav a[href="/admin/articles/"]');
        assert.ok((await page.locator('table.table tbody tr').count()) >= 10, 'articles are listed');
        await page.selectOption('select[name="status"]', 'published');
        await Promise.all([page.waitForLoadState('load'), page.click('form.filters button[type="submit"]')]);
        assert.match(page.url(), /status=published/);
        await shot(page, 'admin-2-articles', false);

        await page.locator('table.table tbody tr td.title a').first().click();
        assert.match(page.url(), /\/admin\/articles\/\d+\/edit$/);
        const id = Number(/articles\/(\d+)\//.exec(page.url())?.[1]);
        await page.fill('#f-title', '');
        await page.fill('#f-subtitle', '编辑补充的副标题');
        await page.click('form.form button[type="submit"].primary');
        assert.ok(await page.locator('.form-errors').isVisible(), 'the error summary shows');
        assert.equal(await page.locator('#e-title').innerText(), '标题不能为空');
        assert.equal(await page.inputValue('#f-subtitle'), '编辑补充的副标题', 'typed input is kept');
        await shot(page, 'admin-3-article-errors', false);
        await page.fill('#f-title', '编辑改过的标题');
        await page.click('form.form button[type="submit"].primary');
        assert.equal(await page.locator('.flash').innerText(), '已保存');
        assert.equal((await z.articles.getAny(id))?.title, '编辑改过的标题');

        await page.goto(`${origin}/admin/settings`);
        await page.fill('#f-icpNumber', '青ICP备12345678号-2');
        await page.click('.settings-form button[type="submit"]');
        assert.equal(await page.locator('.flash').innerText(), '已保存');
        await shot(page, 'admin-4-settings', true);
        await page.goto(`${origin}/`);
        assert.equal((await page.locator('footer .icp').innerText()).trim(), '青ICP备12345678号-2');
        assert.deepEqual(problems, []);
      } finally {
        await ctx.close();
      }
    });

    await t.test('phone', async () => {
      const ctx = await browser.newContext({
        javaScriptEnabled: false,
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
      });
      await ctx.addCookies(cookies);
      const page = await ctx.newPage();
      const problems = watchProblems(page, origin);
      try {
        for (const [url, name] of [
          ['/admin/', 'dashboard'],
          ['/admin/articles/', 'articles'],
          ['/admin/articles/1/edit', 'article-form'],
          ['/admin/categories/', 'categories'],
          ['/admin/settings', 'settings'],
          ['/admin/audit/', 'audit'],
        ] as const) {
          assert.equal((await page.goto(origin + url))?.status(), 200, url);
          await fitsScreen(page);
          await shot(page, `admin-phone-${name}`, false);
        }
        assert.deepEqual(problems, []);
      } finally {
        await ctx.close();
      }
    });
  });
});
