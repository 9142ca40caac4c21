import type { Db, Dialect } from '../../platform/db/index.ts';
import type { AnalyzedFields } from './search.analyzer.ts';
import { createSqliteIndex } from './search.index-sqlite.ts';
import { createPostgresIndex } from './search.index-postgres.ts';

/** One article as the index stores it: segmented fields plus the columns queries filter and sort on. */
export interface SearchDoc {
  id: number;
  categoryId: number;
  publishedAt: string;
  recommendLevel: number;
  verified: boolean;
  fields: AnalyzedFields;
}

export interface IndexQuery {
  /** See QueryPlan: AND (mode 'all') or OR (mode 'any') of clauses, each an OR of token groups. */
  clauses: string[][][];
  mode: 'all' | 'any';
  /** Articles published after this instant are not public yet (scheduled) and never match. */
  now: string;
  categoryIds?: number[];
  /** Inclusive lower and exclusive upper bound on published_at (ISO instants). */
  from?: string;
  until?: string;
  sort: 'relevance' | 'newest';
  limit: number;
  offset: number;
  /** Recommended and verified articles rank a little higher (off unless configured). */
  boostRecommended: boolean;
}

export interface IndexHits {
  total: number;
  hits: Array<{ id: number; score: number }>;
}

/** The one search index interface; SQLite FTS5 and PostgreSQL tsvector implement it (ADR 0006). */
export interface SearchIndex {
  upsert(trx: Db, docs: SearchDoc[]): Promise<void>;
  remove(trx: Db, ids: number[]): Promise<void>;
  query(db: Db, q: IndexQuery): Promise<IndexHits>;
  /** Empties the index (before a rebuild), in the caller's transaction. */
  clear(trx: Db): Promise<void>;
  /**
   * Around a rebuild: `true` defers index upkeep that bulk loading makes wasteful (FTS5 merges segments
   * as they fill), `false` restores it. A rebuild calls `optimize` after restoring it.
   */
  bulkLoad(db: Db, on: boolean): Promise<void>;
  /** After a rebuild: compact the index so queries read fewer segments (SQLite FTS5 'optimize'). */
  optimize(db: Db): Promise<void>;
  /** Indexed documents and the index's size on disk in bytes (null when the database cannot tell). */
  stats(db: Db): Promise<{ docs: number; bytes: number | null }>;
}

/**
 * Broad queries (a word in most articles) would score every match. Relevance is computed over the
 * newest CANDIDATES matches only (by article id, which follows creation time): 30 pages of 10, all a
 * reader is offered. Counts stop at COUNT_CAP ("more than 1,000 results").
 */
export const CANDIDATES = 300;
export const COUNT_CAP = 1_000;

/** Freshness boost: a new article's score is multiplied by up to 1 + FRESH_BOOST, halving in FRESH_DAYS. */
export const FRESH_BOOST = 0.3;
export const FRESH_DAYS = 30;

export function createSearchIndex(dialect: Dialect): SearchIndex {
  return dialect === 'postgres' ? createPostgresIndex() : createSqliteIndex();
}
