import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guest } from '../../test/session.ts';
import { makeArticle } from '../../test/factories.ts';
import { bidder, keyword, NEXT, NEXT_STARTS, postBid, promotionApp } from './promotion.fixtures.test.ts';

const AFTER_NEXT_STARTS = '2026-12-31T16:00:00.000Z'; // 2027-01-01 00:00 Beijing

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const { z, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '新能源汽车', 100, 2);
  const latin = await keyword(z, adminMember, 'SUV 车型', 50, 1);
  const hi = await bidder(z, 'gao', cat.slug, 1000, '高出价的推广文章标题');
  const lo = await bidder(z, 'li', cat.slug, 1000, '低出价的推广文章标题');
  const out = await bidder(z, 'wu', cat.slug, 1000, '没有中标的文章标题');
  await postBid(lo.c, { keyword: k.id, period: NEXT, article: lo.articleId, amount: '200' });
  await postBid(hi.c, { keyword: k.id, period: NEXT, article: hi.articleId, amount: '600' });
  await postBid(out.c, { keyword: k.id, period: NEXT, article: out.articleId, amount: '150' });
  await postBid(lo.c, { keyword: latin.id, period: NEXT, article: lo.articleId, amount: '50' });
  // An ordinary article that matches the query on its own.
  await makeArticle(z, { category: cat.slug, title: '新能源汽车下乡活动启动' });
  return { z, hi, lo, out };
}

test('promotedFor: the winners, highest bid first, for the keyword and its folded variants, only within the period', async (t) => {
  const { z, hi, lo } = await setup(t);
  assert.deepEqual(await z.promotion.promotedFor('新能源汽车'), [], 'nothing before the period starts');
  z.clock.set(NEXT_STARTS);
  await z.promotion.settleDue();
  for (const q of ['新能源汽车', '新能源汽車', '  新能源汽车　', '新能源汽車 '])
    assert.deepEqual(await z.promotion.promotedFor(q), [hi.articleId, lo.articleId], q);
  for (const q of ['新能源', '新能源汽车补贴', '汽车', '']) assert.deepEqual(await z.promotion.promotedFor(q), [], `not an exact match: ${q}`);
  for (const q of ['suv 车型', 'ＳＵＶ　车型', 'Suv 車型']) assert.deepEqual(await z.promotion.promotedFor(q), [lo.articleId], q);
  z.clock.set(AFTER_NEXT_STARTS);
  assert.deepEqual(await z.promotion.promotedFor('新能源汽车'), [], 'nothing after the period ends');
});

test('/search shows the promoted articles on top, marked 推广, only within the period', async (t) => {
  const { z } = await setup(t);
  const before = await guest(z).get(`/search?q=${encodeURIComponent('新能源汽车')}`);
  assert.equal(before.statusCode, 200);
  assert.ok(!before.body.includes('高出价的推广文章标题'), 'no promotion before the period');

  z.clock.set(NEXT_STARTS);
  await z.promotion.settleDue();
  for (const q of ['新能源汽车', '新能源汽車', 'ＳＵＶ 车型']) {
    const r = await guest(z).get(`/search?q=${encodeURIComponent(q)}`);
    assert.equal(r.statusCode, 200, q);
    const promotedBlock = /<ol class="search-results promoted-results">([\s\S]*?)<\/ol>/.exec(r.body)?.[1] ?? '';
    assert.ok(promotedBlock.includes('推广'), `${q}: marked 推广`);
    assert.ok(promotedBlock.includes('低出价的推广文章标题'), `${q}: the winner is on top`);
    if (!q.includes('车型')) {
      assert.ok(promotedBlock.indexOf('高出价的推广文章标题') < promotedBlock.indexOf('低出价的推广文章标题'), 'ordered by bid');
      assert.ok(!promotedBlock.includes('没有中标的文章标题'), 'the loser is not promoted');
      assert.ok(r.body.indexOf('低出价的推广文章标题') < r.body.indexOf('下乡活动启动'), 'promoted before ordinary results');
    }
  }
  const pub = await guest(z).get('/promotion/');
  assert.ok(pub.body.includes('高出价的推广文章标题'), 'the 排名推广 page lists this month’s winners');

  z.clock.set(AFTER_NEXT_STARTS);
  const later = await guest(z).get(`/search?q=${encodeURIComponent('新能源汽车')}`);
  assert.ok(!/promoted-results/.test(later.body), 'no promotion after the period');
});
