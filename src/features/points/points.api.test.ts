import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';

test('points API: a member reads their own balance and ledger, newest first, with what each entry was for', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await z.members.create({ username: 'points_api_admin', role: 'admin' });
  const alice = await z.members.create({ username: 'alice_points', role: 'member' });
  await z.members.create({ username: 'bob_points', role: 'member' });
  const aliceToken = await z.members.createToken('alice_points');
  const bobToken = await z.members.createToken('bob_points');
  await z.points.adjust({ actorId: admin.id, memberId: alice.id, amount: 500, reason: '测试充值' });
  const form = { description: '', stock: '10', perMemberLimit: '0', availableFrom: '', availableUntil: '', active: '1' };
  const gift = await z.mall.gifts.create({ ...form, name: '青川明信片', price: '30' }, '', { actorId: admin.id, ip: '127.0.0.1' });
  const address = { contactName: '张小青', phone: '13800138000', address: '青川市江滨路88号3栋2单元' };
  const { order } = await z.mall.orders.redeem(alice.id, gift.id, { ...address, quantity: '2', key: 'points-api-0001' });

  const get = (token: string | undefined, qs = '') =>
    z.app.inject({ method: 'GET', url: `/api/v1/points${qs}`, headers: token ? { authorization: `Bearer ${token}` } : {} });
  assert.equal((await get(undefined)).statusCode, 401);

  const r = await get(aliceToken);
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['cache-control'], 'no-store');
  const body = r.json();
  assert.equal(body.balance, 440);
  assert.deepEqual(
    body.items.map((e: { amount: number; reason: string; reasonText: string }) => [e.amount, e.reason, e.reasonText]),
    [
      [-60, 'mall.redeem', '积分换礼'],
      [500, 'admin.adjust', '管理员调整'],
    ],
  );
  assert.equal(body.items[0].link, `/member/orders#o${order.id}`);
  assert.deepEqual([body.page, body.pages, body.total], [1, 1, 2]);

  const bob = (await get(bobToken)).json();
  assert.deepEqual([bob.balance, bob.items.length, bob.total], [0, 0, 0], 'another member sees only their own ledger');
  const bad = await get(aliceToken, '?page=abc');
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.json().error.fields.page);
  const doc = (await z.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  assert.ok(doc.paths['/api/v1/points'].get.responses['200']);
});
