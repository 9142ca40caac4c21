// The thread behind write-thread.ts: its own connection to the SQLite file, running each batch of
// statements in one `BEGIN IMMEDIATE` transaction (a failed batch is rolled back and its error returned),
// and long reads whose rows it sends back.
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import type { ReadReply, ReadRequest, WriteBatchReply, WriteBatchRequest } from './write-thread.ts';

const conn = new SqliteDatabase((workerData as { path: string }).path);
conn.pragma('journal_mode = WAL');
conn.pragma('synchronous = NORMAL');
conn.pragma('foreign_keys = ON');
conn.pragma('busy_timeout = 5000');
conn.pragma('cache_size = -2048'); // writes touch few pages; the readers' cache is the main connection's
const statements = new Map<string, SqliteDatabase.Statement>();
const prepare = (sqlText: string) => {
  let st = statements.get(sqlText);
  if (!st) {
    if (statements.size >= 100) statements.clear();
    statements.set(sqlText, (st = conn.prepare(sqlText)));
  }
  return st;
};
const runBatch = conn.transaction((queries: WriteBatchRequest['queries']) => {
  let changes = 0;
  for (const q of queries) changes += prepare(q.sql).run(q.parameters as unknown[]).changes;
  return changes;
});

parentPort?.on('message', (m: WriteBatchRequest | ReadRequest | { close: true }) => {
  if ('close' in m) {
    conn.close();
    process.exit(0); // ends this thread only
  }
  let reply: WriteBatchReply | ReadReply;
  try {
    if ('read' in m) reply = { id: m.id, rows: prepare(m.read.sql).all(m.read.parameters as unknown[]) };
    else reply = { id: m.id, changes: runBatch.immediate(m.queries) };
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e), code: (e as { code?: string }).code };
  }
  parentPort?.postMessage(reply);
});
