import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle } from '../../test/factories.ts';
import type { Keyword } from './index.ts';
import { bidder, keyword, ledgerCount, NEXT, NEXT_STARTS, postBid, promotionApp, systemBalance } from './promotion.fixtures.test.ts';

test('a bid escrows its points; a raise escrows only the difference; a retried submit is applied once', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '新能源汽车', 100, 2);
  const alice = await bidder(z, 'alice', cat.slug, 1000, '青川新能源汽车产业园开工');

  const form = await alice.c.get(`/member/promotion/bid?keyword=${k.id}&period=${NEXT}`);
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes('青川新能源汽车产业园开工'), 'her own article is offered');
  const key = /name="key" value="([^"]+)"/.exec(form.body)?.[1];
  assert.ok(key, 'the form carries an idempotency key');

  const r = await postBid(alice.c, { keyword: k.id, period: NEXT, article: alice.articleId, amount: '300', key });
  assert.equal(r.statusCode, 303);
  assert.match(String(r.headers.location), /^\/member\/promotion\/\?done=bid&bid=\d+#bid\d+$/);
  assert.ok((await alice.c.get(String(r.headers.location))).body.includes('出价成功，300 积分已冻结。'));
  assert.equal(await z.points.balance(alice.me.id), 700);
  assert.equal(await systemBalance(z, 'escrow'), 300);
  const tx = await z.dbh.db.selectFrom('ledger_transactions').selectAll().where('reason', '=', 'promotion.bid').execute();
  assert.equal(tx.length, 1);
  assert.equal(tx[0]!.ref_type, 'promotion_bid');

  // The same form submitted again (double click, retry): nothing more moves.
  const again = await postBid(alice.c, { keyword: k.id, period: NEXT, article: alice.articleId, amount: '300', key });
  assert.equal(again.statusCode, 303);
  assert.match(String(again.headers.location), /done=replay/);
  assert.equal(await z.points.balance(alice.me.id), 700);

  const raise = await postBid(alice.c, { keyword: k.id, period: NEXT, article: alice.articleId, amount: '450' });
  assert.match(String(raise.headers.location), /done=raise&bid=\d+/);
  assert.equal(await z.points.balance(alice.me.id), 550);
  assert.equal(await systemBalance(z, 'escrow'), 450);
  const rows = await z.dbh.db.selectFrom('promotion_bids').selectAll().execute();
  assert.equal(rows.length, 1, 'a raise changes the bid in place');
  assert.equal(rows[0]!.amount, 450);

  // Not a raise: refused, nothing moved.
  const lower = await postBid(alice.c, { keyword: k.id, period: NEXT, article: alice.articleId, amount: '450' });
  assert.equal(lower.statusCode, 422);
  assert.ok(lower.body.includes('您已出价 450 积分，加价须高于这个金额'));
  assert.equal(await z.points.balance(alice.me.id), 550);

  // A second article of hers: the 加价 form keeps the one the bid is for.
  await makeArticle(z, { category: cat.slug, author: 'alice', title: '她的另一篇文章' });
  const raiseForm = await alice.c.get(`/member/promotion/bid?keyword=${k.id}&period=${NEXT}`);
  assert.ok(raiseForm.body.includes(`<option value="${alice.articleId}" selected>`));
  assert.ok(raiseForm.body.includes('您在这一期的出价：450 积分'));
  assert.equal((await alice.c.get('/member/promotion')).statusCode, 200);

  const mine = await alice.c.get(String(raise.headers.location));
  assert.ok(mine.body.includes('加价成功，当前出价 450 积分（已冻结）。'), 'the amount is the bid as stored');
  // Amounts in a crafted link are not believed: the flash reads the member's own bid, or says nothing.
  const forged = await alice.c.get('/member/promotion/?done=raise&n=-99999');
  assert.ok(!forged.body.includes('99999') && !forged.body.includes('加价成功'));
  const eve = await bidder(z, 'eve', cat.slug, 0);
  const bidId = String(raise.headers.location).match(/bid=(\d+)/)?.[1];
  assert.ok(!(await eve.c.get(`/member/promotion/?done=raise&bid=${bidId}`)).body.includes('加价成功'), 'not someone else bid');
  assert.ok(mine.body.includes('新能源汽车') && mine.body.includes('2026年12月') && mine.body.includes('竞价中（积分已冻结）'));
  assert.ok(mine.body.includes('可用积分：550'));

  const pub = await guest(z).get('/promotion/');
  assert.equal(pub.statusCode, 200);
  assert.match(pub.body, /<td class="bids">450<\/td>/, 'the public page shows the current bids');
  assert.match(pub.body, /<td class="num entry">100 积分<\/td>/, 'one slot is still free: the floor gets in');
  assert.ok(pub.body.includes('/member/login?next='), 'guests get a log-in link');
  assert.equal((await z.points.verify()).problems.length, 0);
});

