// Memoized queries give Kysely's rows on both dialects; on SQLite they may run straight on the connection,
// which must never put them inside another caller's transaction or ahead of a query issued before them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { openTestDatabase, testDialect } from '../../test/db.ts';
import { createQueryMemo } from './query-memo.ts';
import type { Db } from './index.ts';

type Notes = { notes: { id: number; body: string; mood: string } };

async function setUp() {
  const h = await openTestDatabase();
  await sql`create table notes (id integer primary key, body text not null, mood text not null)`.execute(h.db);
  await sql`insert into notes (id, body, mood) values (1, '甲', 'ok'), (2, '乙', 'ok'), (3, '丙', 'bad')`.execute(h.db);
  const untyped = (db: Db) => db as unknown as Kysely<Notes>;
  const bodies = (db: Db) => {
    const run = createQueryMemo(db);
    return async (mood: string, ids: number[]) =>
      (
        await run<{ body: string }>(`bodies|${ids.length}`, [mood, ...ids], (v) =>
          untyped(db)
            .selectFrom('notes')
            .select('body')
            .where('mood', '=', v(0))
            .where(
              'id',
              'in',
              ids.map((_, i) => v(1 + i)),
            )
            .orderBy('id'),
        )
      ).map((r) => r.body);
  };
  return { h, untyped, bodies };
}

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
};

test('memoized reads: the rows Kysely gives, with new values each run', async () => {
  const { h, untyped, bodies } = await setUp();
  const read = bodies(h.db);
  assert.deepEqual(await read('ok', [1, 2, 3]), ['甲', '乙']);
  assert.deepEqual(await read('bad', [1, 2, 3]), ['丙']);
  assert.deepEqual(await read('ok', [2]), ['乙']);
  await untyped(h.db).updateTable('notes').set({ mood: 'bad' }).where('id', '=', 2).execute();
  assert.deepEqual(await read('bad', [1, 2, 3]), ['乙', '丙'], 'current data after a write');
  await h.close();
});

test('memoized reads stay out of other callers’ transactions and on their own', async () => {
  const { h, untyped, bodies } = await setUp();
  const read = bodies(h.db);
  let inside!: () => void;
  const entered = new Promise<void>((r) => (inside = r));
  let finish!: () => void;
  const gate = new Promise<void>((r) => (finish = r));
  const tx = h
    .tx(async (trx) => {
      await untyped(trx).insertInto('notes').values({ id: 4, body: '丁', mood: 'ok' }).execute();
      assert.deepEqual(await bodies(trx)('ok', [1, 2, 4]), ['甲', '乙', '丁'], "a memo on the trx reads the transaction's own writes");
      inside();
      await gate;
      throw new Error('roll back');
    })
    .catch((e: Error) => e.message);
  await entered;
  const outside = read('ok', [1, 2, 4]);
  // SQLite has one connection: a read from elsewhere waits until the transaction is over (Kysely's order).
  if (testDialect() === 'sqlite') assert.equal(await settled(outside), false, 'the read waits for the transaction');
  finish();
  assert.equal(await tx, 'roll back');
  assert.deepEqual(await outside, ['甲', '乙'], 'never sees the rolled-back row');
  assert.deepEqual(await read('ok', [1, 2, 4]), ['甲', '乙']);
  await h.close();
});

// SQLite only (the direct reads exist there): registered in the SQLite pass, not skipped in the PostgreSQL one.
const sqliteOnly = testDialect() === 'sqlite' ? test : () => undefined;

sqliteOnly('SQLite: a memoized read never overtakes a query issued before it', async () => {
  const { h, untyped, bodies } = await setUp();
  const read = bodies(h.db);
  const write = untyped(h.db).updateTable('notes').set({ mood: 'ok' }).where('id', '=', 3).execute();
  const after = read('ok', [1, 2, 3]);
  await write;
  assert.deepEqual(await after, ['甲', '乙', '丙']);
  await h.close();
});
