import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { fund, makeGift, redeemForm } from './mall.testkit.ts';

/** A 100-point gift with 10 in stock, and alice with 1,000 points (`start`, her balance before ordering). */
async function shop(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await z.members.create({ username: 'mall_boss', role: 'admin' });
  const gift = await makeGift(z, admin.id, { price: '100', stock: '10' });
  const alice = await loginAs(z, 'alice');
  await fund(z, alice.member!.id, 1000);
  await alice.get('/member/orders'); // the day's first visit (a log-in reward may land here)
  const start = await z.points.balance(alice.member!.id);
  return { z, admin, gift, alice, start };
}

test('a member cancels their own pending order: points back and stock restored exactly once', async (t) => {
  const { z, admin, gift, alice, start } = await shop(t);
  const { order } = await z.mall.orders.redeem(alice.member!.id, gift.id, redeemForm({ quantity: '2' }));
  assert.equal(await z.points.balance(alice.member!.id), start - 200);

  const list = await alice.get('/member/orders');
  assert.ok(list.body.includes(`action="/member/orders/${order.id}/cancel"`), '我的订单 offers 取消订单 for a pending order');
  assert.ok(list.body.includes('data-confirm="确定取消这个订单吗？'), 'with a confirmation');

  // Someone else cannot cancel it; without the CSRF token nothing happens.
  const bob = await loginAs(z, 'bob');
  assert.equal((await bob.post(`/member/orders/${order.id}/cancel`)).statusCode, 404);
  await alice.post(`/member/orders/${order.id}/cancel`, {}, { withoutToken: true });
  assert.equal((await z.mall.orders.mustGet(order.id)).status, 'pending');

  // A double click and a staff cancel at the same moment: one refund, one restock.
  const results = await Promise.allSettled([
    alice.post(`/member/orders/${order.id}/cancel`),
    alice.post(`/member/orders/${order.id}/cancel`),
    z.mall.orders.cancel(order.id, { reason: '缺货' }, { actorId: admin.id, ip: '127.0.0.1' }),
  ]);
  const outcomes = results.map((r) =>
    r.status === 'fulfilled'
      ? 'statusCode' in r.value
        ? r.value.statusCode
        : 'cancelled'
      : /只有待发货的订单/.test(String(r.reason))
        ? 'refused'
        : String(r.reason),
  );
  assert.equal(outcomes.filter((o) => o === 303 || o === 'cancelled').length, 1, `one cancel wins: ${outcomes.join(',')}`);
  assert.ok(
    outcomes.every((o) => o === 303 || o === 'cancelled' || o === 409 || o === 'refused'),
    outcomes.join(','),
  );
  assert.equal((await z.mall.orders.mustGet(order.id)).status, 'cancelled');
  assert.equal(await z.points.balance(alice.member!.id), start, 'refunded once');
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 10, 'restocked once');
  const refunds = await z.dbh.db.selectFrom('ledger_transactions').select('id').where('reason', '=', 'mall.refund').execute();
  assert.equal(refunds.length, 1);
  assert.deepEqual((await z.points.verify()).problems, []);

  // The flash reads the amount from the order, not from the URL.
  const done = await alice.get(`/member/orders?cancelled=${order.id}`);
  assert.ok(done.body.includes(`订单 #${order.id} 已取消，200 积分已退还`));
  assert.ok(!(await bob.get(`/member/orders?cancelled=${order.id}`)).body.includes('积分已退还'), 'not someone else order');
  assert.ok(!(await alice.get('/member/orders?cancelled=99999&n=99999')).body.includes('99999'));
});

test('a shipped order cannot be cancelled by its member', async (t) => {
  const { z, admin, gift, alice, start } = await shop(t);
  const { order } = await z.mall.orders.redeem(alice.member!.id, gift.id, redeemForm());
  await z.mall.orders.ship(order.id, { carrier: '顺丰', trackingNo: 'SF123456' }, { actorId: admin.id, ip: '127.0.0.1' });
  assert.ok(!(await alice.get('/member/orders')).body.includes(`/member/orders/${order.id}/cancel`));
  const r = await alice.post(`/member/orders/${order.id}/cancel`);
  assert.equal(r.statusCode, 409);
  assert.ok(r.body.includes('只有待发货的订单才能这样处理'));
  assert.equal(await z.points.balance(alice.member!.id), start - 100);
});

test('redeeming more than is left says how many are left; full-width digits are a quantity', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await z.members.create({ username: 'mall_boss', role: 'admin' });
  const gift = await makeGift(z, admin.id, { price: '10', stock: '5' });
  const alice = await loginAs(z, 'alice');
  await fund(z, alice.member!.id, 1000);
  await alice.get('/member/orders'); // the day's first visit (a log-in reward may land here)
  const start = await z.points.balance(alice.member!.id);
  const form = await alice.get(`/mall/${gift.id}/redeem`);
  const key = /name="key" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const fields = { ...redeemForm({ key }), quantity: '6' };
  const six = await alice.post(`/mall/${gift.id}/redeem`, fields);
  assert.equal(six.statusCode, 409);
  assert.ok(six.body.includes('仅剩 5 件'), six.body.slice(0, 300));

  const r = await alice.post(`/mall/${gift.id}/redeem`, { ...redeemForm(), quantity: '２' });
  assert.equal(r.statusCode, 303, r.body.slice(0, 500));
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 3);
  assert.equal(await z.points.balance(alice.member!.id), start - 20);
});

test('我的订单 and 订单管理: a malformed page or one past the end is not found', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'bianji', 'editor');
  assert.equal((await alice.get('/member/orders')).statusCode, 200);
  for (const q of ['abc', '0', '-1', '2', '99999']) {
    assert.equal((await alice.get(`/member/orders?page=${q}`)).statusCode, 404, `page=${q}`);
    assert.equal((await editor.get(`/admin/mall/orders?page=${q}`)).statusCode, 404, `admin page=${q}`);
  }
});
