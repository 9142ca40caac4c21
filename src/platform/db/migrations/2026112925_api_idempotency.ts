import type { Kysely } from 'kysely';

/**
 * Idempotency-Key of the JSON API's create endpoints (features/api/api.idempotency.ts): one row per
 * member and key, reserved before the create runs (the primary key makes the first request win on both
 * dialects) and holding the first answer for 24 hours. Rows older than that are deleted as keys come in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_idempotency_keys')
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('key', 'varchar(64)', (c) => c.notNull())
    .addColumn('route', 'varchar(100)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('body', 'text')
    .addColumn('location', 'varchar(300)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('api_idempotency_keys_pk', ['member_id', 'key'])
    .execute();
  await db.schema.createIndex('api_idempotency_keys_created').on('api_idempotency_keys').column('created_at').execute();
}
