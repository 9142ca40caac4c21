import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guest } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { SETTLE_JOB } from './index.ts';
import { bidder, NEXT, NEXT_STARTS, postBid, promotionApp } from './promotion.fixtures.test.ts';

const AFTER_NEXT_STARTS = '2026-12-31T16:00:00.000Z';

test('栏目推广: a keyword linked to a category puts its winners on top of that category list, marked 推广, within the period', async (t) => {
  const { z, admin } = await promotionApp(t);
  const cars = await makeCategory(z, { slug: 'cars', name: '汽车' });
  const other = await makeCategory(z, { slug: 'food', name: '美食' });
  const bad = await admin.post('/admin/promotion/keywords', { keyword: '新能源汽车', floorPrice: '100', slots: '1', active: '1', category: '999999' });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('请选择有效的栏目'));
  const form = await admin.get('/admin/promotion/');
  assert.match(form.body, /<option value="\d+">汽车<\/option>/, 'categories are offered');
  const r = await admin.post('/admin/promotion/keywords', { keyword: '新能源汽车', floorPrice: '100', slots: '1', active: '1', category: String(cars.id) });
  assert.equal(r.statusCode, 303);
  const [k] = await z.promotion.keywords();
  assert.equal(k!.categoryId, cars.id);

  const win = await bidder(z, 'wang', 'food', 1000, '一篇美食栏目里的推广文章');
  const lose = await bidder(z, 'zhao', 'food', 1000, '一篇出价较低的文章');
  await postBid(win.c, { keyword: k!.id, period: NEXT, article: win.articleId, amount: '300' });
  await postBid(lose.c, { keyword: k!.id, period: NEXT, article: lose.articleId, amount: '200' });
  await makeArticle(z, { category: 'cars', title: '汽车栏目的普通文章' });

  const before = await guest(z).get('/category/cars/');
  assert.equal(before.statusCode, 200);
  assert.ok(!before.body.includes('promoted-list'));
  assert.equal((await guest(z).get('/category/cars/')).headers['x-cache'], 'HIT');
  assert.ok((await guest(z).get('/promotion/')).body.includes('栏目：<a href="/category/cars/">汽车</a>'));

  z.clock.set(NEXT_STARTS);
  await z.scheduler.runNow(SETTLE_JOB);
  const during = await guest(z).get('/category/cars/');
  assert.equal(during.headers['x-cache'], 'MISS', 'settlement purged the cached list');
  const block = /<ul class="article-list promoted-list">([\s\S]*?)<\/ul>/.exec(during.body)?.[1] ?? '';
  assert.ok(block.includes('推广') && block.includes('一篇美食栏目里的推广文章'), 'the winner tops the list, marked 推广');
  assert.ok(!block.includes('一篇出价较低的文章'), 'one slot: the lower bid lost');
  assert.ok(during.body.indexOf('一篇美食栏目里的推广文章') < during.body.indexOf('汽车栏目的普通文章'));
  assert.ok((await guest(z).get('/mobile/category/cars/')).body.includes('一篇美食栏目里的推广文章'), 'mobile too');
  assert.ok(!(await guest(z).get('/category/food/')).body.includes('promoted-list'), 'only the linked category');
  void other;

  // The period ends: the next run of the job notices and the list drops the promotion.
  z.clock.set(AFTER_NEXT_STARTS);
  await z.scheduler.runNow(SETTLE_JOB);
  assert.ok(!(await guest(z).get('/category/cars/')).body.includes('promoted-list'));
});
