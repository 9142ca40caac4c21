import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isAppError } from '../../platform/errors.ts';
import { testDialect } from '../../test/db.ts';
import { ledgerFixture } from '../../test/ledger.ts';
import type { PostInput, SystemAccountCode } from './points.ledger.ts';

/**
 * Random sequences of the ledger's real uses (rewards, tip-like transfers with the site's share,
 * redemptions and their refunds, escrowed bids that are refunded or won, admin adjustments, and
 * malformed requests) against a simple model of who should hold what. After every run the ledger's
 * invariants hold and every balance is what the model says: failed operations moved nothing.
 */

const MEMBERS = 4;
const member = fc.integer({ min: 0, max: MEMBERS - 1 });
const amount = fc.integer({ min: 1, max: 300 });
// Malformed amounts. (A negative integer is not malformed in a posting: it is the paying side.)
const badAmount = fc.oneof(
  fc.constant(0),
  fc.double({ min: 0.01, max: 299.99, noInteger: true }),
  fc.constant(Number.NaN),
  fc.constant(Infinity),
  fc.constant(1e15),
  fc.constant('12' as unknown as number),
);

type Op =
  | { kind: 'reward'; m: number; n: number }
  | { kind: 'tip'; from: number; to: number; n: number; sharePct: number }
  | { kind: 'redeem'; m: number; n: number }
  | { kind: 'refund'; pick: number }
  | { kind: 'bid'; m: number; n: number }
  | { kind: 'settle'; pick: number; win: boolean }
  | { kind: 'adjust'; m: number; n: number }
  | { kind: 'bad'; m: number; n: number }
  | { kind: 'repeat'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('reward' as const), m: member, n: amount }),
  fc.record({ kind: fc.constant('tip' as const), from: member, to: member, n: amount, sharePct: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ kind: fc.constant('redeem' as const), m: member, n: amount }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('bid' as const), m: member, n: amount }),
  fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), win: fc.boolean() }),
  fc.record({ kind: fc.constant('adjust' as const), m: member, n: fc.integer({ min: -300, max: 300 }).filter((n) => n !== 0) }),
  fc.record({ kind: fc.constant('bad' as const), m: member, n: badAmount }),
  fc.record({ kind: fc.constant('repeat' as const), pick: fc.nat() }),
);

