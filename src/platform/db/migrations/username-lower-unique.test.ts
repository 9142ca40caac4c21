// Migration 2026112927: a unique index on lower(username). A site whose members already include names
// differing only in case must still start; from then on no new account can share a name in any case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Migrator, sql } from 'kysely';
import { openDatabase, type Db, type DbHandle } from '../index.ts';
import { testDialect, testSchemaName, TEST_PG_URL } from '../../../test/db.ts';
import { migrationsFor } from './index.ts';

const now = '2026-11-29T00:00:00.000Z';

/** An empty database of this test pass's dialect (SQLite in memory, or a new PostgreSQL schema). */
async function blank(t: { after(fn: () => Promise<void>): void }): Promise<DbHandle> {
  if (testDialect() === 'sqlite') {
    const h = openDatabase({ dialect: 'sqlite', path: ':memory:' });
    t.after(() => h.close());
    return h;
  }
  const schema = testSchemaName();
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const h = openDatabase({ dialect: 'postgres', url: TEST_PG_URL }, { pgSchema: schema, poolSize: 2 });
  t.after(() => h.close());
  return h;
}

async function migrateTo(h: DbHandle, name: string) {
  const migrator = new Migrator({
    db: h.db,
    provider: { getMigrations: async () => migrationsFor(h.dialect) },
    ...(h.schema ? { migrationTableSchema: h.schema } : {}),
  });
  const r = await migrator.migrateTo(name);
  assert.equal(r.error, undefined, String(r.error));
}

const addMember = (db: Db, username: string) =>
  sql`insert into members (username, display_name, created_at, updated_at) values (${username}, ${username}, ${now}, ${now})`.execute(db);

test('the unique index lands on a site holding names that differ only in case; new ones are refused by the database', async (t) => {
  const h = await blank(t);
  await migrateTo(h, '2026112926_member_avatars');
  for (const name of ['admin', 'Admin', 'ADMIN', 'zhang', 'Li']) await addMember(h.db, name);
  const warn = t.mock.method(console, 'warn', () => undefined);
  await migrateTo(h, '2026112927_username_lower_unique');
  assert.equal(warn.mock.callCount(), 1, 'the operator hears about the old duplicates');
  assert.match(String(warn.mock.calls[0]?.arguments[0]), /Admin/);

  const count = async () => Number((await sql<{ n: number | string }>`select count(*) as n from members`.execute(h.db)).rows[0]?.n);
  assert.equal(await count(), 5, 'the old accounts are all kept');
  // Any case of an indexed name, old duplicated ones included, is refused by the index itself.
  for (const name of ['aDmIn', 'ZHANG', 'li']) await assert.rejects(addMember(h.db, name), name);
  await addMember(h.db, 'wang');
  await assert.rejects(addMember(h.db, 'Wang'));
  assert.equal(await count(), 6);
});

test('without duplicates the index covers every account', async (t) => {
  const h = await blank(t);
  await migrateTo(h, '2026112926_member_avatars');
  await addMember(h.db, 'zhang');
  await migrateTo(h, '2026112927_username_lower_unique');
  await assert.rejects(addMember(h.db, 'Zhang'));
  await assert.rejects(addMember(h.db, 'zhang'));
  await addMember(h.db, 'zhang2');
});

test('duplicate groups are split as the database folds case, so each group keeps one indexed name', async (t) => {
  const h = await blank(t);
  await migrateTo(h, '2026112926_member_avatars');
  // SQLite's lower() folds ASCII only: ÄBC/Äbc and äBC/äbc are two groups there, one in JS toLowerCase().
  for (const name of ['ÄBC', 'Äbc', 'äBC', 'äbc']) await addMember(h.db, name);
  t.mock.method(console, 'warn', () => undefined);
  await migrateTo(h, '2026112927_username_lower_unique');
  // Whatever the database's lower() does, every group keeps its oldest account in the index: a new
  // spelling of either is refused.
  let n = 0;
  for (const name of ['ÄbC', 'äbC'])
    await assert.rejects(
      sql`insert into members (username, display_name, created_at, updated_at) values (${name}, ${`new${++n}`}, ${now}, ${now})`.execute(h.db),
      name,
    );
});
