import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase } from '../../test/db.ts';
import { createSearchIndex, CANDIDATES, COUNT_CAP, type IndexQuery, type SearchDoc, type SearchIndex } from './search.index.ts';

// 1,500 articles, published a minute apart; 青川 is in nine out of ten, the three newest are scheduled.
const N = 1_500;
const NOW = '2026-11-27T08:00:00.000Z';
const at = (i: number) => new Date(Date.parse(NOW) - (N - 3 - i) * 60_000).toISOString();
const has = (i: number) => i % 10 !== 0;

test('a word in most articles: the newest matches are ranked and the count stops at the cap, with or without statistics', async (t) => {
  const dbh = await openTestDatabase();
  t.after(() => dbh.close());
  const index = createSearchIndex(dbh.dialect);
  const docs: SearchDoc[] = [];
  for (let i = 1; i <= N; i++)
    docs.push({
      id: i,
      categoryId: 1,
      publishedAt: at(i),
      recommendLevel: 0,
      verified: false,
      fields: { title: has(i) ? ['青川', '新闻'] : ['新闻'], summary: [], tags: [], body: ['今天', '天气', '晴'] },
    });
  await dbh.tx(async (trx) => {
    for (let i = 0; i < docs.length; i += 500) await index.upsert(trx, docs.slice(i, i + 500));
  });
  // Published (not scheduled) matches, newest first: the window relevance ranks comes first, the others follow by date.
  const matches = docs
    .filter((d) => has(d.id) && d.publishedAt <= NOW)
    .map((d) => d.id)
    .sort((a, b) => b - a);
  const window = matches.slice(0, CANDIDATES);
  const q = (offset: number): IndexQuery => ({
    clauses: [[['青川']]],
    mode: 'all',
    now: NOW,
    sort: 'relevance',
    limit: 10,
    offset,
    boostRecommended: false,
  });
  const check = async (index: SearchIndex, when: string) => {
    const first = await index.query(dbh.db, q(0));
    assert.equal(first.total, COUNT_CAP, when);
    // Same text everywhere: the freshness boost orders them, newest first.
    assert.deepEqual(
      first.hits.map((h) => h.id),
      window.slice(0, 10),
      when,
    );
    const last = await index.query(dbh.db, q(CANDIDATES - 10));
    assert.deepEqual(
      last.hits.map((h) => h.id),
      window.slice(CANDIDATES - 10),
      when,
    );
    // Past the ranked window every counted match can still be reached, by date (same text: the same order).
    const next = await index.query(dbh.db, q(CANDIDATES));
    assert.deepEqual(
      next.hits.map((h) => h.id),
      matches.slice(CANDIDATES, CANDIDATES + 10),
      `${when}: past the window, by date`,
    );
    const end = await index.query(dbh.db, q(COUNT_CAP - 10));
    assert.deepEqual(
      end.hits.map((h) => h.id),
      matches.slice(COUNT_CAP - 10, COUNT_CAP),
      `${when}: the last counted match`,
    );
    const rare = await index.query(dbh.db, { ...q(0), clauses: [[['青川']], [['晴']], [['不存在']]] });
    assert.equal(rare.total, 0, when);
  };
  await check(index, 'without statistics');
  // PostgreSQL: with statistics, the planner's lexeme frequencies say 青川 is in most rows.
  if (dbh.dialect === 'postgres') {
    await sql`analyze search_docs`.execute(dbh.db);
    await check(createSearchIndex(dbh.dialect), 'with statistics'); // a new instance: statistics are cached
  }
});
