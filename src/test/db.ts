import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, migrate, type DbHandle } from '../platform/db/index.ts';

/** Which database this test run uses: set by scripts/test.mjs for each pass. */
export function testDialect(): 'sqlite' | 'postgres' {
  return process.env.ZIXUN_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

export const TEST_PG_URL = process.env.ZIXUN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A new PostgreSQL schema name of this test run: scripts/test.mjs drops exactly its own run's schemas afterwards. */
export function testSchemaName(): string {
  const run = /^\d+(_\d+)?$/.test(process.env.ZIXUN_TEST_RUN ?? '') ? process.env.ZIXUN_TEST_RUN : String(Math.floor(Date.now() / 1000));
  return `t_${run}_${randomBytes(6).toString('hex')}`;
}

/**
 * A fresh, migrated database owned by one test: in-memory SQLite, or a new PostgreSQL schema.
 * scripts/test.mjs drops the schemas of its own run after the PostgreSQL pass.
 */
export async function openTestDatabase(): Promise<DbHandle> {
  if (testDialect() === 'sqlite') {
    const h = openDatabase({ dialect: 'sqlite', path: ':memory:' });
    await migrate(h);
    return h;
  }
  const schema = testSchemaName();
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const h = openDatabase({ dialect: 'postgres', url: TEST_PG_URL }, { pgSchema: schema, poolSize: 5 });
  await migrate(h);
  return h;
}
