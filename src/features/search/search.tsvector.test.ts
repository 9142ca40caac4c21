import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase, testDialect } from '../../test/db.ts';
import { tsvectorLiteral, weightedTsvector } from './search.tsvector.ts';

const many = (t: string, n: number) => Array.from({ length: n }, () => t);

// Compared with PostgreSQL's own expression: registered in the PostgreSQL pass only (as search.test.ts does
// for its SQLite-only checks), so the SQLite pass has nothing to skip.
const postgresOnly = testDialect() === 'postgres' ? test : () => undefined;

postgresOnly('one weighted tsvector literal is exactly the four fields set-weighted and concatenated by PostgreSQL', async (t) => {
  const dbh = await openTestDatabase();
  t.after(() => dbh.close());
  const cases = [
    {
      title: ['青川', '风筝节', '开幕', '的'],
      summary: ['风筝节', '吸引', '市民'],
      tags: ['风筝'],
      body: ['风筝节', '吸引', '了', '上万名', '市民', '青川'],
    },
    { title: [], summary: [], tags: [], body: [] },
    { title: [], summary: ["it's", 'a\\b', '3.5%', 'hk-3001'], tags: [], body: ["it's", '&', '|', '!', ':*'] },
    // More than 256 repeats of a word across fields, and positions past 16383 (capped).
    { title: many('青川', 3), summary: many('青川', 200), tags: ['青川'], body: [...many('市民', 16_500), ...many('青川', 100), '末尾'] },
    { title: ['a'], summary: many('b', 300), tags: [], body: [...many('x', 16_000), 'a', 'b', ...many('y', 500), 'a'] },
  ];
  for (const f of cases) {
    const r = await sql<{ same: boolean; mine: string; theirs: string }>`select
        ${weightedTsvector(f)}::tsvector = x.v as same, ${weightedTsvector(f)}::tsvector::text as mine, x.v::text as theirs
      from (select setweight(${tsvectorLiteral(f.title)}::tsvector, 'A') || setweight(${tsvectorLiteral(f.summary)}::tsvector, 'B') ||
        setweight(${tsvectorLiteral(f.tags)}::tsvector, 'C') || setweight(${tsvectorLiteral(f.body)}::tsvector, 'D') as v) x`.execute(dbh.db);
    const row = r.rows[0];
    assert.ok(
      row?.same && row.mine === row.theirs,
      `differs for ${JSON.stringify(f).slice(0, 120)}: ${row?.mine.slice(0, 300)} vs ${row?.theirs.slice(0, 300)}`,
    );
  }
});
