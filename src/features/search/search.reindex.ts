import type { Db, DbHandle } from '../../platform/db/index.ts';
import { indexableArticlesAfter, countIndexableArticles, type IndexableArticle } from '../articles/index.ts';
import { splitFields, type Analyzer } from './search.analyzer.ts';
import type { SearchDoc, SearchIndex } from './search.index.ts';
import { createSegmentPool } from './search.pool.ts';

export interface ReindexOptions {
  /** Articles read (and segmented) per batch. */
  batch?: number;
  /** Articles written per transaction. */
  writeBatch?: number;
  /** Segmentation threads (default: platform/workers defaultPoolSize). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ReindexResult {
  count: number;
  ms: number;
  threads: number;
}

/** What a rebuild borrows from the search service: its index, analyzer and custom dictionary. */
export interface ReindexDeps {
  dbh: DbHandle;
  index: SearchIndex;
  analyzer: Analyzer;
  /** Loads the custom dictionary (category names, tags, admin terms) if it is stale. */
  ensureDictionary(db: Db): Promise<void>;
  /** The dictionary words known so far (sent to worker threads when they start). */
  knownWords(): string[];
  /** Adds words to the dictionary; returns the ones it did not know yet. */
  addWords(words: string[]): string[];
  /** The article as an index document, without segmented fields. */
  toDoc(a: IndexableArticle): SearchDoc;
}

/**
 * Rebuild the whole index into a new one that replaces it when complete (IndexRebuild): searches
 * keep using the old index meanwhile. Entries of articles no longer published are dropped. The main
 * thread reads batches and writes them (one transaction per `writeBatch` articles, one FTS5 segment
 * each on SQLite); worker threads segment up to `inFlight` batches ahead of the writes (search.pool.ts),
 * and on PostgreSQL also build each document's tsvector literal (the index's `format`).
 */
export function createReindex(deps: ReindexDeps): (opts?: ReindexOptions) => Promise<ReindexResult> {
  const { dbh, index, analyzer } = deps;
  return async function reindex(opts = {}) {
    const started = performance.now();
    const batch = opts.batch ?? 500;
    const writeBatch = Math.max(batch, opts.writeBatch ?? 5_000);
    await deps.ensureDictionary(dbh.db);
    const total = await countIndexableArticles(dbh.db);
    const rebuild = await index.rebuild(dbh.db);
    const { format } = rebuild;
    // Small rebuilds are not worth starting threads for.
    const pool = await createSegmentPool(analyzer, total >= 2_000 ? deps.knownWords() : [], total >= 2_000 ? opts.workers : 1, format).catch(
      async (e: unknown) => {
        await rebuild.abort().catch(() => {});
        throw e;
      },
    );
    const threads = pool.threads;
    const inFlight = Math.max(2, threads + 1);
    const seen = new Set<number>();
    let done = 0;
    opts.onProgress?.(0, total);
    const segmenting: Array<Promise<SearchDoc[]>> = [];
    let ready: SearchDoc[] = [];
    const write = async (docs: SearchDoc[]) => {
      await dbh.tx((trx) => rebuild.load(trx, docs));
      done += docs.length;
      opts.onProgress?.(done, Math.max(total, done));
    };
    const collect = async () => {
      for (const d of await (segmenting.shift() as Promise<SearchDoc[]>)) ready.push(d);
      if (ready.length >= writeBatch) {
        const docs = ready;
        ready = [];
        await write(docs);
      }
    };
    try {
      try {
        // Read the next batch while earlier ones are segmented, and write them as they come back.
        let next = indexableArticlesAfter(dbh.db, 0, batch);
        for (;;) {
          const rows = (await next).filter((a) => a.publishedAt);
          if (!rows.length) break;
          next = indexableArticlesAfter(dbh.db, (rows[rows.length - 1] as IndexableArticle).id, batch);
          const newWords = deps.addWords([...new Set(rows.flatMap((a) => a.tags))]);
          for (const a of rows) seen.add(a.id);
          const segmented = pool
            .fields(rows, newWords)
            .then((out) =>
              rows.map((a, i): SearchDoc =>
                format === 'tsvector' ? { ...deps.toDoc(a), tsvector: out[i] ?? '' } : { ...deps.toDoc(a), fields: splitFields(out, i * 4) },
              ),
            );
          segmented.catch(() => {}); // awaited below, in order
          segmenting.push(segmented);
          while (segmenting.length >= inFlight) await collect();
        }
        while (segmenting.length) await collect();
        if (ready.length) await write(ready);
      } finally {
        await pool.close();
      }
      await rebuild.finish(seen);
    } catch (e) {
      await rebuild.abort().catch(() => {});
      throw e;
    }
    return { count: done, ms: performance.now() - started, threads };
  };
}
