import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliDatabase } from '../test/cli.ts';

test('zixun ledger verify passes on a sound ledger and names each problem of a corrupted one (exit 1)', async (t) => {
  const db = await cliDatabase(t);
  const z = await db.app();
  try {
    const alice = await z.members.create({ username: 'ledger_alice', role: 'member' });
    const bob = await z.members.create({ username: 'ledger_bob', role: 'member' });
    await z.points.reward(alice.id, 'register', { type: 'member', id: alice.id });
    await z.dbh.tx((trx) =>
      z.points.post(trx, {
        reason: 'tip',
        postings: [
          { account: { member: alice.id }, amount: -10 },
          { account: { member: bob.id }, amount: 8 },
          { account: { system: 'revenue' }, amount: 2 },
        ],
      }),
    );
  } finally {
    await z.close();
  }

  const ok = await db.run(['ledger', 'verify']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /积分账本：2 笔交易，5 条分录，6 个账户，分录合计 0/);
  assert.match(ok.stdout, /校验通过/);

  // Someone edits a cached balance behind the ledger's back, and drives another member below zero.
  const h = db.open();
  try {
    const alice = await h.db.selectFrom('members').select('id').where('username', '=', 'ledger_alice').executeTakeFirstOrThrow();
    const bob = await h.db.selectFrom('members').select('id').where('username', '=', 'ledger_bob').executeTakeFirstOrThrow();
    await h.db.updateTable('point_accounts').set({ balance: 1000 }).where('member_id', '=', alice.id).execute();
    await h.db.updateTable('point_accounts').set({ balance: -3 }).where('member_id', '=', bob.id).execute();
    const tx = await h.db.selectFrom('ledger_transactions').select('id').where('reason', '=', 'tip').executeTakeFirstOrThrow();
    await h.db.updateTable('ledger_entries').set({ amount: 9 }).where('transaction_id', '=', tx.id).where('amount', '=', 8).execute();
  } finally {
    await h.close();
  }
  const bad = await db.run(['ledger', 'verify']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /积分账本校验未通过：发现 \d+ 个问题/);
  assert.match(bad.stdout, /transaction \d+: 3 entries summing to 1/);
  assert.match(bad.stdout, /\(member \d+\): cached balance 1000 but entries sum to 40/);
  assert.match(bad.stdout, /\(member \d+\): negative balance -3/);
  assert.match(bad.stdout, /all entries sum to 1/);

  const usage = await db.run(['ledger']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /zixun ledger verify/);
});
