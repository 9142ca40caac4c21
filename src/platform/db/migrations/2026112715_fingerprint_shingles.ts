import type { Kysely } from 'kysely';

/**
 * `article_fingerprints.shingle_set`: the article's shingle hashes (platform/text encodeShingles), so
 * that an originality lookup verifies its closest candidate exactly from this column instead of
 * segmenting the candidate's text again (ADR 0007, addendum 2). Null until the article is next written
 * or the fingerprints are rebuilt; a lookup then falls back to segmenting the candidate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('article_fingerprints').addColumn('shingle_set', 'text').execute();
}
