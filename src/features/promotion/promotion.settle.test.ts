import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs } from '../../test/session.ts';
import { SETTLE_JOB } from './index.ts';
import { bidder, keyword, ledgerCount, NEXT, NEXT_STARTS, postBid, promotionApp, systemBalance } from './promotion.fixtures.test.ts';

/** Balances of the members and the system accounts, to compare the ledger before and after. */
async function snapshot(z: Awaited<ReturnType<typeof promotionApp>>['z'], ids: number[]) {
  return {
    members: await Promise.all(ids.map((id) => z.points.balance(id))),
    escrow: await systemBalance(z, 'escrow'),
    revenue: await systemBalance(z, 'revenue'),
    transactions: await ledgerCount(z),
  };
}

test('settlement picks the top N (ties: earlier bid), refunds the rest, takes the winners’ escrow as revenue, once', async (t) => {
  const { z, admin, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '新能源汽车', 100, 2);
  const a = await bidder(z, 'amy', cat.slug, 1000);
  const b = await bidder(z, 'ben', cat.slug, 1000);
  const c = await bidder(z, 'cat', cat.slug, 1000);
  const d = await bidder(z, 'dan', cat.slug, 1000);
  await postBid(a.c, { keyword: k.id, period: NEXT, article: a.articleId, amount: '300' });
  z.clock.advance(1000);
  await postBid(b.c, { keyword: k.id, period: NEXT, article: b.articleId, amount: '500' });
  z.clock.advance(1000);
  await postBid(c.c, { keyword: k.id, period: NEXT, article: c.articleId, amount: '300' }); // ties amy, later
  z.clock.advance(1000);
  await postBid(d.c, { keyword: k.id, period: NEXT, article: d.articleId, amount: '150' });
  const ids = [a.me.id, b.me.id, c.me.id, d.me.id];
  assert.equal(await systemBalance(z, 'escrow'), 1250);

  // Before the period starts nothing settles.
  await z.scheduler.runNow(SETTLE_JOB);
  assert.equal((await z.dbh.db.selectFrom('promotion_bids').selectAll().where('status', '=', 'held').execute()).length, 4);

  z.clock.set(NEXT_STARTS);
  await z.scheduler.runNow(SETTLE_JOB);
  const after = await snapshot(z, ids);
  assert.deepEqual(after.members, [700, 500, 1000, 1000], 'winners paid, losers refunded in full');
  assert.equal(after.escrow, 0);
  assert.equal(after.revenue, 800);
  const status = new Map((await z.dbh.db.selectFrom('promotion_bids').select(['member_id', 'status']).execute()).map((r) => [r.member_id, r.status]));
  assert.deepEqual(
    ids.map((id) => status.get(id)),
    ['won', 'won', 'lost', 'lost'],
  );

  // Again by the job, by two instances at once, and by an admin: the same ledger.
  await z.scheduler.runNow(SETTLE_JOB);
  await Promise.all([z.promotion.settleDue(), z.promotion.settleDue(), z.promotion.settleRound(k.id, NEXT, null)]);
  const admin2 = await loginAs(z, 'promo_admin', 'admin'); // a fresh session after the clock moved
  const r = await admin2.post('/admin/promotion/settle', {});
  assert.equal(r.headers.location, '/admin/promotion/?done=settled&rounds=0&won=0&lost=0');
  assert.deepEqual(await snapshot(z, ids), after);
  assert.equal((await z.points.verify()).problems.length, 0);
  const audit = await z.dbh.db.selectFrom('audit_log').selectAll().where('action', '=', 'promotion.settle').execute();
  assert.equal(audit.length, 1);
  void admin;

  // Members see the outcome; bidding on the started period is closed.
  const amy = await loginAs(z, 'amy');
  const mine = await amy.get('/member/promotion/');
  assert.ok(mine.body.includes('已中标'));
  assert.ok((await (await loginAs(z, 'cat')).get('/member/promotion/')).body.includes('未中标（已退回）'));
  const late = await postBid(amy, { keyword: k.id, period: NEXT, article: a.articleId, amount: '900' });
  assert.equal(late.statusCode, 422);
  assert.equal(await z.points.balance(a.me.id), 700);
});

