// The SQLite statement cache must be invisible: streams run twice, writes between reads and schema
// changes between runs all behave as without a cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from './index.ts';

test('cached SQLite statements: re-entrant streams, fresh results after writes, schema changes', async () => {
  const h = openDatabase({ dialect: 'sqlite', path: ':memory:' });
  const db = h.db;
  await sql`create table notes (id integer primary key, body text)`.execute(db);
  for (const body of ['甲', '乙', '丙']) await sql`insert into notes (body) values (${body})`.execute(db);
  const all = () => sql<{ body: string }>`select "body" from "notes" order by "id"`.execute(db);

  const untyped = db as unknown as Kysely<{ notes: { id: number; body: string } }>;
  const streamed: string[] = [];
  for await (const row of untyped.selectFrom('notes').select('body').orderBy('id').stream()) streamed.push(row.body);
  for await (const row of untyped.selectFrom('notes').select('body').orderBy('id').stream()) streamed.push(row.body);
  assert.deepEqual(streamed, ['甲', '乙', '丙', '甲', '乙', '丙'], 'a statement is reusable once its stream has ended');
  assert.equal((await all()).rows.length, 3);

  await sql`update notes set body = ${'丁'} where id = 1`.execute(db);
  assert.deepEqual(
    (await all()).rows.map((r) => r.body),
    ['丁', '乙', '丙'],
    'a cached statement reads current data',
  );

  await sql`alter table notes add column mood text default 'ok'`.execute(db);
  const star = await sql<Record<string, unknown>>`select * from notes order by id`.execute(db);
  await sql`alter table notes add column extra text`.execute(db);
  const again = await sql<Record<string, unknown>>`select * from notes order by id`.execute(db);
  assert.deepEqual(Object.keys(star.rows[0]!), ['id', 'body', 'mood']);
  assert.deepEqual(Object.keys(again.rows[0]!), ['id', 'body', 'mood', 'extra'], 'the cached `select *` sees the new column');
  await h.close();
});
