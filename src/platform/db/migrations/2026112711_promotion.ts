import type { Kysely } from 'kysely';
import { idColumn, type Dialect } from '../dialect.ts';

/** The promotion feature's tables: keywords, per-period rounds (settled once) and bids. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await idColumn(db.schema.createTable('promotion_keywords'), dialect)
    .addColumn('keyword', 'varchar(40)', (c) => c.notNull())
    .addColumn('keyword_folded', 'varchar(80)', (c) => c.notNull().unique())
    .addColumn('floor_price', 'integer', (c) => c.notNull())
    .addColumn('slots', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    // Optional: the winners also top this category's list page (栏目推广).
    .addColumn('category_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  // The row a bid locks (PostgreSQL row lock; SQLite has a single writer) and settlement flips once:
  // `update … set settled_at where settled_at is null` succeeds for exactly one settler.
  await db.schema
    .createTable('promotion_rounds')
    .addColumn('keyword_id', 'integer', (c) => c.notNull().references('promotion_keywords.id').onDelete('cascade'))
    .addColumn('period', 'varchar(7)', (c) => c.notNull())
    .addColumn('settled_at', 'varchar(32)')
    .addColumn('settled_by', 'integer')
    .addPrimaryKeyConstraint('promotion_rounds_pk', ['keyword_id', 'period'])
    .execute();
  await db.schema.createIndex('promotion_rounds_due').on('promotion_rounds').columns(['settled_at', 'period']).execute();

  await idColumn(db.schema.createTable('promotion_bids'), dialect)
    .addColumn('keyword_id', 'integer', (c) => c.notNull().references('promotion_keywords.id'))
    .addColumn('period', 'varchar(7)', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id'))
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('placed_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('settled_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('promotion_bids_one').on('promotion_bids').columns(['keyword_id', 'period', 'member_id']).unique().execute();
  await db.schema.createIndex('promotion_bids_rank').on('promotion_bids').columns(['keyword_id', 'period', 'status', 'amount']).execute();
  await db.schema.createIndex('promotion_bids_member').on('promotion_bids').columns(['member_id', 'id']).execute();
}
