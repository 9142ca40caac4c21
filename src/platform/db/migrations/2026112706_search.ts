import { sql, type Kysely } from 'kysely';
import { idColumn, type Dialect } from '../dialect.ts';

/**
 * Full-text search over pre-segmented text (ADR 0006). Both dialects get `search_docs` (filter and
 * sort columns) and `search_terms` (admin dictionary words). The text index differs:
 * - SQLite: a contentless FTS5 table whose rowid is the article id. Tokens arrive space-joined;
 *   `tokenchars` keeps model codes, decimals and units (hk-3001, 3.5%, 120km/h) whole.
 * - PostgreSQL: a weighted tsvector column built from exact lexemes (no parser), with a GIN index.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('search_docs')
    .addColumn('article_id', 'integer', (c) => c.primaryKey())
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('recommend_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // No indexes on the filter columns, on purpose: matching always starts from the text index (FTS5,
  // GIN) and filters the matches; an index on published_at only tempts PostgreSQL's planner into
  // scanning by date and evaluating @@ on every row.

  if (dialect === 'postgres') {
    await sql`alter table search_docs add column doc tsvector not null default ''::tsvector`.execute(db);
    await sql`create index search_docs_doc on search_docs using gin (doc)`.execute(db);
  } else {
    await sql
      .raw(
        `create virtual table search_fts using fts5(title, summary, tags, body, content='', contentless_delete=1, ` +
          `tokenize="unicode61 remove_diacritics 0 tokenchars '-_.+/%#&@'")`,
      )
      .execute(db);
    // Document frequencies per token (read by the query planner in search.index-sqlite.ts).
    await sql.raw(`create virtual table search_vocab using fts5vocab(search_fts, 'row')`).execute(db);
  }

  await idColumn(db.schema.createTable('search_terms'), dialect)
    .addColumn('term', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}
