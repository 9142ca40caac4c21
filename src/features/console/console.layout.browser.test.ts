// The admin console at desktop (1280 px) and tablet (768 px) widths in Chromium: 广告管理 and 评论管理 fit their
// box (no page-wide horizontal scroll; the ads table scrolls only inside its own box, if at all), the menu
// wraps into rows with the current page in view, and 删除 of a comment asks first.
// Screenshots go to test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { launchBrowser, listen, newPage, shot, signIn, skipWithoutChromium } from '../../test/browser.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

test('广告管理 and 评论管理 fit the console at 1280 and 768 px, the menu wraps, comment 删除 is confirmed', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = (await loginAs(z, 'console_admin', 'admin')).member!;
  const member = (await loginAs(z, 'a_member_with_a_rather_long_name')).member!;
  const pos = await z.ads.savePosition(
    undefined,
    { code: 'article-links', name: '文章下方文字链广告位', width: '640', height: '30', kind: 'text', pricePerDay: '10', capacity: '3', active: '1' },
    admin,
    '',
  );
  const now = z.clock.now().toISOString();
  for (let i = 0; i < 4; i++)
    await z.dbh.db
      .insertInto('ads')
      .values({
        position_id: pos.id,
        kind: 'text',
        title: `青川老字号糕点礼盒限时优惠活动第${i + 1}期，欢迎选购`,
        target_url: `https://www.example.com/a/very/long/path/to/the/advertiser/landing-page-${i}?utm_source=qingchuan&utm_medium=text`,
        starts_on: '2026-11-27',
        ends_on: '2026-12-26',
        days: 30,
        member_id: i % 2 ? member.id : null,
        created_by: i % 2 ? member.id : admin.id,
        price: i % 2 ? 300 : 0,
        status: 'approved',
        reviewed_by: admin.id,
        reviewed_at: now,
        impressions: 123456,
        clicks: 7890,
        created_at: now,
        updated_at: now,
      })
      .execute();
  const cat = await makeCategory(z, { slug: 'local', name: '本地' });
  const article = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车，市民可免费通行一个月' });
  for (let i = 0; i < 3; i++)
    await z.dbh.db
      .insertInto('comments')
      .values({
        article_id: article.id,
        member_id: null,
        nickname: `网友${i}`,
        body: '这座桥修得真快，'.repeat(12),
        floor: i + 1,
        parent_id: null,
        status: 'visible',
        ip: '203.0.113.7',
        created_at: now,
      })
      .execute();

  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { ctx, page } = await newPage(browser);
  await signIn(ctx, z, origin, admin.id);

  /** Runs in the page: how far the document and a table's scroll box (`.table-wrap`) are wider than they show. */
  const fit = async (sel: string) =>
    (await page.evaluate(`(() => {
      const box = document.querySelector(${JSON.stringify(sel)})?.closest('.table-wrap');
      const main = document.querySelector('.console-main').getBoundingClientRect();
      return {
        page: document.documentElement.scrollWidth - window.innerWidth,
        box: box ? box.scrollWidth - box.clientWidth : -1,
        inMain: box ? box.getBoundingClientRect().right <= main.right + 0.5 : false,
      };
    })()`)) as { page: number; box: number; inMain: boolean };
  /** Runs in the page: the menu's sideways overflow, and whether the current entry is on screen. */
  const MENU = `(() => {
    const n = document.querySelector('.console-nav');
    const cur = n.querySelector('a.current').getBoundingClientRect();
    return { over: n.scrollWidth - n.clientWidth, inView: cur.left >= 0 && cur.right <= window.innerWidth && cur.top >= 0 };
  })()`;

  for (const width of [1280, 768]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${origin}/admin/ads/`);
    const ads = await fit('table.admin-ads');
    assert.ok(ads.page <= 0, `${width}px: 广告管理 does not widen the page (${ads.page}px over)`);
    assert.ok(ads.inMain, `${width}px: the ads table's box stays inside the work area`);
    if (width === 1280) assert.ok(ads.box <= 0, `1280px: the ads table fits its box (${ads.box}px over)`);
    assert.ok(await page.locator('table.admin-ads th', { hasText: '操作' }).isVisible());
    // 停用's reason form opens under its button, inside the box.
    await page.locator('.stop-details summary').first().click();
    assert.ok(await page.locator('.stop-details[open] input[name="reason"]').first().isVisible());
    assert.ok((await fit('table.admin-ads')).page <= 0, `${width}px: the open 停用 form does not widen the page`);
    await shot(page, `console-ads-${width}`);

    await page.goto(`${origin}/admin/comments/`);
    const comments = await fit('table.admin-comments');
    assert.ok(comments.page <= 0 && comments.box <= 0, `${width}px: 评论管理 fits (${JSON.stringify(comments)})`);
    // The filter is one row of fields, not four full-width boxes.
    const tops = await Promise.all(
      (await page.locator('.filter-form input[type="text"], .filter-form input[type="search"]').all()).map(async (l) =>
        Math.round((await l.boundingBox())?.y ?? -1),
      ),
    );
    assert.equal(new Set(tops).size, 1, `${width}px: the filter fields share a row`);
    // The menu: no sideways scrolling, the current page in view.
    const nav = (await page.evaluate(MENU)) as { over: number; inView: boolean };
    assert.ok(nav.over <= 0 && nav.inView, `${width}px: menu ${JSON.stringify(nav)}`);
    await shot(page, `console-comments-${width}`);
  }

  // 删除 asks first; cancelling keeps the comment, confirming deletes it.
  const messages: string[] = [];
  let accept = false;
  page.on('dialog', (d) => {
    messages.push(d.message());
    void (accept ? d.accept() : d.dismiss());
  });
  const firstDelete = page.locator('table.admin-comments button.danger').first();
  await firstDelete.click();
  assert.match(messages[0] ?? '', /确定删除这条评论吗/);
  assert.equal(await page.locator('table.admin-comments .status-visible').count(), 3, 'cancelled: nothing deleted');
  accept = true;
  await Promise.all([page.waitForURL(/\/admin\/comments\//), firstDelete.click()]);
  await page.waitForLoadState('load');
  assert.equal(await page.locator('table.admin-comments .status-visible').count(), 2, 'confirmed: one comment deleted');
});
