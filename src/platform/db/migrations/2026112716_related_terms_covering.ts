import type { Kysely } from 'kysely';

/**
 * The related-articles candidate index by (term, weight, article_id) instead of (term, weight): a
 * publish reads each of its 20 heaviest terms' 200 heaviest postings, and with the article id in the
 * index those 4,000 postings come from the index alone (SQLite: no lookup of each row in the table;
 * PostgreSQL: an index-only scan). At 200,000 articles the table lookups, at random places of a
 * 6.4-million-row table, were most of the per-publish cost (ADR 0007; bench/related.ts). Ties of
 * weight read higher article ids first, as the rebuild orders them. Same name, so the rebuild's
 * drop-and-build of this index (related.lists.ts TERMS_INDEX) keeps working.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('related_terms_term_weight').ifExists().execute();
  await db.schema.createIndex('related_terms_term_weight').on('related_terms').columns(['term', 'weight', 'article_id']).execute();
}
