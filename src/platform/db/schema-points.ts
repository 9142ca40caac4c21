import type { Generated } from 'kysely';

/** A member's points account (member_id) or a system account (code). `balance` caches the sum of its entries. */
export interface PointAccountsTable {
  id: Generated<number>;
  member_id: number | null;
  code: string | null;
  balance: Generated<number>;
  updated_at: string;
}

export interface LedgerTransactionsTable {
  id: Generated<number>;
  reason: string;
  memo: Generated<string>;
  ref_type: string | null;
  ref_id: string | null;
  idempotency_key: string | null;
  actor_id: number | null;
  created_at: string;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  transaction_id: number;
  account_id: number;
  amount: number;
  created_at: string;
}

export interface PointRulesTable {
  rule: string;
  points: number;
  daily_cap: number;
  updated_at: string;
}

/** Tables of the points feature (kept apart so each feature edits its own schema file). */
export interface PointsTables {
  point_accounts: PointAccountsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  point_rules: PointRulesTable;
}