test('random sequences of ledger operations keep every invariant, and failed ones move nothing', async (t) => {
  const { dbh, points, members } = await ledgerFixture(t);
  const ids = await members(MEMBERS);
  const admin = (await members(1))[0]!;
  let run = 0;

  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
      run++;
      // The model starts from the database as it is (runs share one database).
      const bal = new Map<string, number>();
      const acct = (a: PostInput['postings'][number]['account']) => ('member' in a ? `m${a.member}` : a.system);
      for (const id of ids) bal.set(`m${id}`, await points.balance(id));
      const sys = await dbh.db.selectFrom('point_accounts').select(['code', 'balance']).where('code', 'is not', null).execute();
      for (const r of sys) bal.set(r.code as SystemAccountCode, r.balance);
      const txBefore = (await points.verify()).transactions;
      let applied = 0;
      const redemptions: { m: number; n: number; done: boolean }[] = [];
      const bids: { m: number; n: number; done: boolean }[] = [];
      const keyed: { key: string; input: PostInput }[] = [];

      /** Posts and checks the outcome against the model: applied iff no member/escrow would go negative. */
      async function attempt(input: PostInput): Promise<boolean> {
        const next = new Map(bal);
        for (const p of input.postings) next.set(acct(p.account), next.get(acct(p.account))! + p.amount);
        const ok = [...next.entries()].every(([k, v]) => !(k.startsWith('m') || k === 'escrow') || v >= 0);
        try {
          await points.once(
            input.idempotencyKey,
            (trx) => points.post(trx, input),
            async () => {
              throw new Error('unexpected replay');
            },
          );
        } catch (e) {
          assert.ok(isAppError(e) && e.code === 'points_insufficient', `unexpected failure ${String(e)}`);
          assert.equal(ok, false, `refused although the model allows it: ${JSON.stringify(input)}`);
          return false;
        }
        assert.equal(ok, true, `applied although the model refuses it: ${JSON.stringify(input)}`);
        for (const [k, v] of next) bal.set(k, v);
        applied++;
        return true;
      }

      for (const [i, o] of ops.entries()) {
        const key = `prop:${run}:${i}`;
        const m = (x: number) => ({ member: ids[x]! });
        if (o.kind === 'reward') {
          const input: PostInput = {
            reason: 'reward.article',
            idempotencyKey: key,
            postings: [
              { account: { system: 'issuance' }, amount: -o.n },
              { account: m(o.m), amount: o.n },
            ],
          };
          if (await attempt(input)) keyed.push({ key, input });
        } else if (o.kind === 'tip') {
          if (o.from === o.to) continue; // self-tips are refused by the tips feature before the ledger
          const site = Math.floor((o.n * o.sharePct) / 100);
          const all: PostInput['postings'] = [
            { account: m(o.from), amount: -o.n },
            { account: m(o.to), amount: o.n - site },
            { account: { system: 'revenue' }, amount: site },
          ];
          const postings = all.filter((p) => p.amount !== 0);
          await attempt({ reason: 'tip', idempotencyKey: key, postings });
        } else if (o.kind === 'redeem') {
          if (
            await attempt({
              reason: 'mall.redeem',
              postings: [
                { account: m(o.m), amount: -o.n },
                { account: { system: 'sink' }, amount: o.n },
              ],
            })
          )
            redemptions.push({ m: o.m, n: o.n, done: false });
        } else if (o.kind === 'refund') {
          const r = redemptions.filter((x) => !x.done)[o.pick % Math.max(1, redemptions.length)];
          if (!r) continue;
          r.done = await attempt({
            reason: 'mall.refund',
            postings: [
              { account: { system: 'sink' }, amount: -r.n },
              { account: m(r.m), amount: r.n },
            ],
          });
          assert.ok(r.done);
        } else if (o.kind === 'bid') {
          if (
            await attempt({
              reason: 'promotion.bid',
              postings: [
                { account: m(o.m), amount: -o.n },
                { account: { system: 'escrow' }, amount: o.n },
              ],
            })
          )
            bids.push({ m: o.m, n: o.n, done: false });
        } else if (o.kind === 'settle') {
          const b = bids.filter((x) => !x.done)[o.pick % Math.max(1, bids.length)];
          if (!b) continue;
          const to = o.win ? { system: 'revenue' as const } : m(b.m);
          b.done = await attempt({
            reason: o.win ? 'promotion.win' : 'promotion.refund',
            postings: [
              { account: { system: 'escrow' }, amount: -b.n },
              { account: to, amount: b.n },
            ],
          });
          assert.ok(b.done);
        } else if (o.kind === 'adjust') {
          const enough = bal.get(`m${ids[o.m]}`)! + o.n >= 0;
          try {
            await points.adjust({ actorId: admin, memberId: ids[o.m]!, amount: String(o.n), reason: '随机调整' });
            assert.ok(enough);
            bal.set(`m${ids[o.m]}`, bal.get(`m${ids[o.m]}`)! + o.n);
            bal.set(o.n > 0 ? 'issuance' : 'sink', bal.get(o.n > 0 ? 'issuance' : 'sink')! - o.n);
            applied++;
          } catch (e) {
            assert.ok(!enough && isAppError(e) && e.code === 'points_insufficient', String(e));
          }
        } else if (o.kind === 'bad') {
          await assert.rejects(
            dbh.tx((trx) =>
              points.post(trx, {
                reason: 'tip',
                postings: [
                  { account: m(o.m), amount: -o.n },
                  { account: { system: 'revenue' }, amount: o.n },
                ],
              }),
            ),
            (e) => isAppError(e) && e.code === 'validation_failed',
          );
          // (A form's "12" is a fine adjustment; the ledger itself takes numbers only.)
          if (typeof o.n === 'number')
            await assert.rejects(
              points.adjust({ actorId: admin, memberId: ids[o.m]!, amount: o.n, reason: '坏数据' }),
              (e) => isAppError(e) && e.code === 'validation_failed',
            );
        } else if (o.kind === 'repeat') {
          const k = keyed[o.pick % Math.max(1, keyed.length)];
          if (!k) continue;
          // A retried request: applied once, the caller learns the earlier transaction.
          const out = await points.once(
            k.key,
            async (trx) => (await points.post(trx, k.input)).transactionId,
            async (earlier) => -earlier.id,
          );
          assert.ok(out < 0);
        }
      }

      const report = await points.verify();
      assert.deepEqual(report.problems, []);
      assert.equal(report.total, 0);
      assert.equal(report.transactions, txBefore + applied, 'exactly the applied operations were recorded');
      for (const id of ids) assert.equal(await points.balance(id), bal.get(`m${id}`), `member ${id}`);
      const after = await dbh.db.selectFrom('point_accounts').select(['code', 'balance']).where('code', 'is not', null).execute();
      for (const r of after) assert.equal(r.balance, bal.get(r.code as SystemAccountCode), `system account ${r.code}`);
      const sum = await dbh.db
        .selectFrom('point_accounts')
        .select((eb) => eb.fn.sum<number>('balance').as('s'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(sum.s), 0, 'points are neither created nor lost');
    }),
    { numRuns: testDialect() === 'postgres' ? 25 : 60, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
  );
});

test('random operations fired concurrently still keep every invariant; each success is one transaction', async (t) => {
  const { dbh, points, members } = await ledgerFixture(t);
  const ids = await members(MEMBERS);
  const transfer = fc.record({ from: member, to: member, n: fc.integer({ min: 1, max: 80 }), sink: fc.boolean() });
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(member, fc.integer({ min: 1, max: 100 })), { maxLength: 6 }),
      fc.array(transfer, { minLength: 1, maxLength: 30 }),
      async (grants, moves) => {
        const before = (await points.verify()).transactions;
        const jobs = [
          ...grants.map(([m, n]) => ({
            reason: 'reward.login',
            postings: [
              { account: { system: 'issuance' as const }, amount: -n },
              { account: { member: ids[m]! }, amount: n },
            ],
          })),
          ...moves
            .filter((x) => x.sink || x.from !== x.to)
            .map((x) => ({
              reason: x.sink ? 'mall.redeem' : 'tip',
              postings: [
                { account: { member: ids[x.from]! }, amount: -x.n },
                { account: x.sink ? { system: 'sink' as const } : { member: ids[x.to]! }, amount: x.n },
              ],
            })),
        ];
        const results = await Promise.allSettled(
          jobs.map((input) =>
            points.once(
              undefined,
              (trx) => points.post(trx, input),
              async () => ({ transactionId: 0 }),
            ),
          ),
        );
        for (const r of results) if (r.status === 'rejected') assert.ok(isAppError(r.reason) && r.reason.code === 'points_insufficient', String(r.reason));
        const report = await points.verify();
        assert.deepEqual(report.problems, []);
        assert.equal(report.transactions, before + results.filter((r) => r.status === 'fulfilled').length);
        const sum = await dbh.db
          .selectFrom('point_accounts')
          .select((eb) => eb.fn.sum<number>('balance').as('s'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(sum.s), 0);
      },
    ),
    { numRuns: testDialect() === 'postgres' ? 15 : 30 },
  );
});
