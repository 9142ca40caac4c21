import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';

/**
 * Reads of recorded movements, for pages that report what happened: an amount shown to a person
 * comes from the ledger, never from a URL or a form.
 */
export function createLedgerLookups(db: Db) {
  /** Points credited to members by the transactions with these idempotency keys (e.g. refunds), per key. */
  async function memberCreditsByKeys(keys: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const unique = [...new Set(keys)];
    if (!unique.length) return out;
    const rows = await db
      .selectFrom('ledger_transactions as x')
      .innerJoin('ledger_entries as e', 'e.transaction_id', 'x.id')
      .innerJoin('point_accounts as a', 'a.id', 'e.account_id')
      .select(['x.idempotency_key as key', (eb) => eb.fn.sum<number>('e.amount').as('n')])
      .where('x.idempotency_key', 'in', unique)
      .where('a.member_id', 'is not', null)
      .where('e.amount', '>', 0)
      .groupBy('x.idempotency_key')
      .execute();
    for (const r of rows) if (r.key !== null) out.set(r.key, toNumber(r.n));
    return out;
  }

  /** A staff adjustment (`admin.adjust`) as recorded: whose balance it moved and by how much. */
  async function adjustment(transactionId: number): Promise<{ memberId: number; amount: number; createdAt: string } | undefined> {
    const r = await db
      .selectFrom('ledger_transactions as x')
      .innerJoin('ledger_entries as e', 'e.transaction_id', 'x.id')
      .innerJoin('point_accounts as a', 'a.id', 'e.account_id')
      .select(['a.member_id as memberId', 'e.amount', 'x.created_at as createdAt'])
      .where('x.id', '=', transactionId)
      .where('x.reason', '=', 'admin.adjust')
      .where('a.member_id', 'is not', null)
      .executeTakeFirst();
    return r && r.memberId !== null ? { memberId: r.memberId, amount: r.amount, createdAt: r.createdAt } : undefined;
  }

  return { memberCreditsByKeys, adjustment };
}

export interface RewardRef {
  type: string;
  id: number | string;
}

/**
 * The member's reward grants for `ref` not yet reversed. reverseRewards takes each back once (key
 * `reverse:<grant id>`), and only as far as the balance covers then, so a grant it has seen counts as
 * settled either way.
 */
export async function unreversedGrants(db: Db, ref: RewardRef, memberId: number): Promise<{ id: number; amount: number }[]> {
  return db
    .selectFrom('ledger_transactions as x')
    .innerJoin('ledger_entries as e', 'e.transaction_id', 'x.id')
    .innerJoin('point_accounts as a', 'a.id', 'e.account_id')
    .select(['x.id', 'e.amount'])
    .where('x.ref_type', '=', ref.type)
    .where('x.ref_id', '=', String(ref.id))
    .where('x.reason', 'like', 'reward.%')
    .where('x.reason', '!=', 'reward.reverse')
    .where('a.member_id', '=', memberId)
    .where('e.amount', '>', 0)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ledger_transactions as r')
            .select('r.id')
            .whereRef('r.idempotency_key', '=', sql<string>`${sql.lit('reverse:')} || ${sql.ref('x.id')}`),
        ),
      ),
    )
    .orderBy('x.id')
    .execute();
}
