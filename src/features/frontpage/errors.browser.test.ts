// The 404 and 403 pages are the site's pages too: a logged-in member sees their name in the header there,
// as on every other page (public/site.js swaps the log-in links after asking /member/me.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { createTestApp, requireOrSkip } from '../../test/app.ts';
import { loginAs, TEST_PASSWORD } from '../../test/session.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = requireOrSkip('Chromium', fs.existsSync(CHROMIUM));

test('404 and 403 pages show a logged-in member’s name in the header, not 登录 | 注册', { skip }, async (t) => {
  const z = await createTestApp({ pageCache: true });
  t.after(() => z.close());
  await loginAs(z, 'xiaoli', 'member');
  await z.app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  // The pages' own 404/403 statuses are reported as console errors; anything else is a problem.
  page.on('console', (m) => m.type() === 'error' && !/status of 40[34]/.test(m.text()) && problems.push(`console: ${m.text()}`));

  await page.goto(`${origin}/member/login`);
  await page.fill('input[name="username"]', 'xiaoli');
  await page.fill('input[name="password"]', TEST_PASSWORD);
  z.clock.advance(5000);
  await Promise.all([page.waitForURL(/\/member\/$/), page.click('form.auth-form button[type="submit"]')]);

  for (const [url, status] of [
    ['/no-such-page.html', 404],
    ['/news/999999.html', 404],
    ['/admin/', 403],
    ['/mobile/no-such-page.html', 404],
    ['/member/no-such-page', 404],
    ['/admin/no-such-page', 404],
    ['/admin/points/', 403],
    ['/tip/999999', 404],
    ['/mobile/news/999999.html', 404],
    ['/category/nope/', 404],
  ] as const) {
    const res = await page.goto(`${origin}${url}`);
    assert.equal(res?.status(), status, url);
    // The site's pages: site.js puts the name in the member bar. The console's 403 (a member in 管理后台): its own header.
    const bar = page.locator('[data-member-bar]').first();
    if (await bar.count())
      await page
        .locator('[data-member-bar] a[href="/member/"]')
        .waitFor({ timeout: 5000 })
        .catch(() => undefined);
    const text = (await bar.count()) ? await bar.innerText() : await page.locator('header').first().innerText();
    assert.ok(text.includes('xiaoli'), `${url}: the header names the member, reads "${text}"`);
    assert.ok(!/登录\s*\|\s*注册/.test(text), `${url}: no 登录 | 注册 for a member`);
  }
  assert.deepEqual(problems, []);
});
