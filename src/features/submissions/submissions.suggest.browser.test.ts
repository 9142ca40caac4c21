// 推荐标签 in a real browser: a click on a suggestion adds it to the tags field, the refresh button
// asks the JSON endpoint without leaving the page, and without JavaScript the suggestions are text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { createTestApp, requireOrSkip, ROOT } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const skip = requireOrSkip('Chromium', fs.existsSync(CHROMIUM));

const BODY =
  '<p>市交通委员会昨天发布消息，地铁9号线二期工程将于2026年12月28日开通试运营。二期工程全长12.6公里，设车站8座。</p>' +
  '<p>开通后，从滨江新区到火车东站的通勤时间将由70分钟缩短至35分钟。地铁9号线二期采用全自动运行系统。</p>';

test('tag suggestions: click to add, refresh in place, plain text without JavaScript', { skip }, async () => {
  const z = await createTestApp();
  let browser: Browser | undefined;
  try {
    await makeCategory(z, { slug: 'local', name: '本地' });
    const alice = await loginAs(z, 'alice');
    const draft = await alice.post('/member/articles/new', {
      title: '地铁9号线二期年底开通',
      category: 'local',
      summary: '',
      body: BODY,
      tags: '',
      source: '',
      op: 'draft',
    });
    const id = /[?&]id=(\d+)/.exec(String(draft.headers.location))?.[1];
    assert.ok(id, 'draft saved');
    await z.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const cookies = alice.cookie.split('; ').map((c) => {
      const [name, value] = c.split('=') as [string, string];
      return { name, value, url: origin };
    });
    const open = async (javaScriptEnabled: boolean): Promise<BrowserContext> => {
      const ctx = await browser!.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 }, javaScriptEnabled });
      await ctx.addCookies(cookies);
      return ctx;
    };

    const ctx = await open(true);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/member/articles/${id}/edit`);
    const chip = page.locator('.tag-suggestions button[data-tag="地铁"]');
    await chip.waitFor({ state: 'visible' });
    await page.fill('#f-tags', '交通');
    await chip.click();
    assert.equal(await page.inputValue('#f-tags'), '交通, 地铁');
    assert.equal(await chip.getAttribute('aria-pressed'), 'true');
    await chip.click();
    assert.equal(await page.inputValue('#f-tags'), '交通, 地铁', 'a second click does not add it twice');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tag-suggestions.png'), fullPage: true });

    // Refresh: the endpoint answers for the title as typed now; the page does not reload.
    await page.fill('#f-title', '排雷联盟发布新版手册');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/member/articles/suggest-tags') && r.status() === 200),
      page.click('[data-suggest-refresh]'),
    ]);
    await page.locator('.tag-suggestions button[data-tag="手册"]').waitFor({ state: 'visible' });
    assert.equal(await page.inputValue('#f-title'), '排雷联盟发布新版手册', 'still the same page');
    assert.deepEqual(errors, []);
    await ctx.close();

    const nojs = await open(false);
    const p2 = await nojs.newPage();
    await p2.goto(`${origin}/member/articles/${id}/edit`);
    const text = await p2.locator('.tag-suggestions').innerText();
    assert.match(text, /推荐标签：.*地铁/s);
    await nojs.close();
  } finally {
    await browser?.close();
    await z.close();
  }
});
