// A visitor's account in a real browser (Debian's Chromium driven by playwright-core): sign up → the
// member centre → the public header shows their name on a cached page → profile with hostile text,
// which must stay text → log out. Screenshots go to test-artifacts/ for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { createTestApp, requireOrSkip, ROOT } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const skip = requireOrSkip('Chromium', fs.existsSync(CHROMIUM));
const HOSTILE = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `members-${name}.png`), fullPage: true });
const xssFired = (page: Page) => page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss);

test('sign up, see my name on the public site, edit my profile, log out — in Chromium', { skip }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  t.after(() => browser.close());
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().startsWith(origin) && r.status() >= 400 && !r.url().endsWith('/member/me.json')) problems.push(`${r.status()} ${r.url()}`);
  });

  await page.goto(`${origin}/member/register`);
  const box = await page.locator('input[name="website"]').boundingBox();
  assert.ok(!box || box.x + box.width <= 0, 'the honeypot is off-screen for people');
  await page.fill('#f-username', 'xiaoli_2026');
  await page.fill('#f-password', 'qingchuan-2026');
  await page.fill('#f-confirm', 'qingchuan-2026');
  await page.fill('#f-email', 'xiaoli@example.com');
  await shot(page, 'register');
  z.clock.advance(5000); // a person takes a few seconds to fill the form
  await Promise.all([page.waitForURL(`${origin}/member/?welcome=new`), page.click('form.auth-form button[type="submit"]')]);
  assert.match(await page.locator('.member-home .welcome').innerText(), /xiaoli_2026，欢迎加入/);
  await shot(page, 'home');

  // The public home page is cached for everyone; site.js swaps the log-in links for my name.
  await page.goto(`${origin}/`);
  await page.locator('[data-member-bar] a[href="/member/"]').waitFor({ timeout: 5000 });
  assert.equal(await page.locator('[data-member-bar] a[href="/member/"]').innerText(), 'xiaoli_2026');
  assert.equal(await page.locator('[data-member-bar] a[href="/member/notifications/"]').innerText(), '站内信');
  assert.equal(await page.locator('[data-member-bar] a[href="/admin/"]').count(), 0, 'no 管理后台 link for a member');
  // On a 360 px phone the member's links get a row of their own: the name, 站内信 and 退出 all on screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${origin}/mobile/`);
  const out = page.locator('[data-member-bar] .member-bar-logout button');
  await out.waitFor({ timeout: 5000 });
  const outBox = (await out.boundingBox())!;
  assert.ok(outBox.x >= 0 && outBox.x + outBox.width <= 360, `退出 is on screen: ${JSON.stringify(outBox)}`);
  const logo = (await page.locator('.m-logo').boundingBox())!;
  assert.ok(logo.height < 40, `the site name stays on one line: ${logo.height}px`);
  await shot(page, 'phone-header');
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.goto(`${origin}/member/profile`);
  await page.fill('#f-displayName', HOSTILE.slice(0, 32));
  await page.fill('#f-bio', HOSTILE);
  await Promise.all([page.waitForURL(/\/member\/profile\?saved=1$/), page.click('.console-main button[type="submit"]')]);
  assert.equal(await page.inputValue('#f-bio'), HOSTILE, 'the bio comes back exactly as typed, as text');
  await shot(page, 'profile');
  await page.goto(`${origin}/member/`);
  assert.equal(await xssFired(page), undefined, 'nothing the member typed ran as script');

  // An admin looks at the member: still text.
  const admin = await loginAs(z, 'admin1', 'admin');
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addCookies([{ name: 'zx_sid', value: /zx_sid=([^;]+)/.exec(admin.cookie)![1]!, url: origin }]);
  const adminPage = await ctx.newPage();
  await adminPage.goto(`${origin}/admin/members/?q=xiaoli`);
  assert.equal(await xssFired(adminPage), undefined);
  await shot(adminPage, 'admin-list');
  await adminPage.click('table a[href^="/admin/members/"]');
  await adminPage.waitForURL(/\/admin\/members\/\d+$/);
  assert.equal(await xssFired(adminPage), undefined);
  await shot(adminPage, 'admin-member');

  // 退出 from the public header of a cached page (a POST form with the cookie's CSRF token).
  await page.goto(`${origin}/`);
  await page.locator('[data-member-bar] .member-bar-logout button').waitFor({ timeout: 5000 });
  assert.equal(await page.locator('[data-member-bar] .member-bar-logout button').innerText(), '退出');
  await Promise.all([page.waitForURL(`${origin}/`), page.click('[data-member-bar] .member-bar-logout button')]);
  assert.equal(
    (await page.context().cookies()).find((c) => c.name === 'zx_in'),
    undefined,
    'the hint cookie is gone',
  );
  assert.match(await page.locator('[data-member-bar]').innerText(), /登录/);
  assert.deepEqual(problems, []);
});
