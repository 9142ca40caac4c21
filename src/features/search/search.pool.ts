import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Analyzer, IndexItem } from './search.analyzer.ts';

export interface SegmentPool {
  /**
   * Joined fields of each item (four strings per item, in item order: title, summary, tags, body;
   * see JoinedFields), after adding `words` to the dictionary. Several calls may be in flight at once:
   * each worker handles its messages in order, so words sent with a batch apply to that batch.
   */
  fields(items: IndexItem[], words: string[]): Promise<string[]>;
  /** Worker threads in use (0: segmentation runs on this thread). */
  readonly threads: number;
  close(): Promise<void>;
}

/** In-process segmentation (small rebuilds, or when workers cannot start). */
function inline(analyzer: Analyzer): SegmentPool {
  return {
    threads: 0,
    async fields(items, words) {
      if (words.length) analyzer.addWords(words);
      const out: string[] = [];
      for (const a of items) out.push(...analyzer.joinedFields(a));
      return out;
    },
    async close() {},
  };
}

/**
 * How a worker starts: from the TypeScript sources through tsx, or, in the esbuild bundle
 * (dist/zixun.mjs), from dist/search.worker.mjs beside it (scripts/build.mjs builds both).
 */
function workerEntry(): { code: string; eval: boolean } | undefined {
  const here = import.meta.url;
  if (!here.startsWith('file:')) return undefined;
  if (here.endsWith('.ts')) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const file = new URL('./search.worker.ts', here).href;
    return { code: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(file)}); })`, eval: true };
  }
  const bundled = new URL('./search.worker.mjs', here);
  return fs.existsSync(fileURLToPath(bundled)) ? { code: fileURLToPath(bundled), eval: false } : undefined;
}

/**
 * Worker threads that segment batches for a rebuild. When no worker can start (no worker file next
 * to the bundle, tsx missing) or one fails, segmentation stays in-process.
 */
export async function createSegmentPool(analyzer: Analyzer, words: string[], size = Math.min(4, os.availableParallelism())): Promise<SegmentPool> {
  if (size < 2) return inline(analyzer);
  let entry: ReturnType<typeof workerEntry>;
  try {
    entry = workerEntry();
  } catch {
    entry = undefined;
  }
  if (!entry) return inline(analyzer);
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve: (f: string[]) => void; reject: (e: unknown) => void }>();
  let seq = 0;
  let failed: unknown;
  for (let i = 0; i < size; i++) {
    const w = new Worker(entry.code, { eval: entry.eval, workerData: { words } });
    w.on('message', (m: { id: number; out: string[] }) => {
      pending.get(m.id)?.resolve(m.out);
      pending.delete(m.id);
    });
    w.on('error', (e) => {
      failed = e;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
    workers.push(w);
  }
  const ask = (w: Worker, items: IndexItem[], added: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = ++seq;
      pending.set(id, { resolve, reject });
      w.postMessage({ id, items, words: added });
    });
  const fallback = inline(analyzer);
  return {
    threads: workers.length,
    async fields(items, added) {
      if (!failed) {
        try {
          // Only what segmentation reads crosses the thread boundary.
          const slim = items.map((a) => ({ title: a.title, subtitle: a.subtitle, summary: a.summary, tags: a.tags, text: a.text }));
          const per = Math.ceil(slim.length / workers.length);
          const parts = await Promise.all(workers.map((w, i) => ask(w, slim.slice(i * per, (i + 1) * per), added)));
          return parts.flat();
        } catch {
          // fall through: a worker that cannot start or crashed leaves the work to this thread
        }
      }
      return fallback.fields(items, added);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
