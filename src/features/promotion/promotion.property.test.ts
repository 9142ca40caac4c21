import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AppError } from '../../platform/errors.ts';
import { testDialect } from '../../test/db.ts';
import type { Member } from '../members/index.ts';
import { addPeriods, periodOf } from './index.ts';
import { bidder, keyword, promotionApp, systemBalance } from './promotion.fixtures.test.ts';

const GRANT = 1000;

type Op =
  | { type: 'bid'; m: number; k: number; ahead: number; amount: string }
  | { type: 'withdraw'; m: number; pick: number }
  | { type: 'settle' }
  | { type: 'advance'; days: number };

const amount = fc.oneof(fc.integer({ min: 1, max: 700 }).map(String), fc.constantFrom('0', '-50', '12.5', 'abc', '', '99999999999', '1e3'));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant('bid' as const), m: fc.nat(2), k: fc.nat(1), ahead: fc.integer({ min: 0, max: 4 }), amount }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('withdraw' as const), m: fc.nat(2), pick: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.constant({ type: 'settle' as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 40 }) }) },
);

test('random bids, raises, withdrawals, settlements and time keep every point accounted for', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const kws = [await keyword(z, adminMember, '甲关键词', 50, 2), await keyword(z, adminMember, '乙关键词', 120, 1)];
  const people: Array<{ me: Member; articleId: number; granted: number }> = [];
  for (const name of ['pa', 'pb', 'pc']) {
    const b = await bidder(z, name, cat.slug, GRANT);
    people.push({ me: b.me, articleId: b.articleId, granted: GRANT });
  }

  async function invariants(): Promise<void> {
    const bids = await z.dbh.db.selectFrom('promotion_bids').selectAll().execute();
    const sum = (f: (b: (typeof bids)[number]) => boolean) => bids.filter(f).reduce((n, b) => n + b.amount, 0);
    for (const p of people) {
      const balance = await z.points.balance(p.me.id);
      assert.ok(balance >= 0);
      const held = sum((b) => b.member_id === p.me.id && b.status === 'held');
      const won = sum((b) => b.member_id === p.me.id && b.status === 'won');
      assert.equal(balance + held + won, p.granted, `member ${p.me.username}`);
    }
    assert.equal(
      await systemBalance(z, 'escrow'),
      sum((b) => b.status === 'held'),
    );
    assert.equal(
      await systemBalance(z, 'revenue'),
      sum((b) => b.status === 'won'),
    );
    // No started round keeps held bids once settled; a settled round never has more winners than slots.
    const current = periodOf(z.clock.now());
    const rounds = await z.dbh.db.selectFrom('promotion_rounds').selectAll().execute();
    for (const r of rounds) {
      const inRound = bids.filter((b) => b.keyword_id === r.keyword_id && b.period === r.period);
      if (r.settled_at) assert.ok(!inRound.some((b) => b.status === 'held'));
      else assert.ok(r.period > current || inRound.every((b) => b.status !== 'won'));
      const slots = kws.find((k) => k.id === r.keyword_id)!.slots;
      assert.ok(inRound.filter((b) => b.status === 'won').length <= slots);
    }
  }

  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), async (ops) => {
      for (const o of ops) {
        try {
          if (o.type === 'bid') {
            const p = people[o.m]!;
            const period = addPeriods(periodOf(z.clock.now()), o.ahead);
            await z.promotion.bid(p.me, { keyword: String(kws[o.k]!.id), period, article: String(p.articleId), amount: o.amount }, undefined);
          } else if (o.type === 'withdraw') {
            const p = people[o.m]!;
            const mine = await z.dbh.db.selectFrom('promotion_bids').select('id').where('member_id', '=', p.me.id).orderBy('id').execute();
            const pick = mine[o.pick % Math.max(1, mine.length)];
            if (pick) await z.promotion.withdraw(p.me, pick.id, undefined);
          } else if (o.type === 'settle') {
            await z.promotion.settleDue();
          } else {
            z.clock.advance(o.days * 86_400_000);
          }
        } catch (e) {
          // Refusals are expected (bad amounts, closed periods, not enough points); anything else is a bug.
          if (!(e instanceof AppError) || e.status >= 500) throw e;
        }
        await invariants();
      }
    }),
    { numRuns: testDialect() === 'postgres' ? 8 : 20, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
  );
  assert.deepEqual((await z.points.verify()).problems, []);
});
