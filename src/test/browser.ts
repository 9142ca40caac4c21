// Browser-test support: Debian's Chromium driven by playwright-core, the app listening on a random
// port, pages with the site's locale, screenshots in test-artifacts/. Every *.browser.test.ts used to
// carry its own copy of this; new browser tests use these instead.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { requireOrSkip, ROOT, type TestApp } from './app.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

/** Quiet, headless, no sandbox (containers), no calls home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/** Pass as `{ skip }` to node:test: a reason when Chromium is missing (a failure in CI, see requireOrSkip). */
export const skipWithoutChromium: string | false = requireOrSkip('Chromium', fs.existsSync(CHROMIUM));

export const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
export const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/** Context options for a desktop screen and for a phone (which gets the /mobile/ pages' real conditions). */
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1366, height: 900 }, userAgent: DESKTOP_UA };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: PHONE_UA,
};

export function launchBrowser(): Promise<Browser> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Starts the app on 127.0.0.1 and a free port; returns its origin (`http://127.0.0.1:<port>`). */
export async function listen(z: TestApp): Promise<string> {
  await z.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
}

/** A fresh context (own cookies) and one page in it: zh-CN, China time, a desktop screen unless told otherwise. */
export async function newPage(browser: Browser, opts: BrowserContextOptions = {}): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...DESKTOP, ...opts });
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  return { ctx, page };
}

/**
 * Logs a member in without the form (a session made directly in the store), as the log-in would:
 * the session cookie and the hint cookie that makes public/site.js ask who is reading a cached page.
 */
export async function signIn(ctx: BrowserContext, z: TestApp, origin: string, memberId: number): Promise<void> {
  const token = await z.auth.store.create(memberId, { ip: '127.0.0.1', userAgent: 'browser' }, 24 * 3600_000);
  await ctx.addCookies([
    { name: 'zx_sid', value: token, url: origin },
    { name: 'zx_in', value: '1', url: origin },
  ]);
}

/** Saves test-artifacts/<name>.png. Chromium under load sometimes refuses a screenshot, so it tries again. */
export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
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

/**
 * What went wrong on the page as a person would notice it: script errors and our own requests that
 * failed. `ignore` drops responses that are expected (e.g. a 422 form page the test provokes).
 */
export function watchProblems(page: Page, origin: string, ignore: (url: string, status: number) => boolean = () => false): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`script error on ${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    const url = r.url();
    if (url.startsWith(origin) && r.status() >= 400 && !ignore(url.slice(origin.length), r.status()))
      problems.push(`${r.status()} for ${url.slice(origin.length)}`);
  });
  page.on('requestfailed', (r) => {
    // ERR_ABORTED is the browser cancelling, never the server failing: a fetch or a stylesheet still in
    // flight when the test moves on to the next page. Server faults show as statuses above.
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
    if (r.url().startsWith(origin)) problems.push(`request failed: ${r.url().slice(origin.length)} (${r.failure()?.errorText ?? '?'})`);
  });
  return problems;
}

/** Clicks and waits for the page it leads to (a link or a form's submit button). */
export async function clickAndWait(page: Page, selector: string, url?: string | RegExp | ((u: URL) => boolean)): Promise<void> {
  const loc = page.locator(selector).first();
  await Promise.all([url === undefined ? page.waitForEvent('framenavigated', (f) => f === page.mainFrame()) : page.waitForURL(url), loc.click()]);
  await page.waitForLoadState('load');
}
