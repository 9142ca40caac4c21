import type { Kysely } from 'kysely';

/**
 * The category index by (category_id, status, published_at, id, title) instead of (category_id, status,
 * published_at). 上一篇/下一篇 of an article page need only the neighbours' ids and titles: with both in
 * the index they come from it alone (SQLite: no read of the neighbour's row, which sits at a random place
 * of the table with its body; PostgreSQL: an index-only scan). That row read was about half of the
 * neighbours' cost on an uncached article page at 100,000 articles (bench/README.md). Category lists use
 * the same leading columns as before. Same name, so nothing else changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('articles_category_published').ifExists().execute();
  await db.schema.createIndex('articles_category_published').on('articles').columns(['category_id', 'status', 'published_at', 'id', 'title']).execute();
}
