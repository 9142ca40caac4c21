import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AnalyzedFields, Analyzer } from './search.analyzer.ts';

type Item = { title: string; subtitle?: string; summary: string; tags: string[]; text: string };

export interface SegmentPool {
  fields(items: Item[], words: string[]): Promise<AnalyzedFields[]>;
  close(): Promise<void>;
}

/** In-process segmentation (small rebuilds, or when workers cannot start, e.g. from the bundle). */
function inline(analyzer: Analyzer): SegmentPool {
  return {
    async fields(items, words) {
      if (words.length) analyzer.addWords(words);
      return items.map((a) => analyzer.fields(a));
    },
    async close() {},
  };
}

/**
 * Worker threads that segment batches for a rebuild. The workers load the TypeScript sources through
 * tsx; when that is not possible (the esbuild bundle has no worker file) segmentation stays in-process.
 */
export async function createSegmentPool(analyzer: Analyzer, words: string[], size = Math.min(4, os.availableParallelism())): Promise<SegmentPool> {
  if (size < 2) return inline(analyzer);
  const file = new URL('./search.worker.ts', import.meta.url);
  let tsx: string;
  try {
    if (file.protocol !== 'file:' || !import.meta.url.endsWith('.ts')) return inline(analyzer);
    tsx = import.meta.resolve('tsx/esm/api');
  } catch {
    return inline(analyzer);
  }
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(file.href)}); })`;
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve: (f: AnalyzedFields[]) => void; reject: (e: unknown) => void }>();
  let seq = 0;
  let failed: unknown;
  for (let i = 0; i < size; i++) {
    const w = new Worker(boot, { eval: true, workerData: { words } });
    w.on('message', (m: { id: number; fields: AnalyzedFields[] }) => {
      pending.get(m.id)?.resolve(m.fields);
      pending.delete(m.id);
    });
    w.on('error', (e) => {
      failed = e;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
    workers.push(w);
  }
  const ask = (w: Worker, items: Item[], added: string[]) =>
    new Promise<AnalyzedFields[]>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = ++seq;
      pending.set(id, { resolve, reject });
      w.postMessage({ id, items, words: added });
    });
  return {
    async fields(items, added) {
      if (!failed) {
        try {
          const per = Math.ceil(items.length / workers.length);
          const parts = await Promise.all(workers.map((w, i) => ask(w, items.slice(i * per, (i + 1) * per), added)));
          return parts.flat();
        } catch {
          // fall through: a worker that cannot start or crashed leaves the work to this thread
        }
      }
      return inline(analyzer).fields(items, added);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
