import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs } from '../../test/session.ts';
import { SETTLE_JOB } from './index.ts';
import { bidder, keyword, NEXT, NEXT_STARTS, postBid, promotionApp, systemBalance } from './promotion.fixtures.test.ts';

const statusOf = async (z: Awaited<ReturnType<typeof promotionApp>>['z'], memberId: number) =>
  (await z.dbh.db.selectFrom('promotion_bids').select('status').where('member_id', '=', memberId).executeTakeFirstOrThrow()).status;

test('settlement never charges a bid whose article was taken down: it is released and the slot goes to the next bid', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '新能源汽车', 100, 1);
  const amy = await bidder(z, 'amy', cat.slug, 1000);
  const ben = await bidder(z, 'ben', cat.slug, 1000);
  await postBid(amy.c, { keyword: k.id, period: NEXT, article: amy.articleId, amount: '500' });
  z.clock.advance(1000);
  await postBid(ben.c, { keyword: k.id, period: NEXT, article: ben.articleId, amount: '300' });
  const amyBefore = await z.points.balance(amy.me.id);
  const benBefore = await z.points.balance(ben.me.id);

  // Amy's article leaves the site (a report, an editor): no hook called here, settlement must notice.
  await z.articles.update(amy.articleId, { status: 'rejected' }, adminMember.id, { rejectReason: '违规' });
  z.clock.set(NEXT_STARTS);
  await z.scheduler.runNow(SETTLE_JOB);

  assert.equal(await statusOf(z, amy.me.id), 'released');
  assert.equal(await statusOf(z, ben.me.id), 'won', 'the slot goes to the next bid');
  assert.equal(await z.points.balance(amy.me.id), amyBefore + 500, 'the frozen points came back in full');
  assert.equal(await z.points.balance(ben.me.id), benBefore);
  assert.equal(await systemBalance(z, 'escrow'), 0);
  assert.equal(await systemBalance(z, 'revenue'), 300, 'only the live article paid');
  assert.deepEqual(await z.promotion.promotedFor('新能源汽车'), [ben.articleId]);
  const amyAgain = await loginAs(z, 'amy'); // a fresh session after the clock moved
  assert.ok((await amyAgain.get('/member/promotion/')).body.includes('文章已下线（已退回）'));
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('releaseForArticle gives the frozen points back at once when an article is taken down, exactly once', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k1 = await keyword(z, adminMember, '智慧城市', 50, 2);
  const k2 = await keyword(z, adminMember, '青川旅游', 50, 2);
  const amy = await bidder(z, 'amy', cat.slug, 1000);
  await postBid(amy.c, { keyword: k1.id, period: NEXT, article: amy.articleId, amount: '120' });
  await postBid(amy.c, { keyword: k2.id, period: NEXT, article: amy.articleId, amount: '80' });
  const before = await z.points.balance(amy.me.id);

  assert.equal(await z.promotion.releaseForArticle(amy.articleId), 0, 'a public article keeps its bids');
  // The take-down releases both bids itself (its hook); releasing again, even twice at once, moves nothing.
  await z.articles.remove(amy.articleId, adminMember.id);
  assert.deepEqual(await Promise.all([z.promotion.releaseForArticle(amy.articleId), z.promotion.releaseForArticle(amy.articleId)]), [0, 0]);
  assert.equal(await z.points.balance(amy.me.id), before + 200);
  assert.equal(await systemBalance(z, 'escrow'), 0);
  const statuses = await z.dbh.db.selectFrom('promotion_bids').select('status').execute();
  assert.deepEqual(
    statuses.map((r) => r.status),
    ['released', 'released'],
  );
  z.clock.set(NEXT_STARTS);
  await z.scheduler.runNow(SETTLE_JOB);
  assert.equal(await z.points.balance(amy.me.id), before + 200, 'settlement moves nothing more');
  assert.deepEqual((await z.points.verify()).problems, []);
});
