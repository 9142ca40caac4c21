import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

/** The tips and mall endpoints other features register follow the API's rule: unknown body fields are a 422. */
function post(z: TestApp, url: string, token: string, payload: unknown) {
  return z.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify(payload),
  });
}

test('tips and mall order bodies with unknown fields are refused with the fields named, and nothing moves', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, author: 'reporter1' });
  const fan = await z.members.create({ username: 'fan_bodies', role: 'member' });
  const admin = await z.members.create({ username: 'admin_bodies', role: 'admin' });
  const token = await z.members.createToken('fan_bodies');
  await z.points.adjust({ actorId: admin.id, memberId: fan.id, amount: 1000, reason: '测试充值' });
  const gift = await z.mall.gifts.create(
    { name: '青川帆布袋', description: '帆布袋。', price: '10', stock: '5', perMemberLimit: '0', availableFrom: '', availableUntil: '', active: '1' },
    '',
    { actorId: admin.id, ip: '127.0.0.1' },
  );
  const balance = await z.points.balance(fan.id);

  const tip = await post(z, `/api/v1/articles/${a.id}/tips`, token, { amount: 5, colour: 'red', anonymus: true });
  assert.equal(tip.statusCode, 422, tip.body);
  assert.deepEqual(Object.keys(tip.json().error.fields).sort(), ['anonymus', 'colour']);
  const order = await post(z, `/api/v1/mall/gifts/${gift.id}/orders`, token, {
    quantity: 1,
    contactName: '张小青',
    phone: '13800138000',
    address: '青川市江滨路88号3栋',
    note: '请尽快发货',
  });
  assert.equal(order.statusCode, 422, order.body);
  assert.deepEqual(Object.keys(order.json().error.fields), ['note']);
  assert.equal(await z.points.balance(fan.id), balance, 'nothing moved');

  assert.equal((await post(z, `/api/v1/articles/${a.id}/tips`, token, { amount: 5, anonymous: true })).statusCode, 201);

  const doc = JSON.parse((await z.app.inject('/api/v1/openapi.json')).body);
  assert.equal(doc.components.schemas.TipRequest.additionalProperties, false);
  assert.equal(doc.components.schemas.RedeemRequest.additionalProperties, false);
});
