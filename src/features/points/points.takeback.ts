import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { format, t } from '../../strings/index.ts';
import type { createLedger } from './points.ledger.ts';
import { unreversedGrants, type RewardRef } from './points.lookups.ts';

/**
 * Taking back, inside the caller's transaction, every reward for `ref` the member still holds: all of
 * it or none. Used where the member's own act (deleting their comment) undoes what earned the reward,
 * so the act and the reversal commit together; a balance short of what is due refuses the act
 * instead of leaving part of the reward with the member. The account is locked before the grants are
 * read, so a concurrent reversal or spend either finished before (and is seen) or waits for this
 * transaction (and then finds nothing left to take, by the `reverse:<grant id>` key).
 */
export function createRewardTakeBack(deps: { ledger: ReturnType<typeof createLedger>; lockAccount: (trx: Db, accountId: number) => Promise<number> }) {
  const { ledger, lockAccount } = deps;
  return async function takeBackWhole(trx: Db, ref: RewardRef, memberId: number, actorId: number): Promise<{ due: number; done: boolean }> {
    const accountId = await ledger.memberAccountId(trx, memberId);
    const balance = await lockAccount(trx, accountId);
    const grants = await unreversedGrants(trx, ref, memberId);
    const due = grants.reduce((n, g) => n + g.amount, 0);
    if (due === 0) return { due, done: true };
    if (balance < due) return { due, done: false };
    for (const g of grants) {
      await ledger.post(trx, {
        reason: 'reward.reverse',
        memo: format(t.points.memoReturned, { n: g.amount }),
        ref,
        idempotencyKey: `reverse:${g.id}`,
        actorId,
        postings: [
          { account: { member: memberId }, amount: -g.amount },
          { account: { system: 'issuance' }, amount: g.amount },
        ],
      });
    }
    return { due, done: true };
  };
}

/**
 * Gives back what take-downs reversed of the rewards for `ref` (an article restored from the 回收站 and
 * published again), once per reversal: key `restore:<reversal id>`, the amount the reversal actually took
 * (a short one gives back only that), from issuance, so no balance goes down. The give-back is itself a
 * reward (`reward.restore`): a later take-down reverses it like the first grant, and a later restore gives
 * that reversal back in turn, so trash/restore cycles leave the author with exactly one reward.
 */
export function createRewardRestore(deps: { db: Db; ledger: ReturnType<typeof createLedger> }) {
  const { db, ledger } = deps;
  return async function restoreRewards(ref: RewardRef, actorId?: number): Promise<number> {
    const reversals = await db
      .selectFrom('ledger_transactions as x')
      .innerJoin('ledger_entries as e', 'e.transaction_id', 'x.id')
      .innerJoin('point_accounts as a', 'a.id', 'e.account_id')
      .select(['x.id', 'a.member_id as memberId', 'e.amount'])
      .where('x.ref_type', '=', ref.type)
      .where('x.ref_id', '=', String(ref.id))
      .where('x.reason', '=', 'reward.reverse')
      .where('a.member_id', 'is not', null)
      .where('e.amount', '<', 0)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('ledger_transactions as g')
              .select('g.id')
              .whereRef('g.idempotency_key', '=', sql<string>`${sql.lit('restore:')} || ${sql.ref('x.id')}`),
          ),
        ),
      )
      .orderBy('x.id')
      .execute();
    let given = 0;
    for (const r of reversals) {
      const n = -r.amount;
      const key = `restore:${r.id}`;
      given += await ledger.once(
        key,
        async (trx) => {
          await ledger.post(trx, {
            reason: 'reward.restore',
            memo: format(t.points.memoRestored, { n }),
            ref,
            idempotencyKey: key,
            ...(actorId !== undefined ? { actorId } : {}),
            postings: [
              { account: { system: 'issuance' }, amount: -n },
              { account: { member: r.memberId as number }, amount: n },
            ],
          });
          return n;
        },
        async () => 0,
      );
    }
    return given;
  };
}
