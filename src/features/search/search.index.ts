import { sql } from 'kysely';
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
  /** PostgreSQL: the document's weighted tsvector literal, when a rebuild's worker thread built it (search.tsvector.ts). */
  tsvector?: string;
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
  /** Articles never returned (the promoted ones shown above the results), so pages stay consecutive. */
  exclude?: number[];
  sort: 'relevance' | 'newest';
  limit: number;
  offset: number;
  /** Recommended and verified articles rank a little higher (off unless configured). */
  boostRecommended: boolean;
}

export interface IndexHits {
  total: number;
  hits: Array<{ id: number; score: number }>;
  /** Relevance order: how many matches were ranked by score (the rest follow by date); all when undefined. */
  ranked?: number;
}

/** The one search index interface; SQLite FTS5 and PostgreSQL tsvector implement it (ADR 0006). */
export interface SearchIndex {
  upsert(trx: Db, docs: SearchDoc[]): Promise<void>;
  remove(trx: Db, ids: number[]): Promise<void>;
  query(db: Db, q: IndexQuery): Promise<IndexHits>;
  /** Empties the index (before a rebuild), in the caller's transaction. */
  clear(trx: Db): Promise<void>;
  /** Starts a full rebuild (see IndexRebuild). A rebuild left unfinished by a crash is discarded. */
  rebuild(db: Db): Promise<IndexRebuild>;
  /** Indexed documents and the index's size on disk in bytes (null when the database cannot tell). */
  stats(db: Db): Promise<{ docs: number; bytes: number | null }>;
}

/**
 * A full rebuild in progress. SQLite: documents go to a fresh FTS5 table that replaces the index
 * atomically at `finish` (queries read the old one until then); articles written meanwhile through
 * upsert/remove (by any process) reach both and are not overwritten by the rebuild's older copy.
 * PostgreSQL: documents go to a new table without a text index; its GIN index is built at `finish`,
 * and it replaces the old table atomically, with the same write-through for articles written meanwhile.
 */
export interface IndexRebuild {
  /** Index these documents (in the caller's transaction). */
  load(trx: Db, docs: SearchDoc[]): Promise<void>;
  /** Compacts and swaps in the new index, dropping entries of articles not among `seen` (those the rebuild read). */
  finish(seen: ReadonlySet<number>): Promise<void>;
  /** Discards the new index (after a failure); the old one stays. */
  abort(): Promise<void>;
  /** What the rebuild's worker threads send back per document (search.pool.ts): token strings, or a tsvector literal. */
  readonly format: DocFormat;
}

/** 'joined': four space-joined token strings (SQLite FTS5 stores them); 'tsvector': one weighted tsvector literal (PostgreSQL). */
export type DocFormat = 'joined' | 'tsvector';

/**
 * Relevance order, with bounded work per query (a word in most articles would otherwise score every
 * match). Up to COUNT_CAP matches, every match is scored and ranked: the count is exact and each match
 * can be reached. Beyond that (the count says "超过 1000 条"), the newest CANDIDATES matches are ranked
 * (by article id, which follows creation time), on SQLite for a one-word query together with the newest
 * TITLE_EXTRA older matches that have the word in their title (what bm25 ranks highest; measured: about
 * +0.4 ms CPU per query at 100,000 articles, more for several words); the remaining matches follow
 * by date, newest first, up to COUNT_CAP, and the page says so (`IndexHits.ranked`).
 */
export const CANDIDATES = 300;
export const TITLE_EXTRA = 50;
export const COUNT_CAP = 1_000;

/** Freshness boost: a new article's score is multiplied by up to 1 + FRESH_BOOST, halving in FRESH_DAYS. */
export const FRESH_BOOST = 0.3;
export const FRESH_DAYS = 30;

export function createSearchIndex(dialect: Dialect): SearchIndex {
  return dialect === 'postgres' ? createPostgresIndex() : createSqliteIndex();
}

/**
 * During a rebuild, the documents of a batch that were not written since the rebuild began: those that
 * were are already in the new index (or removed from it), newer than the rebuild's copy. `written` is the
 * rebuild's table of written ids.
 */
export async function notWrittenSince<T extends { id: number }>(trx: Db, written: string, docs: T[]): Promise<T[]> {
  const ids = await sql<{ id: number }>`select article_id as id from ${sql.table(written)} where article_id in (${sql.join(docs.map((d) => d.id))})`.execute(
    trx,
  );
  if (!ids.rows.length) return docs;
  const skip = new Set(ids.rows.map((r) => Number(r.id)));
  return docs.filter((d) => !skip.has(d.id));
}
