import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, migrate, type DbHandle } from '../platform/db/index.ts';

/** Which database this test run uses: set by scripts/test.mjs for each pass. */
export function testDialect(): 'sqlite' | 'postgres' {
  return process.env.ZIXUN_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

export const TEST_PG_URL = process.env.ZIXUN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh, migrated database owned by one test: in-memory SQLite, or a new PostgreSQL schema.
 * Test schemas are not dropped here: dropping one while a parallel test's migrator reads the catalogue
 * makes that read fail. scripts/test.mjs drops the schemas of its own run after the PostgreSQL pass.
 */
export async function openTestDatabase(): Promise<DbHandle> {
  if (testDialect() === 'sqlite') {
    const h = openDatabase({ dialect: 'sqlite', path: ':memory:' });
    await migrate(h);
    return h;
  }
  // scripts/test.mjs names the run so it can drop exactly its own schemas afterwards.
  const run = /^\d+(_\d+)?$/.test(process.env.ZIXUN_TEST_RUN ?? '') ? process.env.ZIXUN_TEST_RUN : String(Math.floor(Date.now() / 1000));
  const schema = `t_${run}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const h = openDatabase({ dialect: 'postgres', url: TEST_PG_URL }, { pgSchema: schema, poolSize: 5 });
  await migrateRetryingDroppedSchemas(h);
  return h;
}

/**
 * Kysely's Migrator first looks for its bookkeeping tables by listing the tables of every schema; another
 * test run that drops its schemas at that moment (two runs sharing the database on a developer's machine)
 * makes that listing fail with "schema … does not exist" (3F000) before anything was migrated. Listed
 * again a moment later, the schema is gone and the listing succeeds.
 */
async function migrateRetryingDroppedSchemas(h: DbHandle): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(h);
      return;
    } catch (e) {
      if (attempt >= 5 || (e as { code?: unknown }).code !== '3F000') throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}
