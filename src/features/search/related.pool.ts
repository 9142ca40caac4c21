import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Segmenter } from '../../platform/text/index.ts';
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

/**
 * Worker threads for a large rebuild (as search.pool.ts: the workers load the TypeScript sources
 * through tsx; without it, e.g. from the esbuild bundle, the work stays in this thread). `words` are
 * the site words the caller added to its own segmenter, so that every thread segments alike.
 */
export function createTextPool(segmenter: Segmenter, words: string[], size = Math.min(4, os.availableParallelism())): TextPool {
  const inline = inlineTextPool(segmenter);
  if (size < 2) return inline;
  const file = new URL('./related.worker.ts', import.meta.url);
  let tsx: string;
  try {
    if (file.protocol !== 'file:' || !import.meta.url.endsWith('.ts')) return inline;
    tsx = import.meta.resolve('tsx/esm/api');
  } catch {
    return inline;
  }
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(file.href)}); })`;
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: unknown) => void }>();
  let seq = 0;
  let failed: unknown;
  for (let i = 0; i < size; i++) {
    const w = new Worker(boot, { eval: true, workerData: { words } });
    w.on('message', (m: { id: number; result: unknown }) => {
      pending.get(m.id)?.resolve(m.result);
      pending.delete(m.id);
    });
    w.on('error', (e) => {
      failed = e;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
    workers.push(w);
  }
  const ask = (w: Worker, job: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = ++seq;
      pending.set(id, { resolve, reject });
      w.postMessage({ id, job });
    });
  let df: DfTable = new Map();
  /** Split a batch over the workers; a worker that cannot start or crashed leaves the work to this thread. */
  async function spread<R>(kind: TextJob['kind'], items: unknown[], here: () => Promise<R[]>): Promise<R[]> {
    if (!failed && items.length) {
      try {
        const per = Math.ceil(items.length / workers.length);
        const parts = await Promise.all(workers.map((w, i) => ask(w, { kind, items: items.slice(i * per, (i + 1) * per) }) as Promise<R[]>));
        return parts.flat();
      } catch {
        // fall through
      }
    }
    return here();
  }
  return {
    fingerprints: (items) => spread('fingerprints', items, () => inline.fingerprints(items)),
    termKeys: (items) => spread('terms', items, () => inline.termKeys(items)),
    async setDf(d) {
      df = d;
      await inline.setDf(df);
      if (!failed) await Promise.all(workers.map((w) => ask(w, { kind: 'df', df }))).catch(() => undefined);
    },
    vectors: (items) => spread('vectors', items, () => inline.vectors(items)),
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
