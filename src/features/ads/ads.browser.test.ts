// 广告服务 in Chromium: a member books a text link on the 广告服务 page, an editor approves it, and on a
// cached article page public/ads.js fills the slot; clicking the ad goes through the signed redirect,
// which counts the click. Screenshots go to test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { launchBrowser, listen, newPage, shot, signIn, skipWithoutChromium } from '../../test/browser.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

test('book an ad, approve it, see it fill the slot of a cached page and count a click — in Chromium', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp({ pageCache: true });
  t.after(() => z.close());
  const admin = (await loginAs(z, 'ads_admin', 'admin')).member!;
  await z.ads.savePosition(
    undefined,
    { code: 'article-links', name: '文章下方文字链', width: '640', height: '30', kind: 'text', pricePerDay: '10', capacity: '3', active: '1' },
    admin,
    '',
  );
  const cat = await makeCategory(z, { slug: 'local', name: '本地' });
  const article = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  const alice = (await loginAs(z, 'alice')).member!;
  const start = await z.points.balance(alice.id);
  await z.points.adjust({ actorId: admin.id, memberId: alice.id, amount: 500, reason: '测试发放' });
  const editor = (await loginAs(z, 'ads_editor', 'editor')).member!;
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const problems: string[] = [];

  // The member books on the 广告服务 page.
  const member = await newPage(browser);
  member.page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  await signIn(member.ctx, z, origin, alice.id);
  await member.page.goto(`${origin}/ads/`);
  assert.match(await member.page.locator('table.ad-positions').innerText(), /文章下方文字链[\s\S]*640×30[\s\S]*10积分\/天/);
  await member.page.selectOption('#f-position', 'article-links');
  await member.page.fill('#f-title', '青川老字号糕点 <b>礼盒</b>');
  await member.page.fill('#f-targetUrl', `${origin}/guestbook/?from=ad`); // an advertiser's site; here, a page of ours
  await member.page.fill('#f-startsOn', '2026-11-27');
  await member.page.fill('#f-days', '3');
  await shot(member.page, 'ads-booking');
  await Promise.all([member.page.waitForURL(/\/member\/ads\/\?ok=booked/), member.page.click('.ad-booking-form button[type="submit"]')]);
  assert.match(await member.page.locator('.flash').innerText(), /扣除30积分/);
  assert.match(await member.page.locator('table.my-ads').innerText(), /待审核/);
  assert.equal(await z.points.balance(alice.id), start + 470);

  // An editor approves it in the review queue.
  const staff = await newPage(browser);
  await signIn(staff.ctx, z, origin, editor.id);
  await staff.page.goto(`${origin}/admin/ads/review`);
  await shot(staff.page, 'ads-review');
  await Promise.all([staff.page.waitForURL(/done=approved/), staff.page.click('.ad-review-item form[action$="/approve"] button')]);

  // A reader: the article page comes from the cache, and the script fills the slot.
  const reader = await newPage(browser);
  reader.page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  await reader.page.goto(`${origin}/news/${article.id}.html`);
  const res = await reader.page.goto(`${origin}/news/${article.id}.html`);
  assert.equal(res?.headers()['x-cache'], 'HIT');
  const ad = reader.page.locator('[data-ad-slot="article-links"] .ad-text a');
  await ad.waitFor();
  assert.equal(await ad.innerText(), '青川老字号糕点 <b>礼盒</b>', 'member text stays text');
  assert.equal(await reader.page.locator('[data-ad-slot="article-links"] b').count(), 0);
  await shot(reader.page, 'ads-article');
  const [popup] = await Promise.all([reader.ctx.waitForEvent('page'), ad.click()]);
  await popup.waitForLoadState();
  assert.equal(popup.url(), `${origin}/guestbook/?from=ad`);
  await z.ads.flushImpressions();
  const row = await z.dbh.db.selectFrom('ads').select(['clicks', 'impressions']).executeTakeFirstOrThrow();
  assert.equal(Number(row.clicks), 1);
  assert.equal(Number(row.impressions), 1, 'one reader, two page views (the MISS and the HIT): one impression');

  // On a phone the mobile twin shows the same ad, inside the screen's width.
  const phone = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true });
  phone.page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  await phone.page.goto(`${origin}/mobile/news/${article.id}.html`);
  const mobileAd = phone.page.locator('[data-ad-slot="article-links"] .ad-text a');
  await mobileAd.waitFor();
  assert.equal(await mobileAd.innerText(), '青川老字号糕点 <b>礼盒</b>');
  const box = await phone.page.locator('[data-ad-slot="article-links"]').boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the ad fits the screen: ${JSON.stringify(box)}`);
  await shot(phone.page, 'ads-mobile-article');
  assert.deepEqual(problems, []);
});

test('a click inside an HTML ad (its own code, in a sandboxed frame) is counted once — in Chromium', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp({ pageCache: true });
  t.after(() => z.close());
  const admin = (await loginAs(z, 'ads_admin', 'admin')).member!;
  await z.ads.savePosition(
    undefined,
    { code: 'article-sidebar', name: '文章页侧栏', width: '300', height: '250', kind: 'html', pricePerDay: '10', capacity: '1', active: '1' },
    admin,
    '',
  );
  const code = '<button type="button" style="width:280px;height:200px" onclick="this.textContent=\'谢谢关注\'">青川文旅节 报名中</button>';
  const adId = await z.ads.saveStaffAd(
    undefined,
    { position: 'article-sidebar', kind: 'html', title: '青川文旅节', html: code, startsOn: '2026-11-27', days: '5' },
    admin,
    '',
  );
  const cat = await makeCategory(z, { slug: 'local', name: '本地' });
  const article = await makeArticle(z, { category: cat.slug, title: '青川文旅节下周开幕' });
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const problems: string[] = [];
  const reader = await newPage(browser);
  reader.page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  await reader.page.goto(`${origin}/news/${article.id}.html`);
  const frame = reader.page.frameLocator('[data-ad-slot="article-sidebar"] .ad-html iframe');
  const button = frame.locator('button');
  await button.waitFor();
  const clicks = async () => {
    await z.ads.flushImpressions();
    return Number((await z.dbh.db.selectFrom('ads').select('clicks').where('id', '=', adId).executeTakeFirstOrThrow()).clicks);
  };
  assert.equal(await clicks(), 0, 'showing the ad is not a click');
  const pinged = reader.page.waitForResponse((r) => r.url().includes(`/ads/click/${adId}/ping`));
  await button.click();
  assert.equal((await pinged).status(), 204);
  assert.equal(await button.innerText(), '谢谢关注', 'the ad’s own script ran');
  await shot(reader.page, 'ads-html-click');
  await reader.page.locator('h1').click();
  await button.click(); // focus left and came back: one report per ad per page view
  await reader.page.reload();
  await frame.locator('button').click(); // a new page view reports again; one visitor still counts once
  await reader.page.waitForTimeout(300);
  assert.equal(await clicks(), 1);
  assert.deepEqual(problems, []);
});
