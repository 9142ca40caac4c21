import type { Generated } from 'kysely';

/**
 * Tables of the search feature (kept apart so each feature edits its own schema file).
 * `search_docs` holds one row per indexed (published) article with the columns the search filters
 * and sorts on; the segmented text lives in `search_fts` (SQLite FTS5, contentless) or in
 * `search_docs.doc` (PostgreSQL tsvector). Neither is written through Kysely's typed builders:
 * see features/search/search.index-*.ts.
 */
export interface SearchTables {
  search_docs: SearchDocsTable;
  search_terms: SearchTermsTable;
}

export interface SearchDocsTable {
  article_id: number;
  category_id: number;
  published_at: string;
  recommend_level: number;
  verified: number;
}

/** Admin-added dictionary words (new names the segmenter should keep whole). */
export interface SearchTermsTable {
  id: Generated<number>;
  term: string;
  created_by: number | null;
  created_at: string;
}
