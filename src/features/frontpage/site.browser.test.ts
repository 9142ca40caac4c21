// A reader's walk through the demo portal in a real browser (Debian's Chromium driven by playwright-core):
// home → a category from the nav → an article, on a desktop and on a phone. Screenshots go to
// test-artifacts/ so a person can look at what the pages really show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, requireOrSkip, ROOT, type TestApp } from '../../test/app.ts';
import { seedDemoIfEmpty } from '../../cli/demo.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const skip = requireOrSkip('Chromium', fs.existsSync(CHROMIUM));

const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/** Everything that went wrong on the page as a reader would notice it: script errors, missing files. */
function watchProblems(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().startsWith(origin) && r.status() >= 400) problems.push(`${r.status()} for ${r.url().slice(origin.length)}`);
  });
  page.on('requestfailed', (r) => {
    if (r.url().startsWith(origin)) problems.push(`request failed: ${r.url().slice(origin.length)} (${r.failure()?.errorText ?? '?'})`);
  });
  return problems;
}

async function assertVisible(page: Page, selector: string, what: string, text?: string | RegExp): Promise<void> {
  const loc = page.locator(selector).first();
  await loc.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => assert.fail(`${page.url()}: ${what} (${selector}) is not visible`));
  if (text !== undefined) {
    const got = (await loc.innerText()).replace(/\s+/g, ' ');
    if (typeof text === 'string') assert.ok(got.includes(text), `${page.url()}: ${what} should read "${text}", reads "${got.slice(0, 120)}"`);
    else assert.match(got, text, `${page.url()}: ${what}`);
  }
}

async function assertFooter(page: Page): Promise<void> {
  await assertVisible(page, 'footer.site-footer', 'footer');
  const links = page.locator('footer.site-footer .footer-links a');
  assert.ok((await links.count()) >= 3, `${page.url()}: footer has ${await links.count()} links`);
  for (const label of await links.allInnerTexts()) assert.ok(label.trim().length > 0, `${page.url()}: an empty footer link`);
  await assertVisible(page, 'footer.site-footer .icp', 'ICP number', /ICP备/);
}

/** The few browser globals the page scripts below touch (the project's tsconfig has no DOM lib). */
interface BrowserElement {
  tagName: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number };
}
interface BrowserWindow {
  innerWidth: number;
  document: { documentElement: { scrollWidth: number }; querySelectorAll(selector: string): ArrayLike<BrowserElement> };
}

async function assertNoHorizontalOverflow(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => {
    const w = globalThis as unknown as BrowserWindow;
    return { scrollWidth: w.document.documentElement.scrollWidth, innerWidth: w.innerWidth };
  });
  // A phone (isMobile) zooms out to fit content wider than the screen, and innerWidth grows with it; so
  // compare with the screen's own width too, or a 560px-wide page would pass as 'fits in 560px'.
  const screen = page.viewportSize()?.width ?? innerWidth;
  if (scrollWidth > innerWidth || innerWidth > screen) {
    // Name the widest offenders so the failure says what to fix.
    const wide = await page.evaluate((limit) => {
      const w = globalThis as unknown as BrowserWindow;
      const out: string[] = [];
      for (const el of Array.from(w.document.querySelectorAll('body *'))) {
        const r = el.getBoundingClientRect();
        if (r.right > limit + 1 && out.length < 5)
          out.push(`${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').replace(/\s+/g, '.')} right=${Math.round(r.right)}`);
      }
      return out;
    }, screen);
    assert.fail(
      `${page.url()}: page is ${Math.max(scrollWidth, innerWidth)}px wide on a ${screen}px screen (scrolls sideways or zooms out): ${wide.join('; ')}`,
    );
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Click a link and wait for the page it leads to; returns the href clicked. */
async function follow(page: Page, selector: string, what: string): Promise<{ href: string; label: string }> {
  const link = page.locator(selector).first();
  await link.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => assert.fail(`${page.url()}: no visible ${what} (${selector})`));
  const href = (await link.getAttribute('href')) ?? '';
  const label = (await link.innerText()).trim();
  await Promise.all([page.waitForURL((u) => u.pathname === new URL(href, page.url()).pathname), link.click()]);
  await page.waitForLoadState('load');
  return { href, label };
}