test('a bid can be withdrawn before its period starts, and only then', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '智慧城市', 50, 1);
  const bob = await bidder(z, 'bob', cat.slug, 400);
  await postBid(bob.c, { keyword: k.id, period: NEXT, article: bob.articleId, amount: '120' });
  const bid = await z.dbh.db.selectFrom('promotion_bids').selectAll().executeTakeFirstOrThrow();
  assert.equal(await z.points.balance(bob.me.id), 280);

  // Someone else cannot withdraw it.
  const eve = await bidder(z, 'eve', cat.slug, 0);
  assert.equal((await eve.c.post(`/member/promotion/${bid.id}/withdraw`, { key: randomUUID() })).statusCode, 404);

  const key = randomUUID();
  const w = await bob.c.post(`/member/promotion/${bid.id}/withdraw`, { key });
  assert.equal(w.statusCode, 303);
  assert.equal(w.headers.location, `/member/promotion/?done=withdraw&bid=${bid.id}#bid${bid.id}`);
  assert.ok((await bob.c.get(String(w.headers.location))).body.includes('已撤回出价，120 积分已退回。'));
  assert.equal(await z.points.balance(bob.me.id), 400);
  assert.equal(await systemBalance(z, 'escrow'), 0);
  assert.ok((await bob.c.get('/member/promotion/')).body.includes('已撤回（已退回）'));
  const n = await ledgerCount(z);
  assert.equal(
    (await bob.c.post(`/member/promotion/${bid.id}/withdraw`, { key })).headers.location,
    `/member/promotion/?done=replay&bid=${bid.id}#bid${bid.id}`,
  );
  assert.equal((await bob.c.post(`/member/promotion/${bid.id}/withdraw`, { key: randomUUID() })).statusCode, 409, 'already withdrawn');
  assert.equal(await ledgerCount(z), n);

  // Bidding again in the same round reuses the row with a fresh escrow.
  await postBid(bob.c, { keyword: k.id, period: NEXT, article: bob.articleId, amount: '60' });
  assert.equal(await z.points.balance(bob.me.id), 340);
  // Once the period has started it can no longer be withdrawn.
  z.clock.set(NEXT_STARTS);
  const bobAgain = await loginAs(z, 'bob'); // the old session expired with the clock jump
  const late = await bobAgain.post(`/member/promotion/${bid.id}/withdraw`, { key: randomUUID() });
  assert.equal(late.statusCode, 409);
  assert.ok(late.body.includes('2026年12月的推广期已经开始或已结束'));
  assert.ok(late.body.includes('<h1>我的推广</h1>') && late.body.includes(`bid${bid.id}`), 'the refusal is shown above my bids, not on an error page');
  assert.equal(await z.points.balance(bob.me.id), 340);
});

