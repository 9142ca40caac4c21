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
