import type { Kysely } from 'kysely';
import { idColumn, type Dialect } from '../dialect.ts';

/** 打赏: the tips and the admin's tip settings (presets, author share, limits). */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await idColumn(db.schema.createTable('tips'), dialect)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tipper_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('author_share', 'integer', (c) => c.notNull())
    .addColumn('site_share', 'integer', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message', 'varchar(400)', (c) => c.notNull().defaultTo(''))
    .addColumn('ledger_tx_id', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tips_article').on('tips').columns(['article_id', 'id']).execute();
  await db.schema.createIndex('tips_tipper').on('tips').columns(['tipper_id', 'id']).execute();
  await db.schema.createIndex('tips_author').on('tips').columns(['author_id', 'id']).execute();
  await db.schema.createIndex('tips_ledger_tx').on('tips').column('ledger_tx_id').execute();

  await db.schema
    .createTable('tip_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('presets', 'varchar(200)', (c) => c.notNull())
    .addColumn('share_percent', 'integer', (c) => c.notNull())
    .addColumn('min_amount', 'integer', (c) => c.notNull())
    .addColumn('max_amount', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}
