// migrate(): a database already up to date is left alone (server start-up reads one table), one missing a
// migration gets exactly that one, and one that ran a migration this code does not know is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, sql } from 'kysely';
import { openTestDatabase } from '../../test/db.ts';
import { migrate, openDatabase } from './index.ts';
import { migrationsFor } from './migrations/index.ts';

test('migrating an up-to-date database again applies nothing and changes nothing', async () => {
  const h = await openTestDatabase();
  try {
    const count = async () => (await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(h.db)).rows[0]?.n;
    const before = Number(await count());
    assert.deepEqual(await migrate(h), []);
    assert.equal(Number(await count()), before);
    assert.equal(before, Object.keys(migrationsFor(h.dialect)).length);
  } finally {
    await h.close();
  }
});

test('SQLite: a database one migration behind gets exactly that migration', async () => {
  const h = openDatabase({ dialect: 'sqlite', path: ':memory:' });
  try {
    const names = Object.keys(migrationsFor('sqlite'));
    const migrator = new Migrator({ db: h.db, provider: { getMigrations: async () => migrationsFor('sqlite') } });
    assert.equal((await migrator.migrateTo(names.at(-2) as string)).error, undefined);
    assert.deepEqual(await migrate(h), [names.at(-1)]);
    assert.deepEqual(await migrate(h), []);
  } finally {
    await h.close();
  }
});

test('SQLite: a database that ran a migration unknown to this code is refused, not skipped', async () => {
  const h = openDatabase({ dialect: 'sqlite', path: ':memory:' });
  try {
    await migrate(h);
    await sql`insert into kysely_migration (name, timestamp) values ('2099010100_from_the_future', '2099-01-01T00:00:00.000Z')`.execute(h.db);
    await assert.rejects(migrate(h), /2099010100_from_the_future/);
  } finally {
    await h.close();
  }
});
