import type { Generated } from 'kysely';

/** Tables of related articles and originality fingerprints (features/search, ADR 0007). */
export interface RelatedTables {
  related_df: RelatedDfTable;
  related_terms: RelatedTermsTable;
  related_articles: RelatedArticlesTable;
  related_overrides: RelatedOverridesTable;
  related_queue: RelatedQueueTable;
  article_fingerprints: ArticleFingerprintsTable;
  article_lsh: ArticleLshTable;
}

export interface RelatedDfTable {
  term: string; // '' = corpus size
  df: number;
}

export interface RelatedTermsTable {
  article_id: number;
  term: string;
  weight: number;
}

export interface RelatedArticlesTable {
  article_id: number;
  related_id: number;
  score: number;
  rank: number;
  computed_at: string;
}

export interface RelatedOverridesTable {
  article_id: number;
  related_id: number;
  action: string; // pin | exclude
  created_by: number | null;
  created_at: string;
}

export interface RelatedQueueTable {
  article_id: number;
  queued_at: string;
}

export interface ArticleFingerprintsTable {
  article_id: number;
  author_id: number;
  is_public: Generated<number>;
  published_at: string | null;
  shingles: number;
  signature: string; // MinHash values, 8 hex characters each
  shingle_set: string | null; // the shingle hashes (encodeShingles), for exact verification
  match_id: number | null;
  similarity: Generated<number>;
  original_flagged: Generated<number>;
  override_by: number | null;
  override_at: string | null;
  updated_at: string;
}

export interface ArticleLshTable {
  band_key: number;
  article_id: number;
}
