import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';

export interface LedgerReport {
  transactions: number;
  entries: number;
  accounts: number;
  /** Sum of every entry: 0 in a sound ledger. */
  total: number;
  /** One line per problem found (English: this is an operator's report); empty when sound. */
  problems: string[];
}

/**
 * Checks the ledger's invariants: each transaction has two or more entries summing to zero, each
 * account's cached balance equals the sum of its entries, no member (or escrow) balance is negative,
 * and all entries together sum to zero.
 */
export async function verifyLedger(db: Db): Promise<LedgerReport> {
  const problems: string[] = [];
  const counts = await db
    .selectFrom('ledger_entries')
    .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(amount), 0)`.as('s')])
    .executeTakeFirstOrThrow();
  const txCount = await db
    .selectFrom('ledger_transactions')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  const accountCount = await db
    .selectFrom('point_accounts')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();

  const unbalanced = await db
    .selectFrom('ledger_transactions as x')
    .leftJoin('ledger_entries as e', 'e.transaction_id', 'x.id')
    .select(['x.id', sql<number>`coalesce(sum(e.amount), 0)`.as('s'), sql<number>`count(e.id)`.as('n')])
    .groupBy('x.id')
    .having((eb) => eb.or([eb(sql`coalesce(sum(e.amount), 0)`, '!=', 0), eb(sql`count(e.id)`, '<', 2)]))
    .orderBy('x.id')
    .limit(100)
    .execute();
  for (const r of unbalanced) problems.push(`transaction ${r.id}: ${toNumber(r.n)} entries summing to ${toNumber(r.s)} (must be >= 2 entries summing to 0)`);

  const orphans = await db
    .selectFrom('ledger_entries as e')
    .leftJoin('ledger_transactions as x', 'x.id', 'e.transaction_id')
    .select('e.id')
    .where('x.id', 'is', null)
    .limit(100)
    .execute();
  for (const r of orphans) problems.push(`entry ${r.id}: belongs to no transaction`);

  const sums = db
    .selectFrom('ledger_entries')
    .select(['account_id', sql<number>`sum(amount)`.as('s')])
    .groupBy('account_id')
    .as('sums');
  const drift = await db
    .selectFrom('point_accounts as a')
    .leftJoin(sums, 'sums.account_id', 'a.id')
    .select(['a.id', 'a.member_id', 'a.code', 'a.balance', sql<number>`coalesce(sums.s, 0)`.as('s')])
    .where(sql<boolean>`a.balance <> coalesce(sums.s, 0)`)
    .orderBy('a.id')
    .limit(100)
    .execute();
  const name = (a: { id: number; member_id: number | null; code: string | null }) =>
    a.code ? `account ${a.id} (${a.code})` : `account ${a.id} (member ${a.member_id})`;
  for (const r of drift) problems.push(`${name(r)}: cached balance ${r.balance} but entries sum to ${toNumber(r.s)}`);

  const negative = await db
    .selectFrom('point_accounts')
    .select(['id', 'member_id', 'code', 'balance'])
    .where((eb) => eb.and([eb('balance', '<', 0), eb.or([eb('member_id', 'is not', null), eb('code', '=', 'escrow')])]))
    .orderBy('id')
    .limit(100)
    .execute();
  for (const r of negative) problems.push(`${name(r)}: negative balance ${r.balance}`);

  const total = toNumber(counts.s);
  if (total !== 0) problems.push(`all entries sum to ${total} (must be 0)`);
  return { transactions: toNumber(txCount.n), entries: toNumber(counts.n), accounts: toNumber(accountCount.n), total, problems };
}
