import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAppError } from '../../platform/errors.ts';
import { ledgerFixture } from '../../test/ledger.ts';
import { IdempotencyReplay, type PostInput } from './points.ledger.ts';

const grant = (member: number, amount: number, extra: Partial<PostInput> = {}): PostInput => ({
  reason: 'admin.adjust',
  postings: [
    { account: { system: 'issuance' }, amount: -amount },
    { account: { member }, amount },
  ],
  ...extra,
});
const spend = (member: number, amount: number, extra: Partial<PostInput> = {}): PostInput => ({
  reason: 'mall.redeem',
  postings: [
    { account: { member }, amount: -amount },
    { account: { system: 'sink' }, amount },
  ],
  ...extra,
});

const codeOf = (e: unknown) => (isAppError(e) ? e.code : String(e));

test('post moves points between accounts, records the transaction and keeps the ledger balanced', async (t) => {
  const { dbh, points, members } = await ledgerFixture(t);
  const [alice, bob] = await members(2);
  assert.equal(await points.balance(alice!), 0, 'no account yet: balance 0');
  await dbh.tx((trx) => points.post(trx, grant(alice!, 100, { memo: '测试发放', ref: { type: 'article', id: 7 }, actorId: bob!, idempotencyKey: 'k1' })));
  // A tip-like split: alice pays 10, bob gets 8, the site 2.
  await dbh.tx((trx) =>
    points.post(trx, {
      reason: 'tip',
      postings: [
        { account: { member: alice! }, amount: -10 },
        { account: { member: bob! }, amount: 8 },
        { account: { system: 'revenue' }, amount: 2 },
      ],
    }),
  );
  assert.equal(await points.balance(alice!), 90);
  assert.equal(await points.balance(bob!), 8);
  const tx = await points.transactionByKey('k1');
  assert.ok(tx);
  assert.deepEqual(
    { reason: tx.reason, memo: tx.memo, refType: tx.refType, refId: tx.refId, actorId: tx.actorId },
    { reason: 'admin.adjust', memo: '测试发放', refType: 'article', refId: '7', actorId: bob },
  );
  const report = await points.verify();
  assert.deepEqual(report.problems, []);
  assert.equal(report.transactions, 2);
  assert.equal(report.entries, 5);
});

test('a spend beyond the balance fails with points_insufficient and the caller transaction keeps nothing', async (t) => {
  const { dbh, points, members } = await ledgerFixture(t);
  const [alice] = await members(1);
  await dbh.tx((trx) => points.post(trx, grant(alice!, 30)));
  await assert.rejects(
    dbh.tx(async (trx) => {
      await trx.updateTable('members').set({ bio: 'changed in the same transaction' }).where('id', '=', alice!).execute();
      await points.post(trx, spend(alice!, 31));
    }),
    (e) => codeOf(e) === 'points_insufficient' && /积分不足/.test((e as Error).message),
  );
  assert.equal(await points.balance(alice!), 30);
  const m = await dbh.db.selectFrom('members').select('bio').where('id', '=', alice!).executeTakeFirstOrThrow();
  assert.equal(m.bio, '', "the caller's own write rolled back too");
  assert.equal((await points.verify()).transactions, 1);
  // Exactly the balance is fine.
  await dbh.tx((trx) => points.post(trx, spend(alice!, 30)));
  assert.equal(await points.balance(alice!), 0);
});

test('malformed postings are refused with a clear message and move nothing', async (t) => {
  const { dbh, points, members } = await ledgerFixture(t);
  const [alice] = await members(1);
  await dbh.tx((trx) => points.post(trx, grant(alice!, 50)));
  const bad: [string, unknown[]][] = [
    ['negative grant (member pays from nothing to issuance is fine, but sums must match)', [-5, 4]],
    ['zero', [0, 0]],
    ['fractional', [-1.5, 1.5]],
    ['enormous', [-1e12, 1e12]],
    ['NaN', [Number.NaN, Number.NaN]],
    ['infinite', [-Infinity, Infinity]],
    ['non-numeric', ['-5', '5']],
  ];
  for (const [label, [a, b]] of bad) {
    await assert.rejects(
      dbh.tx((trx) =>
        points.post(trx, {
          reason: 'tip',
          postings: [
            { account: { member: alice! }, amount: a as number },
            { account: { system: 'revenue' }, amount: b as number },
          ],
        }),
      ),
      (e) => codeOf(e) === 'validation_failed' && /积分/.test((e as Error).message),
      label,
    );
  }
  await assert.rejects(
    dbh.tx((trx) => points.post(trx, { reason: 'tip', postings: [{ account: { member: alice! }, amount: 5 }] })),
    (e) => codeOf(e) === 'validation_failed',
    'a single posting',
  );
  await assert.rejects(
    dbh.tx((trx) =>
      points.post(trx, {
        reason: 'tip',
        postings: [
          { account: { system: 'nowhere' as 'sink' }, amount: 5 },
          { account: { member: alice! }, amount: -5 },
        ],
      }),
    ),
    (e) => codeOf(e) === 'validation_failed',
    'an unknown system account',
  );
  assert.equal(await points.balance(alice!), 50);
  const r = await points.verify();
  assert.equal(r.transactions, 1);
  assert.deepEqual(r.problems, []);
});