test('concurrent settlements of a period with many bids settle it exactly once', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k1 = await keyword(z, adminMember, '数字经济', 10, 3);
  const k2 = await keyword(z, adminMember, '低空经济', 10, 1);
  const people = [];
  for (let i = 0; i < 8; i++) people.push(await bidder(z, `p${i}`, cat.slug, 500));
  for (const [i, p] of people.entries()) {
    await postBid(p.c, { keyword: k1.id, period: NEXT, article: p.articleId, amount: String(20 + i * 10) });
    await postBid(p.c, { keyword: k2.id, period: NEXT, article: p.articleId, amount: String(100 - i * 5) });
  }
  z.clock.set(NEXT_STARTS);
  const outcomes = await Promise.all(Array.from({ length: 4 }, () => z.promotion.settleDue()));
  assert.equal(
    outcomes.reduce((n, o) => n + o.rounds, 0),
    2,
    'each round settled by exactly one caller',
  );
  assert.equal(
    outcomes.reduce((n, o) => n + o.won, 0),
    4,
  );
  // k1: the three highest (p7 90, p6 80, p5 70); k2: p0 with 100.
  assert.equal(await systemBalance(z, 'revenue'), 90 + 80 + 70 + 100);
  assert.equal(await systemBalance(z, 'escrow'), 0);
  assert.equal((await z.points.verify()).problems.length, 0);
});

test('a keyword deactivated before its period sells nothing: every bid is refunded', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '老旧小区改造', 100, 2);
  const a = await bidder(z, 'fay', cat.slug, 1000);
  await postBid(a.c, { keyword: k.id, period: NEXT, article: a.articleId, amount: '200' });
  await z.promotion.updateKeyword(k.id, { keyword: '老旧小区改造', floorPrice: '100', slots: '2' }, adminMember, '127.0.0.1');
  z.clock.set(NEXT_STARTS);
  const out = await z.promotion.settleDue();
  assert.deepEqual(out, { rounds: 1, won: 0, lost: 1, released: 0 });
  assert.equal(await z.points.balance(a.me.id), 1000);
  assert.equal(await systemBalance(z, 'revenue'), 0);
});

test('bids racing a settlement either make it into the round or are refused: none is left held in a settled round', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '人工智能', 10, 2);
  const people = [];
  for (let i = 0; i < 6; i++) people.push(await bidder(z, `r${i}`, cat.slug, 500));
  await postBid(people[0]!.c, { keyword: k.id, period: NEXT, article: people[0]!.articleId, amount: '50' });
  // settleRound does not look at the clock, so the race can be staged before the period starts.
  const [, ...bids] = await Promise.all([
    z.promotion.settleRound(k.id, NEXT, null),
    ...people.slice(1).map((p, i) => postBid(p.c, { keyword: k.id, period: NEXT, article: p.articleId, amount: String(60 + i * 10) })),
  ]);
  for (const r of bids) assert.ok([303, 422].includes(r.statusCode), `status ${r.statusCode}`);
  const rows = await z.dbh.db.selectFrom('promotion_bids').selectAll().execute();
  assert.equal(rows.filter((b) => b.status === 'held').length, 0, 'nothing held in a settled round');
  assert.equal(rows.filter((b) => b.status === 'won').length, Math.min(2, rows.length));
  assert.equal(await systemBalance(z, 'escrow'), 0);
  const refused = bids.filter((r) => r.statusCode === 422);
  for (const r of refused) assert.ok(r.body.includes('2026年12月的推广期已经开始或已结束'));
  assert.equal(rows.length + refused.length, 6);
  assert.equal((await z.points.verify()).problems.length, 0);
});
