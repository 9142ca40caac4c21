// The worker side of pool.ts: answers each request from the pool, in arrival order, with the handler's
// result (or its error message, which fails the pool: its callers fall back to their own thread).
import { parentPort } from 'node:worker_threads';

export interface WorkerRequest {
  id: number;
  message: unknown;
}
export type WorkerReply = { id: number; result: unknown } | { id: number; error: string };

/** Call once at the top of a worker entry. The handler runs synchronously, one message at a time. */
export function serveWorkerMessages<M>(handler: (message: M) => unknown): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerMessages() runs only inside a worker thread');
  port.on('message', (m: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      reply = { id: m.id, result: handler(m.message as M) };
    } catch (e) {
      reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}
