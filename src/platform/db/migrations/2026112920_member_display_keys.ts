import { sql, type Kysely } from 'kysely';
import { compareKey } from '../../text/index.ts';

/**
 * members.display_key: the 昵称 folded as names are compared (Traditional → Simplified, full-width →
 * half-width, lowercase, no spaces), computed in JS so that SQLite and PostgreSQL agree (SQLite's
 * `lower()` folds ASCII only) and indexed, so "is this 昵称 someone else's" is one index lookup.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('members')
    .addColumn('display_key', 'varchar(160)', (c) => c.notNull().defaultTo(''))
    .execute();
  const rows = await sql<{ id: number; display_name: string }>`select id, display_name from members`.execute(db);
  for (const r of rows.rows) await sql`update members set display_key = ${compareKey(r.display_name)} where id = ${r.id}`.execute(db);
  await db.schema.createIndex('members_display_key').on('members').column('display_key').execute();
}
