// A worker for pool.test.ts: squares numbers, tells its thread id, and crashes on request.
import { threadId, workerData } from 'node:worker_threads';
import { serveWorkerMessages } from './serve.ts';

const data = (workerData ?? {}) as { failAtStart?: boolean; offset?: number };
if (data.failAtStart) throw new Error('this worker cannot start');
let offset = data.offset ?? 0;
// Keeps the thread alive until the pool ends it.
setInterval(() => {}, 60_000);

type Message = { op: 'square'; items: number[] } | { op: 'offset'; value: number } | { op: 'thread' } | { op: 'throw' };
serveWorkerMessages((m: Message) => {
  if (m.op === 'offset') return (offset = m.value);
  if (m.op === 'thread') return threadId;
  if (m.op === 'throw') throw new Error('handler failed');
  if (m.items.includes(-1)) process.exit(3); // a crash in the middle of a batch
  return m.items.map((n) => n * n + offset);
});
