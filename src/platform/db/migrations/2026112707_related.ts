import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Related articles (TF-IDF term postings, document frequencies, precomputed lists, editor pins and
 * excludes, a recomputation queue) and originality fingerprints (MinHash signatures, LSH band keys,
 * the 原创 flag and its editor override). See ADR 0007.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  // Document frequency of each term over the public corpus; the row with term '' holds the corpus size.
  await db.schema
    .createTable('related_df')
    .addColumn('term', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('df', 'integer', (c) => c.notNull())
    .execute();

  // Each public article's heaviest TF-IDF terms (unit-normalised weights): the candidate index.
  await db.schema
    .createTable('related_terms')
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('term', 'varchar(64)', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_terms_pk', ['article_id', 'term'])
    .execute();
  await db.schema.createIndex('related_terms_term_weight').on('related_terms').columns(['term', 'weight']).execute();

  await db.schema
    .createTable('related_articles')
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('related_id', 'integer', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_articles_pk', ['article_id', 'related_id'])
    .execute();
  await db.schema.createIndex('related_articles_related').on('related_articles').column('related_id').execute();

  await db.schema
    .createTable('related_overrides')
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('related_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'varchar(16)', (c) => c.notNull()) // pin | exclude
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_overrides_pk', ['article_id', 'related_id'])
    .execute();

  await db.schema
    .createTable('related_queue')
    .addColumn('article_id', 'integer', (c) => c.primaryKey())
    .addColumn('queued_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('article_fingerprints')
    .addColumn('article_id', 'integer', (c) => c.primaryKey())
    .addColumn('author_id', 'integer', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', 'varchar(32)')
    .addColumn('shingles', 'integer', (c) => c.notNull())
    .addColumn('signature', 'varchar(1024)', (c) => c.notNull())
    .addColumn('match_id', 'integer')
    .addColumn('similarity', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('original_flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('override_by', 'integer')
    .addColumn('override_at', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('article_lsh')
    .addColumn('band_key', 'integer', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_lsh_band').on('article_lsh').columns(['band_key', 'article_id']).execute();
  await db.schema.createIndex('article_lsh_article').on('article_lsh').column('article_id').execute();
}
