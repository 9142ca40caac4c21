// The community features in a real browser (Debian's Chromium via playwright-core): on the cached article
// page a logged-in member favorites in place, comments, likes in place and replies with the quote filled
// in by public/community.js. Screenshots go to test-artifacts/.
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

function watchProblems(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().startsWith(origin) && r.status() >= 400) problems.push(`${r.status()} for ${r.url().slice(origin.length)}`);
  });
  return problems;
}

test('a member favorites, comments, likes and replies on the cached article page', { skip }, async () => {
  const z = await createTestApp();
  let browser: Browser | undefined;
  try {
    await z.settings.update({ guestComments: true });
    const cat = await makeCategory(z, { slug: 'local', name: '本地' });
    const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
    const alice = await z.members.create({ username: 'alice', password: 'correct-horse-42' });
    await z.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
    await z.app.inject(`/news/${a.id}.html`); // the page is cached before the member arrives

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const token = await z.auth.store.create(alice.id, { ip: '127.0.0.1', userAgent: 'browser' }, 3600_000);
    await ctx.addCookies([
      { name: 'zx_sid', value: token, url: origin },
      { name: 'zx_in', value: '1', url: origin },
    ]);
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    const problems = watchProblems(page, origin);
    fs.mkdirSync(ARTIFACTS, { recursive: true });

    await page.goto(`${origin}/news/${a.id}.html`);
    // The script fetched this reader's state, which also gave the page a CSRF token for its forms.
    await page.waitForFunction(`document.querySelector('#comment-form input[name=_csrf]').value !== ''`);
    assert.equal(await page.locator('#comment-form input[name=nickname]').isVisible(), false, 'a member is not asked for a nickname');

    await page.locator('.action-bar a.favorite').click();
    await page.waitForFunction(`document.querySelector('.action-bar a.favorite').getAttribute('aria-pressed') === 'true'`);
    assert.equal((await page.locator('.action-bar a.favorite').innerText()).replace(/\s+/g, ' ').trim(), '已收藏 1');
    assert.equal(new URL(page.url()).pathname, `/news/${a.id}.html`, 'no page load');
    assert.equal((await z.articles.getAny(a.id))!.favoriteCount, 1);

    await page.locator('#comment-form textarea[name=body]').fill('大桥修得真快，<b>点赞</b>！');
    await Promise.all([page.waitForURL(`**/news/${a.id}/comments*`), page.locator('#comment-form button[type=submit]').click()]);
    const item = page.locator('.comment-list li.comment').first();
    assert.equal((await item.locator('.c-body').innerText()).trim(), '大桥修得真快，<b>点赞</b>！', 'shown as typed, as text');
    await shot(page, 'community-1-comments');

    // 顶 is for others' comments: bob answers, and alice likes his comment in place.
    z.clock.advance(20_000);
    const bob = await z.members.create({ username: 'bob' });
    const bobs = await z.comments.post({ articleId: a.id, member: bob, ip: '10.0.0.2', fields: { body: '我也去看了' } });
    await page.reload();
    await page.locator('.comment-list li.comment').first().locator('button.like').click();
    await page.waitForFunction(`document.querySelector('.comment-list li.comment button.like .n').textContent === '1'`);
    assert.equal((await z.comments.get(bobs.id))!.likes, 1);

    await page.locator('.comment-list li.comment').nth(1).locator('a.reply').click();
    assert.ok(await page.locator('#comment-form [data-replying]').isVisible(), 'the form says which comment it answers');
    assert.match(await page.locator('#comment-form [data-replying]').innerText(), /回复 1楼 alice/);
    z.clock.advance(20_000);
    await page.locator('#comment-form textarea[name=body]').fill('补充一句：晚上灯光也很好看');
    await Promise.all([page.waitForURL(`**/news/${a.id}/comments*`), page.locator('#comment-form button[type=submit]').click()]);
    const reply = page.locator('.comment-list li.comment').first();
    assert.match(await reply.locator('.c-quote').innerText(), /引用 1楼 alice 的评论：\s*大桥修得真快/);
    await shot(page, 'community-2-reply');

    // Browsers may keep a public page for a minute (Cache-Control); a reload revalidates it (ETag).
    await page.goto(`${origin}/news/${a.id}.html`);
    await page.reload();
    await page.waitForFunction(`document.querySelector('.action-bar a.favorite').getAttribute('aria-pressed') === 'true'`);
    assert.match(await page.locator('section.comments').innerText(), /2楼[\s\S]*1楼/);
    await shot(page, 'community-3-article');
    assert.deepEqual(problems, [], 'no broken resources or script errors');
  } finally {
    await browser?.close();
    await z.close();
  }
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

test('XSS vectors in comments and nicknames never run, on any page that shows them', { skip }, async () => {
  const z = await createTestApp();
  let browser: Browser | undefined;
  try {
    await z.settings.update({ guestComments: true });
    const cat = await makeCategory(z, { slug: 'local', name: '本地' });
    const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
    const vectors = [
      '<script>window.__xss=1</script>',
      '<img src=x onerror="window.__xss=1">',
      '<svg onload="window.__xss=1">',
      '"><iframe src="javascript:window.top.__xss=1">',
      '<a href="javascript:window.__xss=1">点我</a>',
      '&#60;script&#62;window.__xss=1&#60;/script&#62;',
      '\u003cscript\u003ewindow.__xss=1\u003c/script\u003e',
    ];
    const writer = await z.members.create({ username: 'writer', password: 'correct-horse-42' });
    let parent: number | undefined;
    for (const [i, v] of vectors.entries()) {
      const r = await z.comments.post({ articleId: a.id, member: undefined, ip: `10.0.0.${i}`, fields: { body: v, nickname: `n${i}${v}`.slice(0, 20) } });
      parent ??= r.id;
      await z.comments.post({ articleId: a.id, member: writer, ip: '10.0.1.1', fields: { body: `回复${v}`, parent: String(parent) } }).catch(() => undefined);
      z.clock.advance(20_000);
    }
    const editor = await z.members.create({ username: 'bianji', role: 'editor' });
    await z.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(z.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    for (const [who, id] of [
      ['writer', writer.id],
      ['editor', editor.id],
    ] as const) {
      const ctx = await browser.newContext();
      await ctx.addCookies([{ name: 'zx_sid', value: await z.auth.store.create(id, { ip: '127.0.0.1', userAgent: 'b' }, 3600_000), url: origin }]);
      const page = await ctx.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const urls =
        who === 'editor'
          ? ['/admin/comments/']
          : [`/news/${a.id}.html`, `/mobile/news/${a.id}.html`, `/news/${a.id}/comments?order=oldest`, `/mobile/news/${a.id}/comments`, '/member/comments/'];
      for (const u of urls) {
        const res = await page.goto(origin + u);
        assert.equal(res?.status(), 200, u);
        await page.waitForLoadState('load');
        assert.equal(await page.evaluate('window.__xss'), undefined, `${u}: a vector ran`);
        assert.ok((await page.locator('body').innerText()).includes('window.__xss=1'), `${u}: the vectors show as text`);
        assert.equal(
          await page.locator('main script:not([src^="/static/"]), main img[src=x], main svg, main iframe, main a[href^="javascript:"]').count(),
          0,
          `${u}: a vector became markup`,
        );
      }
      assert.deepEqual(dialogs, []);
      await ctx.close();
    }
  } finally {
    await browser?.close();
    await z.close();
  }
});