async function checkArticle(page: Page, category: string, mobile: boolean): Promise<void> {
  await assertVisible(page, 'article.article h1', 'article title');
  assert.ok((await page.locator('article.article h1').innerText()).trim().length > 4, 'article title is empty');
  await assertVisible(page, 'nav.breadcrumb', 'breadcrumb', category);
  await assertVisible(page, '.article-meta time', 'publication date');
  await assertVisible(page, '.summary-box', '核心提示 box', '核心提示');
  await assertVisible(page, '.article-body p', 'article body');
  for (const [cls, label] of [
    ['report', '举报'],
    ['favorite', '收藏'],
    ['tip', '打赏'],
    ['comment', '评论'],
  ] as const) {
    await assertVisible(page, `.action-bar a.${cls}`, `action bar ${label}`, label);
  }
  await assertVisible(page, 'section.related', '相关文章', '相关文章');
  assert.ok((await page.locator('section.related a[href*="/news/"]').count()) > 0, '相关文章 lists no article');
  await assertVisible(page, 'section.latest', '最新文章', '最新文章');
  await assertVisible(page, 'section.hot', '点击排行', '点击排行');
  assert.ok((await page.locator('section.hot a[href*="/news/"]').count()) > 0, '点击排行 lists no article');
  await assertVisible(page, 'section.comments', '相关评论', '相关评论');
  await assertFooter(page);
  // Every link in the article body area points somewhere of the right layout.
  const prefix = mobile ? '/mobile/news/' : '/news/';
  for (const href of await page.locator('section.related a[href*="/news/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
    assert.ok(href.startsWith(prefix), `相关文章 link ${href} leaves the ${mobile ? 'mobile' : 'desktop'} site`);
  }
}

async function withApp(fn: (origin: string, browser: Browser) => Promise<void>): Promise<void> {
  let z: TestApp | undefined;
  let browser: Browser | undefined;
  try {
    z = await createTestApp();
    const demo = await seedDemoIfEmpty(z);
    assert.ok(demo && demo.articles > 0, 'demo content was created');
    await z.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await fn(origin, browser);
  } finally {
    await browser?.close();
    await z?.close();
  }
}

async function newPage(browser: Browser, opts: Parameters<Browser['newContext']>[0]): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...opts });
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  return { ctx, page };
}

test('a reader walks home → category → article on a desktop and on a phone', { skip }, async (t) => {
  await withApp(async (origin, browser) => {
    await t.test('desktop 1366x900', async () => {
      const { ctx, page } = await newPage(browser, { viewport: { width: 1366, height: 900 }, userAgent: DESKTOP_UA });
      try {
        const problems = watchProblems(page, origin);
        const home = await page.goto(origin + '/');
        assert.equal(home?.status(), 200, 'home page status');
        await assertVisible(page, 'header.site-header .logo', 'site logo or name');
        await assertVisible(page, 'nav.main-nav a[href^="/category/"]', 'category links in the nav');
        assert.ok((await page.locator('main a[href^="/news/"]').count()) >= 10, 'home lists at least 10 articles');
        await assertVisible(page, 'section.hot', '点击排行', '点击排行');
        await assertFooter(page);
        await shot(page, 'desktop-1-home');

        const cat = await follow(page, 'nav.main-nav a[href^="/category/"]', 'category link in the nav');
        assert.match(new URL(page.url()).pathname, /^\/category\/[a-z0-9-]+\/$/);
        await assertVisible(page, 'main h1', 'category heading', cat.label);
        await assertVisible(page, `nav.main-nav a.current`, 'current category in the nav', cat.label);
        assert.ok((await page.locator('.article-list h2 a[href^="/news/"]').count()) >= 3, 'category lists at least 3 articles');
        await assertFooter(page);
        await shot(page, 'desktop-2-category');

        const art = await follow(page, '.article-list h2 a[href^="/news/"]', 'article link in the category list');
        assert.match(new URL(page.url()).pathname, /^\/news\/\d+\.html$/);
        assert.equal((await page.locator('article.article h1').innerText()).trim(), art.label, 'the article opened is the one clicked');
        await checkArticle(page, cat.label, false);
        await shot(page, 'desktop-3-article');
        assert.deepEqual(problems, [], 'no broken resources or script errors');
      } finally {
        await ctx.close();
      }
    });

    await t.test('phone 390x844 (mobile pages)', async () => {
      const { ctx, page } = await newPage(browser, {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        userAgent: PHONE_UA,
      });
      try {
        const problems = watchProblems(page, origin);
        const home = await page.goto(origin + '/mobile/');
        assert.equal(home?.status(), 200, 'mobile home page status');
        await assertVisible(page, 'header.m-header .m-logo', 'site name');
        await assertVisible(page, 'nav.m-nav a[href^="/mobile/category/"]', 'category links in the nav');
        assert.ok((await page.locator('main a[href^="/mobile/news/"]').count()) >= 10, 'mobile home lists at least 10 articles');
        assert.equal(await page.locator('main a[href^="/news/"]').count(), 0, 'mobile home links no desktop article');
        await assertFooter(page);
        await assertNoHorizontalOverflow(page);
        await shot(page, 'phone-1-home');

        const cat = await follow(page, 'nav.m-nav a[href^="/mobile/category/"]', 'category link in the nav');
        assert.match(new URL(page.url()).pathname, /^\/mobile\/category\/[a-z0-9-]+\/$/);
        await assertVisible(page, 'main h1', 'category heading', cat.label);
        assert.ok((await page.locator('.article-list h2 a[href^="/mobile/news/"]').count()) >= 3, 'category lists at least 3 articles');
        await assertFooter(page);
        await assertNoHorizontalOverflow(page);
        await shot(page, 'phone-2-category');

        const art = await follow(page, '.article-list h2 a[href^="/mobile/news/"]', 'article link in the category list');
        assert.match(new URL(page.url()).pathname, /^\/mobile\/news\/\d+\.html$/);
        assert.equal((await page.locator('article.article h1').innerText()).trim(), art.label, 'the article opened is the one clicked');
        await checkArticle(page, cat.label, true);
        await assertNoHorizontalOverflow(page);
        await shot(page, 'phone-3-article');
        assert.deepEqual(problems, [], 'no broken resources or script errors');
      } finally {
        await ctx.close();
      }
    });
  });
});