test('bad bids are refused with a clear message and move nothing', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '乡村振兴', 100, 2);
  const off = await keyword(z, adminMember, '旧关键词', 10, 1, false);
  const carol = await bidder(z, 'carol', cat.slug, 1000);
  const dave = await bidder(z, 'dave', cat.slug, 1000);
  const draft = await makeArticle(z, { category: cat.slug, author: 'carol', status: 'draft' });
  const ok = { keyword: k.id, period: NEXT, article: carol.articleId };
  const cases: Array<[string, Parameters<typeof postBid>[1], string]> = [
    ['below the floor', { ...ok, amount: '99' }, '出价不能低于底价 100 积分'],
    ['non-numeric', { ...ok, amount: 'abc' }, '出价须为正整数积分'],
    ['negative', { ...ok, amount: '-200' }, '出价须为正整数积分'],
    ['zero', { ...ok, amount: '0' }, '出价须为正整数积分'],
    ['fractional', { ...ok, amount: '150.5' }, '出价须为正整数积分'],
    ['exponent', { ...ok, amount: '1e3' }, '出价须为正整数积分'],
    ['huge', { ...ok, amount: '99999999999' }, '出价不能超过 10000000 积分'],
    ['empty', { ...ok, amount: '' }, '出价须为正整数积分'],
    ['more than the balance', { ...ok, amount: '1001' }, '积分'],
    ["someone else's article", { ...ok, article: dave.articleId, amount: '200' }, '只能推广您自己已发布的文章'],
    ['an unpublished article', { ...ok, article: draft.id, amount: '200' }, '只能推广您自己已发布的文章'],
    ['a missing article', { ...ok, article: 999999, amount: '200' }, '只能推广您自己已发布的文章'],
    ['the current period', { ...ok, period: '2026-11', amount: '200' }, '2026年11月的推广期已经开始或已结束'],
    ['a past period', { ...ok, period: '2025-01', amount: '200' }, '2025年1月的推广期已经开始或已结束'],
    ['a period too far ahead', { ...ok, period: '2027-06', amount: '200' }, '只能为之后三个月的推广期出价'],
    ['a malformed period', { ...ok, period: '2026-13', amount: '200' }, '请选择推广期'],
    ['an inactive keyword', { ...ok, keyword: off.id, amount: '200' }, '这个关键词目前不接受出价'],
    ['a missing keyword', { ...ok, keyword: 999999, amount: '200' }, '这个关键词目前不接受出价'],
    ['a malformed keyword', { ...ok, keyword: 'x', amount: '200' }, '请选择关键词'],
  ];
  for (const [what, f, message] of cases) {
    const r = await postBid(carol.c, f);
    assert.equal(r.statusCode, 422, what);
    assert.ok(r.body.includes(message), `${what}: ${message}`);
    assert.ok(r.body.includes(`value="${f.amount.replace(/"/g, '&quot;')}"`), `${what}: the amount typed is kept`);
  }
  assert.equal(await z.points.balance(carol.me.id), 1000);
  assert.equal(await systemBalance(z, 'escrow'), 0);
  assert.equal((await z.dbh.db.selectFrom('promotion_bids').selectAll().execute()).length, 0);
  assert.equal(await ledgerCount(z), 2, 'only the two grants');
  // Guests are sent to log in; nothing is written.
  const g = await postBid(guest(z), { ...ok, amount: '200' });
  assert.equal(g.statusCode, 303);
  assert.match(String(g.headers.location), /^\/member\/login/);
  assert.equal((await guest(z).get(`/member/promotion/bid?keyword=${k.id}`)).statusCode, 303);
});

test('concurrent bids from one member never spend more than the balance', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const kws: Keyword[] = [];
  for (let i = 0; i < 10; i++) kws.push(await keyword(z, adminMember, `关键词${i}`, 100, 1));
  const erin = await bidder(z, 'erin', cat.slug, 1000);
  // Ten different rounds at 150 each against 1000 points, plus ten racing raises on the first round.
  const results = await Promise.all([
    ...kws.map((k) => postBid(erin.c, { keyword: k.id, period: NEXT, article: erin.articleId, amount: '150' })),
    ...Array.from({ length: 10 }, (_, i) => postBid(erin.c, { keyword: kws[0]!.id, period: NEXT, article: erin.articleId, amount: String(160 + i) })),
  ]);
  for (const r of results) assert.ok([303, 422].includes(r.statusCode), `status ${r.statusCode}`);
  const balance = await z.points.balance(erin.me.id);
  assert.ok(balance >= 0, `balance ${balance}`);
  const held = await z.dbh.db.selectFrom('promotion_bids').selectAll().where('status', '=', 'held').execute();
  const escrowed = held.reduce((n, b) => n + b.amount, 0);
  assert.equal(balance + escrowed, 1000, 'every point is either in the account or held for a bid');
  assert.equal(await systemBalance(z, 'escrow'), escrowed);
  assert.ok(held.length >= 5 && held.length <= 6, `${held.length} bids held`);
  assert.equal((await z.points.verify()).problems.length, 0);
});
