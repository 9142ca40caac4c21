import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bidder, keyword, NEXT, postBid, promotionApp } from './promotion.fixtures.test.ts';

test('a bid typed in full-width digits (１５０, a Chinese input method) is accepted like 150', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '青川', 100, 2);
  const amy = await bidder(z, 'amy', cat.slug, 1000);
  const r = await postBid(amy.c, { keyword: k.id, period: NEXT, article: amy.articleId, amount: '１５０' });
  assert.equal(r.statusCode, 303, r.body);
  assert.equal(await z.points.balance(amy.me.id), 850);
  const bad = await postBid(amy.c, { keyword: k.id, period: NEXT, article: amy.articleId, amount: '２００.５' });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('出价须为正整数积分'));
  assert.equal(await z.points.balance(amy.me.id), 850);
});
