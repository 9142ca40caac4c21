// Writes that need not hold the event loop (batched hit counts) run on a thread of their own with its own
// SQLite connection. better-sqlite3 is synchronous: on the server's connection, a flush's commit (WAL
// writes, and every ~1,000 pages a checkpoint) stopped every request for 10–20 ms; measured on the
// 100,000-article benchmark, ≈ 120 µs of the main thread per counted view. With WAL, the main connection
// keeps reading while the thread writes; its own transactions begin IMMEDIATE (index.ts) so that a write
// committed by the thread in between never fails them with SQLITE_BUSY_SNAPSHOT.
import { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';
import { resolveWorkerEntry, type WorkerEntry } from '../workers/pool.ts';

export interface WriteBatchRequest {
  id: number;
  queries: Array<{ sql: string; parameters: readonly unknown[] }>;
}
export type WriteBatchReply = { id: number; changes: number } | { id: number; error: string; code?: string | undefined };
export interface ReadRequest {
  id: number;
  read: { sql: string; parameters: readonly unknown[] };
}
export type ReadReply = { id: number; rows: unknown[] };

const ENTRY: WorkerEntry = { sourceUrl: new URL('./write-thread.worker.ts', import.meta.url), bundledName: 'write-thread.worker.mjs' };

export interface WriteThread {
  /** Runs the statements in one transaction on the thread; rejects with the statement's error (nothing written). */
  run(queries: readonly CompiledQuery[]): Promise<number>;
  /** Runs one read on the thread and returns its rows (a long aggregate that should not hold the event loop). */
  read<R>(query: CompiledQuery<R>): Promise<R[]>;
  /** True once the thread could not start, crashed or was closed: the caller writes on its own connection. */
  readonly failed: boolean;
  /** Waits for the batches sent, then ends the thread. */
  close(): Promise<void>;
}

export function startWriteThread(path: string): WriteThread | undefined {
  const start = resolveWorkerEntry(ENTRY);
  if (!start) return undefined;
  const worker = new Worker(start.code, { eval: start.eval, workerData: { path } });
  worker.unref(); // an idle writer does not keep a CLI process alive
  const pending = new Map<number, { resolve: (n: never) => void; reject: (e: unknown) => void }>();
  const inflight = new Set<Promise<unknown>>();
  let seq = 0;
  let failure: Error | undefined;
  let closing = false;
  const fail = (e: Error) => {
    failure ??= e;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  worker.on('message', (m: WriteBatchReply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (!pending.size) worker.unref();
    if ('error' in m) p?.reject(Object.assign(new Error(m.error), { code: m.code }));
    else p?.resolve(('rows' in m ? m.rows : m.changes) as never);
  });
  worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => fail(new Error(`write thread exited (code ${code})`)));
  function send<T>(message: (id: number) => WriteBatchRequest | ReadRequest): Promise<T> {
    const sent = new Promise<T>((resolve, reject) => {
      if (failure || closing) return reject(failure ?? new Error('write thread closed'));
      const id = ++seq;
      pending.set(id, { resolve: resolve as (v: never) => void, reject });
      worker.ref(); // a request in flight keeps the process up until it is answered
      worker.postMessage(message(id));
    });
    inflight.add(sent);
    const done = () => inflight.delete(sent);
    sent.then(done, done);
    return sent;
  }

  return {
    get failed() {
      return failure !== undefined || closing;
    },
    run(queries) {
      return send<number>((id) => ({ id, queries: queries.map((q) => ({ sql: q.sql, parameters: q.parameters })) }) satisfies WriteBatchRequest);
    },
    read<R>(query: CompiledQuery<R>) {
      return send<R[]>((id) => ({ id, read: { sql: query.sql, parameters: query.parameters } }) satisfies ReadRequest);
    },
    async close() {
      // No new batch reaches the thread from here on; the ones sent are written first.
      closing = true;
      await Promise.allSettled([...inflight]);
      // The thread closes its connection and ends; terminate() only if it does not within a second.
      if (!failure) {
        const ended = new Promise<void>((r) => worker.once('exit', () => r()));
        worker.postMessage({ close: true });
        const timer = setTimeout(() => void worker.terminate(), 1000);
        await ended;
        clearTimeout(timer);
      }
      fail(new Error('write thread closed'));
    },
  };
}
