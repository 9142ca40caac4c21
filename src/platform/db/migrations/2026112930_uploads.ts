import type { Kysely } from 'kysely';
import { idColumn, type Dialect } from '../dialect.ts';

/**
 * 附件管理: one row per file in storage (features/uploads). `key` is the storage key (the URL is
 * `/uploads/<key>`); `kind` is what it was stored for (cover, body_image, avatar, logo, ad, gift, legacy…);
 * `uploader_id` is null for files the system wrote or that were on disk before this table. Whether a file
 * is in use is computed from the data, never stored. `upload_sweeps` holds one row per day the daily sweep
 * ran: the unique day is the claim, so several app instances sweep once; `finished_at` stays null until the
 * sweep completed, so a run that failed or crashed is taken up again by a later hourly look.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await idColumn(db.schema.createTable('uploads'), dialect)
    .addColumn('key', 'varchar(210)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('uploader_id', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('uploads_created').on('uploads').columns(['created_at', 'id']).execute();
  await db.schema
    .createTable('upload_sweeps')
    .addColumn('day', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .execute();
}
