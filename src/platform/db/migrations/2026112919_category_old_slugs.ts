import type { Kysely } from 'kysely';

/**
 * A category's former slugs: its old URLs (list pages, feeds) answer with a permanent redirect to the
 * new ones after an admin renames it, instead of 404 for every bookmark, feed reader and search engine.
 * A slug given to a category again stops redirecting (the row is deleted).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('category_old_slugs')
    .addColumn('slug', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}
