import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * 站内信邮件提醒: members who confirmed that unread 站内信 may be mailed to them as a digest.
 * `notification_mail` holds one row per member who asked (pending until the mailed link is confirmed);
 * `notifications.mailed_at` marks what the digest job dealt with (mailed, or passed over for an account that
 * is not active), so no message is mailed twice; `failures`/`retry_at` back off from an address that fails.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('notification_mail')
    .addColumn('member_id', 'integer', (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('email', 'varchar(100)', (c) => c.notNull())
    .addColumn('origin', 'varchar(200)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)')
    .addColumn('requested_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('confirmed_at', 'varchar(32)')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_at', 'varchar(32)')
    .execute();
  await db.schema.alterTable('notifications').addColumn('mailed_at', 'varchar(32)').execute();
}
