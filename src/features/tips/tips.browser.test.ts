// 打赏 in a real browser: from the article's action bar to the tip page, a custom anonymous tip, back on
// the (cached) article page with the thank-you line and the new 打赏记录; then the same from a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { launchBrowser, listen, newPage, PHONE, shot, signIn, skipWithoutChromium } from '../../test/browser.ts';

test('a member tips an author from the article page, on a desktop and on a phone', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.points.saveRules([{ rule: 'tip', points: 0, dailyCap: 0 }]);
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川湿地公园迎来候鸟', author: 'reporter1' });
  const fan = await z.members.create({ username: 'niaoyou', role: 'member' });
  await z.points.adjust({ actorId: fan.id, memberId: fan.id, amount: 200, reason: '测试充值' });
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());

  const problems: string[] = [];
  const { ctx, page } = await newPage(browser);
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  await signIn(ctx, z, origin, fan.id);

  await page.goto(`${origin}/news/${a.id}.html`);
  assert.match(await page.locator('#tips').innerText(), /还没有人打赏/);
  assert.equal(await page.locator('[data-tip-notice]').isVisible(), false);
  await Promise.all([page.waitForURL(`${origin}/tip/${a.id}`), page.click('.action-bar a.act.tip')]);
  assert.match(await page.locator('.tip-balance').innerText(), /200 积分/);
  await page.fill('#f-custom', '88');
  assert.equal(await page.locator('input[name="amount"][value="custom"]').isChecked(), true, 'typing an amount picks 自定义');
  await page.fill('#f-message', '拍得真美');
  await page.check('input[name="anonymous"]');
  await shot(page, 'tips-form');
  await Promise.all([page.waitForURL(new RegExp(`/news/${a.id}\\.html\\?tipped=\\d+#tips$`)), page.click('.tip-form button[type="submit"]')]);
  await page.locator('[data-tip-notice]').waitFor({ state: 'visible' });
  const record = await page.locator('#tips').innerText();
  assert.match(record, /共 1 次打赏/);
  assert.match(record, /匿名\s*打赏了 88 积分/);
  assert.match(record, /拍得真美/);
  assert.match(await page.locator('.action-bar a.act.tip').innerText(), /打赏\s*1/);
  await shot(page, 'tips-article');
  assert.equal(await z.points.balance(fan.id), 112);

  // From the phone page the tip page keeps the phone layout and leads back to it.
  const phone = await newPage(browser, PHONE);
  phone.page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  await signIn(phone.ctx, z, origin, fan.id);
  await phone.page.goto(`${origin}/mobile/news/${a.id}.html`);
  await Promise.all([phone.page.waitForURL(`${origin}/tip/${a.id}?m=1`), phone.page.click('.action-bar a.act.tip')]);
  // A custom amount typed and then a preset picked: the preset is what is charged.
  await phone.page.fill('#f-custom', '5');
  await phone.page.check('input[name="amount"][value="10"]');
  assert.equal(await phone.page.inputValue('#f-custom'), '', 'picking a preset clears the typed amount');
  await shot(phone.page, 'tips-form-phone');
  await Promise.all([
    phone.page.waitForURL(new RegExp(`/mobile/news/${a.id}\\.html\\?tipped=\\d+#tips$`)),
    phone.page.click('.tip-form button[type="submit"]'),
  ]);
  const mobileRecord = await phone.page.locator('#tips').innerText();
  assert.match(mobileRecord, /共 2 次打赏/);
  assert.match(mobileRecord, /niaoyou\s*打赏了 10 积分/);
  await shot(phone.page, 'tips-article-phone');
  assert.equal(await z.points.balance(fan.id), 102);
  assert.deepEqual(problems, []);
});
