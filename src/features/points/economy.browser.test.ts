// Issue 5 §7, the points economy end to end in Chromium: an admin raises the sign-up reward → a visitor
// signs up and earns it → tips an author from the article page → redeems a gift in 积分换礼 → books a
// text link in 广告服务 → the admin ships the order and approves the ad → a reader sees the ad on the
// cached article page and clicks it, and the click is counted. The member's 积分明细 shows every move
// and the ledger verifies. Screenshots go to test-artifacts/economy-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { clickAndWait, launchBrowser, listen, newPage, shot, signIn, skipWithoutChromium as skip, watchProblems } from '../../test/browser.ts';

const text = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

test('earn points → tip → redeem a gift → book an ad → admin ships and approves → the ad shows and counts a click', { skip, timeout: 180_000 }, async (t) => {
  const z = await createTestApp({ pageCache: true });
  t.after(() => z.close());
  const admin = await z.members.create({ username: 'zhuguan', role: 'admin' });
  const cat = await makeCategory(z, { slug: 'local', name: '本地' });
  const article = await makeArticle(z, { category: cat.slug, title: '青川古镇灯会今晚开幕', author: 'jizhe_li' });
  const author = (await z.members.byUsername('jizhe_li'))!;
  await z.ads.savePosition(
    undefined,
    { code: 'article-links', name: '文章下方文字链', width: '640', height: '30', kind: 'text', pricePerDay: '20', capacity: '2', active: '1' },
    admin,
    '',
  );
  const gift = await z.mall.gifts.create(
    {
      name: '青川灯会纪念徽章',
      description: '灯会限定的珐琅徽章。',
      price: '300',
      stock: '5',
      perMemberLimit: '1',
      availableFrom: '',
      availableUntil: '',
      active: '1',
    },
    '',
    { actorId: admin.id, ip: '127.0.0.1' },
  );
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const ignore = (url: string, status: number) => url.startsWith('/member/me.json') && status === 401;

  // —— The admin raises the sign-up reward on the 积分规则 page.
  const staff = await newPage(browser);
  const staffProblems = watchProblems(staff.page, origin);
  await signIn(staff.ctx, z, origin, admin.id);
  await staff.page.goto(`${origin}/admin/points/rules`);
  await staff.page.fill('input[name="register.points"]', '1000');
  await staff.page.fill('input[name="register.cap"]', '1000');
  await clickAndWait(staff.page, 'form[action="/admin/points/rules"] button[type="submit"]');
  assert.equal(await staff.page.inputValue('input[name="register.points"]'), '1000');

  // —— A visitor signs up and earns the reward.
  const { page } = await newPage(browser);
  const problems = watchProblems(page, origin, ignore);
  await page.goto(`${origin}/member/register`);
  await page.fill('#f-username', 'denghui_fan');
  await page.fill('#f-password', 'qingchuan-2026');
  await page.fill('#f-confirm', 'qingchuan-2026');
  await page.fill('#f-email', 'fan@example.com');
  z.clock.advance(4000); // the form must have been open for a few seconds
  await clickAndWait(page, 'form.auth-form button[type="submit"]', `${origin}/member/?welcome=new`);
  const fan = (await z.members.byUsername('denghui_fan'))!;
  const earned = await z.points.balance(fan.id);
  assert.ok(earned >= 1000, `the sign-up reward was paid (balance ${earned})`);
  await page.goto(`${origin}/member/points/`);
  assert.match(await text(page, 'main'), /\+1000 注册奖励/);
  await shot(page, 'economy-01-earned');

  // —— Tips the author 50 points from the article page's action bar.
  await page.goto(`${origin}/news/${article.id}.html`);
  await clickAndWait(page, '.action-bar a.act.tip', `${origin}/tip/${article.id}`);
  await page.check('input[name="amount"][value="50"]');
  await clickAndWait(page, '.tip-form button[type="submit"]', new RegExp(`/news/${article.id}\\.html\\?tipped=\\d+#tips$`));
  assert.match(await text(page, '#tips'), /denghui_fan 打赏了 50 积分/);
  await shot(page, 'economy-02-tipped');

  // —— Redeems a gift, reached from the footer's 积分换礼 link.
  await clickAndWait(page, 'footer a[href="/mall/"]', `${origin}/mall/`);
  await clickAndWait(page, `a[href="/mall/${gift.id}"]`, `${origin}/mall/${gift.id}`);
  await clickAndWait(page, 'button:has-text("立即兑换")', (u) => u.pathname === `/mall/${gift.id}/redeem`);
  await page.fill('#f-quantity', '1');
  await page.fill('#f-contactName', '王灯');
  await page.fill('#f-phone', '13912345678');
  await page.fill('#f-address', '青川市古镇东街8号');
  await clickAndWait(page, 'button:has-text("确认兑换")', (u) => u.pathname === '/member/orders');
  assert.match(await text(page, '.my-orders'), /青川灯会纪念徽章[\s\S]*待发货/);

  // —— Books a three-day text link on the 广告服务 page.
  await page.goto(`${origin}/`);
  await clickAndWait(page, 'footer a[href="/ads/"]', `${origin}/ads/`);
  await page.selectOption('#f-position', 'article-links');
  await page.fill('#f-title', '古镇客栈 灯会期间八折');
  await page.fill('#f-targetUrl', `${origin}/guestbook/?from=ad`); // an advertiser's site; here, a page of ours
  await page.fill('#f-startsOn', '2026-11-27');
  await page.fill('#f-days', '3');
  await clickAndWait(page, '.ad-booking-form button[type="submit"]', /\/member\/ads\/\?ok=booked/);
  assert.match(await text(page, 'table.my-ads'), /待审核/);
  await shot(page, 'economy-03-booked');
  assert.equal(await z.points.balance(fan.id), earned - 50 - 300 - 60);

  // —— The admin ships the order and approves the ad.
  await staff.page.goto(`${origin}/admin/mall/orders`);
  await clickAndWait(staff.page, 'table.mall-admin-orders a');
  await staff.page.fill('#f-carrier', '顺丰速运');
  await staff.page.fill('#f-trackingNo', 'SF2026112701');
  await clickAndWait(staff.page, 'button:has-text("标记为已发货")');
  assert.match(await text(staff.page, '.flash'), /已标记为已发货/);
  await staff.page.goto(`${origin}/admin/ads/review`);
  await clickAndWait(staff.page, '.ad-review-item form[action$="/approve"] button', /done=approved/);
  await shot(staff.page, 'economy-04-approved');

  // —— A reader opens the (cached) article page: the ad fills its slot; the click goes through the signed redirect.
  const reader = await newPage(browser);
  const readerProblems = watchProblems(reader.page, origin);
  await reader.page.goto(`${origin}/news/${article.id}.html`);
  const res = await reader.page.goto(`${origin}/news/${article.id}.html`);
  assert.equal(res?.headers()['x-cache'], 'HIT', 'the ad does not take the page out of the cache');
  const ad = reader.page.locator('[data-ad-slot="article-links"] .ad-text a');
  await ad.waitFor();
  assert.equal(await ad.innerText(), '古镇客栈 灯会期间八折');
  assert.match((await ad.getAttribute('href')) ?? '', /^\/ads\/click\/\d+\?sig=/);
  await shot(reader.page, 'economy-05-ad-shown');
  const [popup] = await Promise.all([reader.ctx.waitForEvent('page'), ad.click()]);
  await popup.waitForLoadState();
  assert.equal(popup.url(), `${origin}/guestbook/?from=ad`);
  await z.ads.flushImpressions(); // clicks, like impressions, are counted in memory and written in batches
  const counted = await z.dbh.db.selectFrom('ads').select(['clicks']).where('title', '=', '古镇客栈 灯会期间八折').executeTakeFirstOrThrow();
  assert.equal(Number(counted.clicks), 1);

  // —— The member sees the tracking number and every move in 积分明细; the author got the tip's share.
  await page.goto(`${origin}/member/orders`);
  assert.match(await text(page, '.my-orders'), /已发货[\s\S]*SF2026112701/);
  await page.goto(`${origin}/member/points/`);
  const history = await text(page, 'main');
  for (const reason of ['注册奖励', '打赏', '积分换礼', '购买广告位']) assert.ok(history.includes(reason), `积分明细 lists ${reason}`);
  await shot(page, 'economy-06-history');
  assert.ok((await z.points.balance(author.id)) >= 40, 'the author received the share of the tip');

  // —— On a 360 px phone, 积分明细 and 我的订单 fit the screen: one card per row, each value under its column's name.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const [path, table] of [
    ['/member/points/', 'table.points-history'],
    ['/member/orders', 'table.my-orders'],
  ] as const) {
    await page.goto(`${origin}${path}`);
    const fit =
      await page.evaluate(`(() => ({ page: document.documentElement.scrollWidth, table: document.querySelector('${table}').getBoundingClientRect().right,
      label: getComputedStyle(document.querySelector('${table} td[data-label]'), '::before').content }))()`);
    const { page: width, table: right, label } = fit as { page: number; table: number; label: string };
    assert.ok(width <= 360 && right <= 360, `${path}: no sideways scrolling at 360 px (page ${width}px, table to ${right}px)`);
    assert.notEqual(label, 'none', `${path}: cells are labelled`);
    await shot(page, `economy-07-phone${path.replace(/\W+/g, '-')}`);
  }
  assert.deepEqual((await z.points.verify()).problems, []);
  assert.deepEqual([...problems, ...staffProblems, ...readerProblems], []);
});
