// Migration 2026112932: one open report per member and target. A site already holding a member's
// double-submitted reports must still start; they are merged into the earliest, and new ones are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Migrator, sql } from 'kysely';
import { openDatabase, type DbHandle } from '../../platform/db/index.ts';
import { migrationsFor } from '../../platform/db/migrations/index.ts';
import { testDialect, testSchemaName, TEST_PG_URL } from '../../test/db.ts';
import { isOpenDuplicate } from './reports.repo.ts';

const now = '2026-11-29T00:00:00.000Z';

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

type Row = { reporter: number | null; type: string; target: number | null; url?: string; status?: string; description?: string; reason?: string };

const add = (h: DbHandle, r: Row) =>
  sql`insert into reports (target_type, target_id, url, reason, description, reporter_id, reporter_ip, status, created_at)
      values (${r.type}, ${r.target}, ${r.url ?? ''}, ${r.reason ?? 'advert'}, ${r.description ?? ''}, ${r.reporter}, ${'127.0.0.1'}, ${r.status ?? 'open'}, ${now})`.execute(
    h.db,
  );

test('duplicate open reports of one member are merged into the earliest; the index then refuses new ones', async (t) => {
  const h = await blank(t);
  await migrateTo(h, '2026112931_friend_links');
  for (const username of ['alice', 'bob'])
    await sql`insert into members (username, display_name, created_at, updated_at) values (${username}, ${username}, ${now}, ${now})`.execute(h.db);
  const [alice, bob] = (await sql<{ id: number }>`select id from members order by id`.execute(h.db)).rows.map((r) => Number(r.id));
  const rows: Row[] = [
    { reporter: alice!, type: 'article', target: 70, description: '广告' }, // 1: kept
    { reporter: alice!, type: 'article', target: 70, description: '广告' }, // 2: same words, dropped
    { reporter: alice!, type: 'article', target: 70, description: '还有联系方式' }, // 3: dropped, its words kept
    { reporter: alice!, type: 'article', target: 70, status: 'resolved' }, // 4: decided earlier, stays
    { reporter: bob!, type: 'article', target: 70 }, // 5: another member
    { reporter: alice!, type: 'comment', target: 70 }, // 6: another target type
    { reporter: null, type: 'article', target: 70 }, // 7, 8: guests are not keyed
    { reporter: null, type: 'article', target: 70 },
    { reporter: alice!, type: 'url', target: null, url: 'http://localhost/a' }, // 9: kept
    { reporter: alice!, type: 'url', target: null, url: 'http://localhost/a' }, // 10: dropped
    { reporter: alice!, type: 'url', target: null, url: 'http://localhost/b' }, // 11: another URL
    { reporter: bob!, type: 'comment', target: 80, description: '甲'.repeat(600) }, // 12: kept
    { reporter: bob!, type: 'comment', target: 80, reason: 'infringement', description: '' }, // 13: dropped, its reason kept
    { reporter: bob!, type: 'comment', target: 80, reason: 'illegal', description: '乙'.repeat(600) }, // 14: dropped, cut to fit
  ];
  for (const r of rows) await add(h, r);

  await migrateTo(h, '2026112932_reports_one_open_per_reporter');
  const left = await sql<{ id: number; status: string; description: string }>`select id, status, description from reports order by id`.execute(h.db);
  assert.deepEqual(
    left.rows.map((r) => Number(r.id)),
    [1, 4, 5, 6, 7, 8, 9, 11, 12],
  );
  assert.equal(left.rows[0]?.description, '广告\n\n还有联系方式', 'what a dropped duplicate said is kept');
  const merged = left.rows.at(-1)!.description;
  assert.ok(merged.startsWith(`${'甲'.repeat(600)}\n\n【侵权】\n\n【违法违规】乙乙`), 'the other reasons are named');
  assert.equal(merged.length, 1000, 'within the form’s limit');
  assert.ok(merged.endsWith('乙…'));

  // The database itself now refuses a second open report of a member on a target, URLs included.
  for (const r of [rows[0]!, rows[8]!]) {
    const e = await add(h, r).then(
      () => undefined,
      (x: unknown) => x,
    );
    assert.ok(isOpenDuplicate(e), String(e));
  }
  await add(h, { reporter: alice!, type: 'article', target: 70, status: 'dismissed' });
  await add(h, { reporter: null, type: 'article', target: 70 });
  await add(h, { reporter: alice!, type: 'article', target: 71 });
});
