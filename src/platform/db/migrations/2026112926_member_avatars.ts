import type { Kysely } from 'kysely';

/**
 * members.avatar: the version of the member's 头像 ('' = none). The files live in storage under
 * avatars/<id>/<version>-200.webp and -48.webp; a new picture gets a new version (so a new file name
 * and URL), which is what keeps browsers and CDNs from showing an old picture.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('members')
    .addColumn('avatar', 'varchar(40)', (c) => c.notNull().defaultTo(''))
    .execute();
}
