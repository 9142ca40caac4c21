import type { DbHandle } from '../../platform/db/index.ts';
import type { Segmenter } from '../../platform/text/index.ts';
import { defaultPoolSize, startWorkerPool } from '../../platform/workers/pool.ts';
import { articleFingerprint, articleTermKeys, articleVector, type DfTable, type StoredFingerprint, type VectorInput } from './related.text.ts';

export type TextJob =
  { kind: 'fingerprints'; items: Array<{ title: string; text: string }> } | { kind: 'terms'; items: VectorInput[] } | { kind: 'vectors'; items: VectorInput[] };

/** A vector as [term, weight] pairs, heaviest first (ties by term). */
export type VectorEntries = Array<[string, number]>;

/** The text work of a rebuild (related.text.ts), in this thread or spread over worker threads. */
export interface TextPool {
  fingerprints(items: Array<{ title: string; text: string }>): Promise<StoredFingerprint[]>;
  termKeys(items: VectorInput[]): Promise<string[][]>;
  /** Document frequencies used by `vectors` from now on. */
  setDf(df: DfTable): Promise<void>;
  vectors(items: VectorInput[]): Promise<VectorEntries[]>;
  close(): Promise<void>;
}

/** In-process text work (small rebuilds, tests, or when worker threads cannot start). */
export function inlineTextPool(segmenter: Segmenter): TextPool {
  let df: DfTable = new Map();
  return {
    async fingerprints(items) {
      return items.map((a) => articleFingerprint(segmenter, a));
    },
    async termKeys(items) {
      return items.map((a) => articleTermKeys(segmenter, a));
    },
    async setDf(d) {
      df = d;
    },
    async vectors(items) {
      return items.map((a) => [...articleVector(segmenter, a, df).vector]);
    },
    async close() {},
  };
}

/** Below this many articles a rebuild stays in one thread (starting workers costs about a second). */
export const POOL_MIN_ARTICLES = 3000;

/** A message to a related worker: a batch of text work, or the document frequencies for later vectors. */
export type TextWorkerMessage = TextJob | { kind: 'df'; df: DfTable };

/**
 * Worker threads for a large rebuild (platform/workers: from the TypeScript sources through tsx, or
 * from dist/related.worker.mjs beside the bundle; when neither can start, the work stays in this
 * thread). `words` are the site words the caller added to its own segmenter, so that every thread
 * segments alike.
 */
export function createTextPool(segmenter: Segmenter, words: string[], size = defaultPoolSize()): TextPool {
  const inline = inlineTextPool(segmenter);
  const pool = startWorkerPool({
    entry: { sourceUrl: new URL('./related.worker.ts', import.meta.url), bundledName: 'related.worker.mjs' },
    workerData: { words },
    size,
  });
  if (!pool) return inline;
  return {
    fingerprints: (items) =>
      pool.spread(
        items,
        (part): TextWorkerMessage => ({ kind: 'fingerprints', items: part }),
        () => inline.fingerprints(items),
      ),
    termKeys: (items) =>
      pool.spread(
        items,
        (part): TextWorkerMessage => ({ kind: 'terms', items: part }),
        () => inline.termKeys(items),
      ),
    async setDf(df) {
      await inline.setDf(df);
      if (!pool.failed) await pool.broadcast({ kind: 'df', df } satisfies TextWorkerMessage).catch(() => undefined);
    },
    vectors: (items) =>
      pool.spread(
        items,
        (part): TextWorkerMessage => ({ kind: 'vectors', items: part }),
        () => inline.vectors(items),
      ),
    close: () => pool.close(),
  };
}

/** An index a rebuild drops before its bulk load and builds again after it (as the migration defined it). */
export interface BulkIndex {
  name: string;
  table: string;
  columns: string[];
}

export async function dropIndex(dbh: DbHandle, name: string): Promise<void> {
  await dbh.db.schema.dropIndex(name).ifExists().execute();
}

export async function createIndex(dbh: DbHandle, index: BulkIndex): Promise<void> {
  await dbh.db.schema.createIndex(index.name).ifNotExists().on(index.table).columns(index.columns).execute();
}
