import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Per-article fields editors know from DedeCMS/PHPCMS: SEO 关键词 and 描述 for the page head (empty: the
 * tags and the summary, as before), 允许评论 (1 by default; 0 closes the comment form of this article only)
 * and 跳转链接 (an http(s) URL the article page answers with a 302; empty: none). One ADD COLUMN per
 * statement (SQLite takes one at a time); the columns land after `body`, so they stay out of list reads.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('seo_keywords', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('seo_description', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('allow_comments', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('redirect_url', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .execute();
}
