import type { Kysely } from 'kysely';

/**
 * Indexes for rendering a page without the page cache (bench: 100,000 articles).
 *
 * - Articles by (status, published_at, id, recommend_level) replaces (status, published_at): the same
 *   range and order for every "newest first" list, with the id tie-break in the index (no sort of equal
 *   dates) and the recommend level readable from the index, so 推荐图文 / 推荐 skip the rows of
 *   unrecommended articles instead of reading each one (pictures block: 0.26 → 0.09 ms).
 * - Hit buckets by (hour, article_id, hits) replaces (hour): summing a 点击排行 window reads only the
 *   window's index entries, not the bucket rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('articles_status_published_id_level').on('articles').columns(['status', 'published_at', 'id', 'recommend_level']).execute();
  await db.schema.dropIndex('articles_status_published').execute();
  await db.schema.createIndex('article_hit_buckets_hour_article').on('article_hit_buckets').columns(['hour', 'article_id', 'hits']).execute();
  await db.schema.dropIndex('article_hit_buckets_hour').execute();
}
