import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { clickAndWait, launchBrowser, listen, newPage, shot, signIn, skipWithoutChromium, watchProblems } from '../../test/browser.ts';
import { fund, makeGift } from './mall.testkit.ts';

test(
  'in a browser: a member redeems a gift from the mall, an admin ships it, the member sees the tracking number',
  { skip: skipWithoutChromium },
  async (t) => {
    const z = await createTestApp();
    t.after(() => z.close());
    const admin = await z.members.create({ username: 'mall_admin', role: 'admin' });
    const member = await z.members.create({ username: 'reader', displayName: '读者小李' });
    await fund(z, member.id, 1000);
    const balance = await z.points.balance(member.id);
    const sharp = (await import('sharp')).default;
    const picture = await z.storage.put(
      'demo/gift-test.jpg',
      await sharp({ create: { width: 640, height: 360, channels: 3, background: '#3d5a80' } })
        .jpeg()
        .toBuffer(),
    );
    const gift = await makeGift(z, admin.id, { name: '青川江景帆布袋', price: '200', stock: '3', perMemberLimit: '2' });
    await z.dbh.db.updateTable('mall_gifts').set({ picture }).where('id', '=', gift.id).execute();
    z.cache.purge(['mall']);

    const origin = await listen(z);
    const browser = await launchBrowser();
    t.after(() => browser.close());

    const { ctx, page } = await newPage(browser);
    const problems = watchProblems(page, origin, (url, status) => url.includes('/redeem') && status === 422);
    await signIn(ctx, z, origin, member.id);
    await page.goto(`${origin}/`);
    await clickAndWait(page, 'footer a[href="/mall/"]', `${origin}/mall/`);
    await shot(page, 'mall-list');
    await clickAndWait(page, `a[href="/mall/${gift.id}"]`, `${origin}/mall/${gift.id}`);
    assert.equal(await page.locator('.mall-facts .mall-price').textContent(), '200 积分');
    assert.equal(await page.locator('text=登录后即可兑换').isVisible(), false, 'a logged-in member is not told to log in');
    await shot(page, 'mall-gift');
    await clickAndWait(page, 'button:has-text("立即兑换")', (u) => u.pathname === `/mall/${gift.id}/redeem`);

    // A wrong phone number first: the form comes back with the message and what was typed.
    await page.fill('#f-quantity', '2');
    await page.fill('#f-contactName', '李青');
    await page.fill('#f-phone', '12345');
    await page.fill('#f-address', '青川市滨江路12号');
    await clickAndWait(page, 'button:has-text("确认兑换")');
    assert.ok((await page.locator('#e-phone').textContent())?.includes('请填写正确的手机号码'));
    assert.equal(await page.inputValue('#f-address'), '青川市滨江路12号');
    await shot(page, 'mall-redeem-error');
    await page.fill('#f-phone', '13912345678');
    await clickAndWait(page, 'button:has-text("确认兑换")', (u) => u.pathname === '/member/orders');
    assert.ok((await page.locator('.flash').textContent())?.includes('兑换成功'));
    assert.ok((await page.locator('.my-orders').textContent())?.includes('待发货'));
    await shot(page, 'mall-my-orders');
    assert.equal(await z.points.balance(member.id), balance - 400);

    const staff = await newPage(browser);
    await signIn(staff.ctx, z, origin, admin.id);
    await staff.page.goto(`${origin}/admin/mall/orders`);
    await clickAndWait(staff.page, 'table.mall-admin-orders a');
    await staff.page.fill('#f-carrier', '顺丰速运');
    await staff.page.fill('#f-trackingNo', 'SF1029384756');
    await shot(staff.page, 'mall-admin-order');
    await clickAndWait(staff.page, 'button:has-text("标记为已发货")');
    assert.ok((await staff.page.locator('.flash').textContent())?.includes('已标记为已发货'));

    await staff.page.goto(`${origin}/admin/mall/gifts/${gift.id}`);
    assert.equal(await staff.page.inputValue('#f-stock'), '1');
    await shot(staff.page, 'mall-admin-gift');

    await page.reload();
    const row = (await page.locator('.my-orders').textContent()) ?? '';
    assert.ok(row.includes('已发货') && row.includes('SF1029384756') && row.includes('顺丰速运'));
    assert.deepEqual(problems, []);
  },
);
