import { sql, type Kysely } from 'kysely';

/**
 * api_tokens.expires_at: a token may be created valid for N days (`zixun token create --days N`); null
 * never expires, as every token made before. And an index on lower(members.username): registration, log-in
 * and `members.ensure` (every imported or API-written article's author) compare usernames ignoring case,
 * which without it reads the whole members table. Not unique: older sites may hold names differing in case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'varchar(32)').execute();
  await db.schema
    .createIndex('members_username_lower')
    .on('members')
    .expression(sql`lower(username)`)
    .execute();
}
