import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { fund, makeGift, redeemForm } from './mall.testkit.ts';

test('我的订单 links a gift only while it is on sale; a gift taken down shows its name and 已下架, no link to a 404', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const alice = await loginAs(z, 'alice');
  await fund(z, alice.member!.id, 1000);
  const kept = await makeGift(z, admin.member!.id, { name: '青川茶叶' });
  const gone = await makeGift(z, admin.member!.id, { name: '江景明信片' });
  for (const g of [kept, gone]) assert.equal((await alice.post(`/mall/${g.id}/redeem`, redeemForm())).statusCode, 303);
  await z.mall.gifts.setActive(gone.id, false, { actorId: admin.member!.id, ip: '127.0.0.1' });

  const html = (await alice.get('/member/orders')).body;
  assert.ok(html.includes(`<a href="/mall/${kept.id}">青川茶叶</a>`), 'a gift on sale is linked');
  assert.ok(!html.includes(`href="/mall/${gone.id}"`), 'no link to the page that is now a 404');
  assert.equal((await alice.get(`/mall/${gone.id}`)).statusCode, 404);
  assert.match(html, /江景明信片 <span class="muted gift-gone">（已下架）<\/span>/);
});
