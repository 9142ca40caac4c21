import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { fund, makeGift, redeemForm } from './mall.testkit.ts';

const OUT_OF_STOCK = '礼品库存不足，已被兑完';

test('overselling is impossible: 200 members redeem at once a gift with stock 10 → exactly 10 orders', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await z.members.create({ username: 'mall_boss', role: 'admin' });
  const gift = await makeGift(z, admin.id, { price: '100', stock: '10', perMemberLimit: '1' });
  const members = (await Promise.all(Array.from({ length: 200 }, (_, i) => z.members.create({ username: `buyer${i}` })))).map((m) => m.id);
  await Promise.all(members.map((id) => fund(z, id, 500)));
  const before = new Map<number, number>(await Promise.all(members.map(async (id) => [id, await z.points.balance(id)] as [number, number])));

  const results = await Promise.allSettled(members.map((id) => z.mall.orders.redeem(id, gift.id, redeemForm())));
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const reasons = [...new Set(lost.map((r) => String((r.reason as Error).message)))];
  assert.equal(won.length, 10, `refusals: ${reasons.join(' | ')}`);
  assert.equal(lost.length, 190);
  for (const r of lost) assert.equal((r.reason as Error).message, OUT_OF_STOCK, String(r.reason));

  const after = await z.mall.gifts.mustGet(gift.id);
  assert.equal(after.stock, 0);
  assert.equal(after.redeemed, 10);
  const orders = await z.dbh.db.selectFrom('mall_orders').selectAll().where('gift_id', '=', gift.id).execute();
  assert.equal(orders.length, 10);
  assert.equal(new Set(orders.map((o) => o.member_id)).size, 10, 'ten different winners');
  let spent = 0;
  for (const id of members) {
    const delta = before.get(id)! - (await z.points.balance(id));
    const hasOrder = orders.some((o) => o.member_id === id);
    assert.equal(delta, hasOrder ? 100 : 0, `member ${id} paid for exactly what they got`);
    spent += delta;
  }
  assert.equal(spent, 1000);
  const redeems = await z.dbh.db.selectFrom('ledger_transactions').select('id').where('reason', '=', 'mall.redeem').execute();
  assert.equal(redeems.length, 10);
  const report = await z.points.verify();
  assert.deepEqual(report.problems, []);
  assert.equal(report.total, 0);
});

test('the per-member limit holds under concurrency, and one form sent 20 times makes one order', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await z.members.create({ username: 'mall_boss', role: 'admin' });
  const member = await z.members.create({ username: 'eager' });
  await fund(z, member.id, 10_000);
  const start = await z.points.balance(member.id);
  const gift = await makeGift(z, admin.id, { price: '100', stock: '100', perMemberLimit: '1' });

  const results = await Promise.allSettled(Array.from({ length: 20 }, () => z.mall.orders.redeem(member.id, gift.id, redeemForm())));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).message, '该礼品每人限兑1件，您已兑换1件', String(r.reason));
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 99);
  assert.equal(await z.points.balance(member.id), start - 100);

  // The same form (one key) submitted 20 times at once: one order, every answer names it.
  const other = await makeGift(z, admin.id, { price: '30', stock: '100', perMemberLimit: '0' });
  const form = redeemForm({ quantity: '3' });
  const same = await Promise.all(Array.from({ length: 20 }, () => z.mall.orders.redeem(member.id, other.id, form)));
  assert.equal(new Set(same.map((r) => r.order.id)).size, 1);
  assert.equal(same.filter((r) => !r.replayed).length, 1);
  assert.equal((await z.mall.gifts.mustGet(other.id)).stock, 97);
  assert.equal(await z.points.balance(member.id), start - 100 - 90);
  assert.equal((await z.dbh.db.selectFrom('mall_orders').select('id').where('gift_id', '=', other.id).execute()).length, 1);
  assert.deepEqual((await z.points.verify()).problems, []);
});
