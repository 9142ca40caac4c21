import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { fund, makeGift, snapshot } from './mall.testkit.ts';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await z.members.create({ username: 'mall_api_admin', role: 'admin' });
  const alice = await z.members.create({ username: 'alice_api', role: 'member' });
  const bob = await z.members.create({ username: 'bob_api', role: 'member' });
  return { z, adminId: admin.id, alice, bob, aliceToken: await z.members.createToken('alice_api'), bobToken: await z.members.createToken('bob_api') };
}

function call(z: TestApp, method: 'GET' | 'POST', url: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  return z.app.inject({
    method,
    url,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

const address = { contactName: '张小青', phone: '13800138000', address: '青川市江滨路88号3栋2单元' };

test('mall API: a member lists gifts, redeems one with an Idempotency-Key (a retry moves nothing) and sees only their own orders', async (t) => {
  const { z, adminId, alice, bob, aliceToken, bobToken } = await setup(t);
  const cup = await makeGift(z, adminId, { name: '青川江景保温杯', price: '120', stock: '5', perMemberLimit: '3' });
  const hidden = await makeGift(z, adminId, { name: '下架的台历', active: '0' });
  await fund(z, alice.id, 1000);

  for (const url of ['/api/v1/mall/gifts', `/api/v1/mall/gifts/${cup.id}`, '/api/v1/mall/orders']) {
    const r = await call(z, 'GET', url);
    assert.equal(r.statusCode, 401, url);
    assert.equal(r.json().error.code, 'unauthorized', url);
  }
  const anon = await call(z, 'POST', `/api/v1/mall/gifts/${cup.id}/orders`, undefined, address);
  assert.equal(anon.statusCode, 401);

  const list = await call(z, 'GET', '/api/v1/mall/gifts', aliceToken);
  assert.equal(list.statusCode, 200);
  assert.equal(list.headers['cache-control'], 'no-store');
  const names = list.json().items.map((g: { name: string }) => g.name);
  assert.ok(names.includes('青川江景保温杯') && !names.includes('下架的台历'), names.join());
  assert.equal((await call(z, 'GET', `/api/v1/mall/gifts/${hidden.id}`, aliceToken)).statusCode, 404);
  assert.equal((await call(z, 'GET', '/api/v1/mall/gifts/abc', aliceToken)).statusCode, 404);

  const one = await call(z, 'GET', `/api/v1/mall/gifts/${cup.id}`, aliceToken);
  assert.equal(one.statusCode, 200);
  assert.deepEqual(
    { price: one.json().gift.price, stock: one.json().gift.stock, refusal: one.json().refusal, balance: one.json().balance },
    {
      price: 120,
      stock: 5,
      refusal: null,
      balance: 1000,
    },
  );

  const key = { 'idempotency-key': 'app-order-0001' };
  const first = await call(z, 'POST', `/api/v1/mall/gifts/${cup.id}/orders`, aliceToken, { quantity: 2, ...address }, key);
  assert.equal(first.statusCode, 201, first.body);
  const order = first.json().order;
  assert.deepEqual(
    { q: order.quantity, total: order.totalPoints, status: order.status, balance: first.json().balance, replayed: first.json().replayed },
    {
      q: 2,
      total: 240,
      status: 'pending',
      balance: 760,
      replayed: false,
    },
  );
  const again = await call(z, 'POST', `/api/v1/mall/gifts/${cup.id}/orders`, aliceToken, { quantity: 2, ...address }, key);
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().order.id, order.id);
  assert.equal(again.json().replayed, true);
  assert.equal(await z.points.balance(alice.id), 760, 'the retry moved no points');
  assert.equal((await z.mall.gifts.mustGet(cup.id)).stock, 3, 'the retry took no stock');

  const mine = await call(z, 'GET', '/api/v1/mall/orders', aliceToken);
  assert.equal(mine.statusCode, 200);
  assert.deepEqual(
    mine.json().items.map((o: { id: number }) => o.id),
    [order.id],
  );
  const bobs = await call(z, 'GET', '/api/v1/mall/orders', bobToken);
  assert.deepEqual(bobs.json(), { items: [], page: 1, pages: 1, total: 0 }, 'another member sees none of alice’s orders');
  assert.equal((await call(z, 'GET', '/api/v1/mall/orders?page=0', aliceToken)).statusCode, 422);

  // The per-member limit (3) is reported before the form is even tried, and enforced on redeeming.
  const limited = await call(z, 'POST', `/api/v1/mall/gifts/${cup.id}/orders`, aliceToken, { quantity: 2, ...address });
  assert.equal(limited.statusCode, 409);
  assert.equal(limited.json().error.code, 'mall_limit');
  assert.match(limited.json().error.message, /限兑/);
  assert.equal(await z.points.balance(alice.id), 760);
});

test('mall API: bad input and refusals answer JSON errors naming the problem, and move nothing', async (t) => {
  const { z, adminId, alice, aliceToken, bobToken } = await setup(t);
  const gift = await makeGift(z, adminId, { name: '青川文创帆布袋', price: '300', stock: '1' });
  await fund(z, alice.id, 500);
  const before = await snapshot(z, gift.id, alice.id);
  const url = `/api/v1/mall/gifts/${gift.id}/orders`;

  const bad = await call(z, 'POST', url, aliceToken, { quantity: 1.5, contactName: '', phone: '12345', address: '短' });
  assert.equal(bad.statusCode, 422);
  assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['address', 'contactName', 'phone', 'quantity']);
  assert.match(bad.json().error.fields.phone, /手机|电话/);
  const wrongTypes = await call(z, 'POST', url, aliceToken, { quantity: '1', contactName: 7, phone: ['13800138000'], address: {} });
  assert.equal(wrongTypes.statusCode, 422);
  assert.deepEqual(Object.keys(wrongTypes.json().error.fields).sort(), ['address', 'contactName', 'phone', 'quantity']);
  const badKey = await call(z, 'POST', url, aliceToken, address, { 'idempotency-key': 'no spaces allowed' });
  assert.equal(badKey.statusCode, 422);
  assert.ok(badKey.json().error.fields.idempotencyKey);
  const notJson = await z.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${aliceToken}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'quantity=1',
  });
  assert.equal(notJson.statusCode, 400);
  assert.equal((await call(z, 'POST', url, aliceToken, '[1,2]')).statusCode, 400);
  assert.equal((await call(z, 'POST', url, aliceToken, '{"quantity":')).statusCode, 400);
  assert.equal((await call(z, 'POST', '/api/v1/mall/gifts/999999/orders', aliceToken, address)).statusCode, 404);

  const poor = await call(z, 'POST', url, bobToken, address);
  assert.equal(poor.statusCode, 409);
  assert.equal(poor.json().error.code, 'points_insufficient');
  assert.deepEqual(await snapshot(z, gift.id, alice.id), before, 'no refusal wrote anything');

  assert.equal((await call(z, 'POST', url, aliceToken, address)).statusCode, 201);
  const gone = await call(z, 'POST', url, aliceToken, address);
  assert.equal(gone.statusCode, 409);
  assert.equal(gone.json().error.code, 'mall_out_of_stock');
  assert.equal(await z.points.balance(alice.id), 200);
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('mall API: 30 concurrent redemptions of a gift with 10 in stock make exactly 10 orders, and the points match', async (t) => {
  const { z, adminId, alice, aliceToken } = await setup(t);
  const gift = await makeGift(z, adminId, { name: '限量纪念徽章', price: '10', stock: '10' });
  await fund(z, alice.id, 1000);
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      call(z, 'POST', `/api/v1/mall/gifts/${gift.id}/orders`, aliceToken, address, { 'idempotency-key': `burst-${String(i).padStart(4, '0')}` }),
    ),
  );
  const codes = results.map((r) => r.statusCode);
  assert.equal(codes.filter((c) => c === 201).length, 10, codes.join());
  assert.equal(codes.filter((c) => c === 409).length, 20, codes.join());
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 0);
  assert.equal(await z.points.balance(alice.id), 900);
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('the OpenAPI document describes the mall endpoints', async (t) => {
  const { z } = await setup(t);
  const doc = (await z.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  for (const p of ['/api/v1/mall/gifts', '/api/v1/mall/gifts/{id}', '/api/v1/mall/gifts/{id}/orders', '/api/v1/mall/orders']) assert.ok(doc.paths[p], p);
  const post = doc.paths['/api/v1/mall/gifts/{id}/orders'].post;
  assert.ok(post.responses['201'] && post.responses['409'] && post.responses['422']);
  assert.ok(doc.components.schemas.RedeemRequest.required.includes('phone'));
});