test('an idempotency key is applied once: post throws IdempotencyReplay, once() answers with the earlier transaction', async (t) => {
  const { dbh, points, members } = await ledgerFixture(t);
  const [alice] = await members(1);
  await dbh.tx((trx) => points.post(trx, grant(alice!, 10, { idempotencyKey: 'gift:1' })));
  await assert.rejects(
    dbh.tx((trx) => points.post(trx, grant(alice!, 10, { idempotencyKey: 'gift:1' }))),
    (e) => e instanceof IdempotencyReplay && e.code === 'idempotency_replay' && e.earlier?.idempotencyKey === 'gift:1',
  );
  const first = await points.transactionByKey('gift:1');
  const out = await points.once(
    'gift:1',
    async (trx) => (await points.post(trx, grant(alice!, 10, { idempotencyKey: 'gift:1' }))).transactionId,
    async (earlier) => -earlier.id,
  );
  assert.equal(out, -first!.id);
  assert.equal(await points.balance(alice!), 10);
});

test('1,000 parallel spends from a balance covering 500: exactly 500 succeed and the balance ends at 0', async (t) => {
  const { dbh, points, members } = await ledgerFixture(t);
  const [payer, payee] = await members(2);
  await dbh.tx((trx) => points.post(trx, grant(payer!, 500)));
  const results = await Promise.allSettled(
    Array.from({ length: 1000 }, (_, i) =>
      points.once(
        `tip:${payer}:${i}`,
        (trx) =>
          points.post(trx, {
            reason: 'tip',
            idempotencyKey: `tip:${payer}:${i}`,
            postings: [
              { account: { member: payer! }, amount: -1 },
              { account: { member: payee! }, amount: 1 },
            ],
          }),
        async () => {
          throw new Error('no replay expected');
        },
      ),
    ),
  );
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => codeOf(r.reason));
  assert.equal(ok, 500);
  assert.deepEqual([...new Set(failures)], ['points_insufficient']);
  assert.equal(await points.balance(payer!), 0);
  assert.equal(await points.balance(payee!), 500);
  const report = await points.verify();
  assert.deepEqual(report.problems, []);
  assert.equal(report.transactions, 501);
});

test('the same idempotency key retried 20 times concurrently is applied once; each retry sees the first result', async (t) => {
  const { dbh, points, members } = await ledgerFixture(t);
  const [payer] = await members(1);
  await dbh.tx((trx) => points.post(trx, grant(payer!, 100)));
  const key = `mall:${payer}:form-123`;
  const outcomes = await Promise.all(
    Array.from({ length: 20 }, () =>
      points.once(
        key,
        async (trx) => {
          const r = await points.post(trx, spend(payer!, 30, { idempotencyKey: key }));
          return { fresh: true, id: r.transactionId };
        },
        async (earlier) => ({ fresh: false, id: earlier.id }),
      ),
    ),
  );
  assert.equal(outcomes.filter((o) => o.fresh).length, 1);
  assert.equal(new Set(outcomes.map((o) => o.id)).size, 1, 'every caller learns the same transaction');
  assert.equal(await points.balance(payer!), 70);
  assert.deepEqual((await points.verify()).problems, []);
});

test('concurrent rewards respect the daily cap and each key pays once', async (t) => {
  const { points, members } = await ledgerFixture(t);
  const [alice] = await members(1);
  await points.saveRules([{ rule: 'comment', points: 3, dailyCap: 7 }]);
  // 20 different approved comments at once, each approval delivered twice.
  const granted = await Promise.all(Array.from({ length: 40 }, (_, i) => points.reward(alice!, 'comment', { type: 'comment', id: i % 20 })));
  assert.equal(
    granted.reduce((a, b) => a + b, 0),
    7,
  );
  assert.equal(await points.balance(alice!), 7);
  assert.deepEqual((await points.verify()).problems, []);
});
