// migrate(): a database already up to date is left alone (server start-up reads one table), one missing a
// migration gets exactly that one, and one that ran a migration this code does not know is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { openTestDatabase, testDialect, testSchemaName, TEST_PG_URL } from '../../test/db.ts';
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

if (testDialect() === 'postgres') {
  test("PostgreSQL: migrating a new schema succeeds while another schema's tables are created and dropped, and introspection sees only its own schema", async () => {
    // Kysely's own introspector listed every schema's columns: a table dropped elsewhere during that listing
    // failed the migration with "relation … does not exist" (a test rebuilding its search index did that).
    const churnSchema = testSchemaName();
    const churn = new pg.Client({ connectionString: TEST_PG_URL });
    await churn.connect();
    await churn.query(`create schema ${churnSchema}`);
    let stop = false;
    let rounds = 0;
    const loop = (async () => {
      while (!stop) {
        await churn.query(`create table ${churnSchema}.swap_${rounds % 4} (a int, b text, c text, d text, e text, f text)`);
        await churn.query(`drop table ${churnSchema}.swap_${rounds % 4}`);
        rounds++;
      }
    })();
    try {
      for (let i = 0; i < 3; i++) {
        const h = await openTestDatabase();
        try {
          const tables = await h.db.introspection.getTables();
          assert.ok(tables.some((t) => t.name === 'articles'));
          assert.ok(
            tables.every((t) => t.schema === h.schema),
            "only the handle's own schema is listed",
          );
          assert.ok(!tables.some((t) => t.name === 'kysely_migration'), 'bookkeeping tables only when asked for');
          const articles = tables.find((t) => t.name === 'articles');
          assert.ok(articles?.columns.some((c) => c.name === 'id' && c.isAutoIncrementing));
          assert.deepEqual(
            (await h.db.introspection.getSchemas()).map((s) => s.name),
            [h.schema],
          );
        } finally {
          await h.close();
        }
      }
      assert.ok(rounds > 0, 'the other schema was churning meanwhile');
    } finally {
      stop = true;
      await loop;
      await churn.query(`drop schema ${churnSchema} cascade`);
      await churn.end();
    }
  });
}
