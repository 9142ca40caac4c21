import type { Kysely } from 'kysely';
import { idColumn, type Dialect } from '../dialect.ts';

/**
 * 友情链接 (features/links): links to other sites shown at the foot of the home page and on /links.
 * `host` is the URL's host folded (lower case, IDN as punycode, no trailing dots, no leading `www.`, no
 * port): one link per site, whatever its status, so a site that applied once cannot apply again under
 * another path; the unique index holds that against two applications at once. `url` is the address as the
 * URL parser writes it (non-ASCII percent-encoded), checked against 300 characters in that form. `contact` and `note` come from the
 * applicant and are shown to staff only. `kind` is text | image (image: the stored `logo`), `status` is
 * pending | approved | rejected | hidden; the public pages list approved links by `sort_order`, then id.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await idColumn(db.schema.createTable('friend_links'), dialect)
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('url', 'varchar(300)', (c) => c.notNull())
    .addColumn('host', 'varchar(255)', (c) => c.notNull())
    .addColumn('logo', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('contact', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().defaultTo('text'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('friend_links_status').on('friend_links').columns(['status', 'sort_order', 'id']).execute();
  await db.schema.createIndex('friend_links_host').on('friend_links').column('host').unique().execute();
}
