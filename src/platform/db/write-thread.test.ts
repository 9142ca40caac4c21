// batchWrite on a SQLite file runs on a thread of its own (write-thread.ts): the event loop keeps serving
// while it writes, a failed batch writes nothing, and the server's own transactions never trip over it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type DbHandle } from './index.ts';
import { testDialect } from '../../test/db.ts';

// SQLite files only: registered in the SQLite pass of the suite.
const sqliteTest = testDialect() === 'sqlite' ? test : () => {};

async function fileDb(t: { after(fn: () => unknown): void }): Promise<DbHandle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zixun-writer-'));
  const h = openDatabase({ dialect: 'sqlite', path: path.join(dir, 'w.db') });
  t.after(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await sql`create table counts (id integer primary key, n integer not null check (n >= 0))`.execute(h.db);
  await sql`create table log (id integer primary key autoincrement, note text not null)`.execute(h.db);
  return h;
}

const insertMany = (rows: number) =>
  sql`insert into log (note) select printf('row %d of a long batch', value) from (with recursive s(value) as (select 1 union all select value + 1 from s where value < ${rows}) select value from s)`;

sqliteTest('a batch on a SQLite file is written on another thread: the event loop keeps running meanwhile', async (t) => {
  const h = await fileDb(t);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const started = performance.now();
  await h.batchWrite([insertMany(400_000).compile(h.db)]);
  const took = performance.now() - started;
  clearInterval(timer);
  const { rows } = await sql<{ n: number }>`select count(*) as n from log`.execute(h.db);
  assert.equal(Number(rows[0]?.n), 400_000, 'the main connection reads what the thread wrote');
  // Written on this thread, the batch would have held the event loop for all of `took` (no tick at all).
  assert.ok(ticks >= Math.min(5, took / 4), `the timer ticked ${ticks} times during a ${took.toFixed(0)} ms batch`);
});

sqliteTest('a batch whose statement fails writes nothing, and later batches still go through', async (t) => {
  const h = await fileDb(t);
  await h.batchWrite([
    h.db
      .insertInto('counts' as never)
      .values({ id: 1, n: 5 } as never)
      .compile(),
  ]);
  await assert.rejects(
    h.batchWrite([
      h.db
        .updateTable('counts' as never)
        .set({ n: 10 } as never)
        .compile(),
      h.db
        .updateTable('counts' as never)
        .set({ n: -1 } as never)
        .compile(), // violates the check: the whole batch is rolled back
    ]),
    /CHECK constraint failed/,
  );
  const read = async () => Number((await sql<{ n: number }>`select n from counts where id = 1`.execute(h.db)).rows[0]?.n);
  assert.equal(await read(), 5);
  await h.batchWrite([sql`update counts set n = n + 1`.compile(h.db)]);
  assert.equal(await read(), 6);
});

sqliteTest("the server's read-then-write transactions do not fail while the thread commits batches", async (t) => {
  const h = await fileDb(t);
  await sql`insert into counts (id, n) values (1, 0)`.execute(h.db);
  const batches = (async () => {
    for (let i = 0; i < 40; i++) await h.batchWrite([insertMany(2_000).compile(h.db)]);
  })();
  // Each reads, lets the event loop run (the thread may commit meanwhile), then writes what it read plus one.
  for (let i = 0; i < 40; i++) {
    await h.tx(async (trx) => {
      const n = Number((await sql<{ n: number }>`select n from counts where id = 1`.execute(trx)).rows[0]?.n);
      await new Promise((r) => setTimeout(r, 5));
      await sql`update counts set n = ${n + 1} where id = 1`.execute(trx);
    });
  }
  await batches;
  assert.equal(Number((await sql<{ n: number }>`select n from counts`.execute(h.db)).rows[0]?.n), 40, 'no update lost, none failed');
  assert.equal(Number((await sql<{ n: number }>`select count(*) as n from log`.execute(h.db)).rows[0]?.n), 80_000);
});

sqliteTest('close() waits for the batch in flight', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zixun-writer-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'w.db');
  const h = openDatabase({ dialect: 'sqlite', path: file });
  await sql`create table log (id integer primary key autoincrement, note text not null)`.execute(h.db);
  const pending = h.batchWrite([insertMany(100_000).compile(h.db)]);
  await h.close();
  await pending;
  const again = openDatabase({ dialect: 'sqlite', path: file });
  try {
    assert.equal(Number((await sql<{ n: number }>`select count(*) as n from log`.execute(again.db)).rows[0]?.n), 100_000);
  } finally {
    await again.close();
  }
});

sqliteTest('a long read on a SQLite file runs on the thread: the same rows, and the event loop keeps running', async (t) => {
  const h = await fileDb(t);
  await h.batchWrite([insertMany(300_000).compile(h.db)]);
  const query = sql<{ k: number; n: number }>`select id % 97 as k, count(*) as n from log group by k order by n desc, k limit 5`.compile(h.db);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const started = performance.now();
  const off = await h.readOffThread(query);
  const took = performance.now() - started;
  clearInterval(timer);
  assert.deepEqual(off, (await h.db.executeQuery(query)).rows, 'the rows the server connection reads');
  assert.equal(off.length, 5);
  assert.ok(ticks >= Math.min(3, took / 4), `the timer ticked ${ticks} times during a ${took.toFixed(0)} ms read`);
  await assert.rejects(h.readOffThread(sql`select * from no_such_table`.compile(h.db)), /no such table/);
});
