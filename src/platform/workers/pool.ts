// A small pool of worker threads for CPU-bound batch work (segmentation during a rebuild). The pool
// knows nothing of the work: the caller names a worker entry, sends messages and splits batches. When no
// worker can start, or one crashes, the caller is told and does the work on its own thread.
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './serve.ts';

/**
 * Where a worker starts: `sourceUrl` is its TypeScript source (loaded through tsx), `bundledName` the
 * file scripts/build.mjs writes beside the esbuild bundle (dist/zixun.mjs) for the same entry.
 */
export interface WorkerEntry {
  sourceUrl: URL;
  bundledName: string;
}

export interface WorkerPool {
  /** Worker threads started. */
  readonly size: number;
  /** True once a worker failed to start, crashed or threw, or after close(): every later call falls back. */
  readonly failed: boolean;
  /** One message to worker `index` (0 ≤ index < size); rejects when the pool has failed or closed. */
  call<R>(index: number, message: unknown): Promise<R>;
  /** The same message to every worker (e.g. new shared state); rejects as call() does. */
  broadcast<R>(message: unknown): Promise<R[]>;
  /**
   * Splits `items` into `size` consecutive parts and sends `toMessage(part)` to each worker (every worker
   * gets a message, its part possibly empty, so state sent with a batch reaches all); joins the replies
   * (each an array, one entry per item) in item order. When the pool has failed, or a worker fails
   * during the call, the result is `here()` instead, computed on this thread.
   */
  spread<T, R>(items: T[], toMessage: (part: T[]) => unknown, here: () => R[] | Promise<R[]>): Promise<R[]>;
  /** Ends every thread; resolves once they have stopped. */
  close(): Promise<void>;
}

/** Default pool size: up to four threads, fewer on smaller machines. */
export function defaultPoolSize(): number {
  return Math.min(4, os.availableParallelism());
}

/** How a Worker is constructed for `entry`, or undefined when it cannot start here. */
export function resolveWorkerEntry(entry: WorkerEntry): { code: string; eval: boolean } | undefined {
  try {
    const src = entry.sourceUrl;
    if (src.protocol === 'file:' && src.pathname.endsWith('.ts') && fs.existsSync(fileURLToPath(src))) {
      const tsx = import.meta.resolve('tsx/esm/api');
      return { code: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(src.href)}); })`, eval: true };
    }
    // In the bundle this module's URL is the bundle's own (dist/zixun.mjs): the worker file sits beside it.
    const here = new URL(import.meta.url);
    if (here.protocol !== 'file:') return undefined;
    const bundled = fileURLToPath(new URL(`./${entry.bundledName}`, here));
    return fs.existsSync(bundled) ? { code: bundled, eval: false } : undefined;
  } catch {
    return undefined; // tsx missing, or a URL that is not a file
  }
}

/**
 * Starts `size` threads running `entry`, each given `workerData`. Returns undefined when fewer than
 * two threads are asked for or the entry cannot start here (the caller then works in its own thread).
 * A worker answers with serveWorkerMessages() (serve.ts).
 */
export function startWorkerPool(opts: { entry: WorkerEntry; workerData?: unknown; size?: number }): WorkerPool | undefined {
  const size = opts.size ?? defaultPoolSize();
  if (size < 2) return undefined;
  const start = resolveWorkerEntry(opts.entry);
  if (!start) return undefined;
  const pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: unknown) => void }>();
  let seq = 0;
  let failure: unknown;
  const fail = (e: unknown) => {
    failure ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  const workers: Worker[] = [];
  for (let i = 0; i < size; i++) {
    const w = new Worker(start.code, { eval: start.eval, workerData: opts.workerData });
    w.on('message', (m: WorkerReply) => {
      // A handler error fails the whole pool: that worker's state (dictionary, tables) may now differ.
      if ('error' in m) return fail(new Error(m.error));
      pending.get(m.id)?.resolve(m.result);
      pending.delete(m.id);
    });
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`worker thread exited (code ${code})`)));
    workers.push(w);
  }
  const call = <R>(index: number, message: unknown) =>
    new Promise<R>((resolve, reject) => {
      const w = workers[index];
      if (failure !== undefined) return reject(failure);
      if (!w) return reject(new RangeError(`no worker ${index} in a pool of ${size}`));
      const id = ++seq;
      pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      w.postMessage({ id, message } satisfies WorkerRequest);
    });
  return {
    size,
    get failed() {
      return failure !== undefined;
    },
    call,
    broadcast: <R>(message: unknown) => Promise.all(workers.map((_, i) => call<R>(i, message))),
    async spread(items, toMessage, here) {
      if (failure === undefined) {
        try {
          const per = Math.ceil(items.length / size);
          const parts = await Promise.all(workers.map((_, i) => call<never[]>(i, toMessage(items.slice(i * per, (i + 1) * per)))));
          return parts.flat();
        } catch {
          // a worker that cannot start or crashed leaves the work to this thread
        }
      }
      return here();
    },
    async close() {
      fail(new Error('worker pool closed'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
