import type { Kysely } from 'kysely';
import { idColumn, type Dialect } from '../dialect.ts';

/**
 * The points ledger (double entry): accounts with a cached balance, transactions and their entries, and
 * the admin-configurable reward rules. System accounts are created here; member accounts lazily.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // member_id is set for a member's account, code for a system account (issuance, sink, escrow, revenue).
  await idColumn(db.schema.createTable('point_accounts'), dialect)
    .addColumn('member_id', 'integer', (c) => c.references('members.id'))
    .addColumn('code', 'varchar(32)')
    .addColumn('balance', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('point_accounts_member').unique().on('point_accounts').column('member_id').execute();
  await db.schema.createIndex('point_accounts_code').unique().on('point_accounts').column('code').execute();

  await idColumn(db.schema.createTable('ledger_transactions'), dialect)
    .addColumn('reason', 'varchar(64)', (c) => c.notNull())
    .addColumn('memo', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('ref_type', 'varchar(32)')
    .addColumn('ref_id', 'varchar(64)')
    .addColumn('idempotency_key', 'varchar(200)')
    .addColumn('actor_id', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  // The error of a duplicate key names this index on both dialects (see points.service.ts).
  await db.schema.createIndex('ledger_transactions_idempotency_key').unique().on('ledger_transactions').column('idempotency_key').execute();
  await db.schema.createIndex('ledger_transactions_reason').on('ledger_transactions').columns(['reason', 'created_at']).execute();
  await db.schema.createIndex('ledger_transactions_ref').on('ledger_transactions').columns(['ref_type', 'ref_id']).execute();
  await db.schema.createIndex('ledger_transactions_created').on('ledger_transactions').column('created_at').execute();

  await idColumn(db.schema.createTable('ledger_entries'), dialect)
    .addColumn('transaction_id', 'integer', (c) => c.notNull().references('ledger_transactions.id'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('point_accounts.id'))
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_entries_account').on('ledger_entries').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('ledger_entries_transaction').on('ledger_entries').column('transaction_id').execute();

  // One row per reward rule; points 0 switches a rule off, daily_cap 0 means no cap.
  await db.schema
    .createTable('point_rules')
    .addColumn('rule', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('daily_cap', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  const now = new Date().toISOString();
  const q = db as Kysely<any>;
  await q
    .insertInto('point_accounts')
    .values(['issuance', 'sink', 'escrow', 'revenue'].map((code) => ({ code, balance: 0, updated_at: now })))
    .execute();
  await q
    .insertInto('point_rules')
    .values([
      { rule: 'register', points: 50, daily_cap: 0, updated_at: now },
      { rule: 'login', points: 5, daily_cap: 5, updated_at: now },
      { rule: 'article', points: 20, daily_cap: 100, updated_at: now },
      { rule: 'comment', points: 2, daily_cap: 20, updated_at: now },
      { rule: 'tip', points: 1, daily_cap: 10, updated_at: now },
    ])
    .execute();
}
