import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Why a member was banned: shown to them at log-in and to admins on the member's page. */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('members')
    .addColumn('ban_reason', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .execute();
}
