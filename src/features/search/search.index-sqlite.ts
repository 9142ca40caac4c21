import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { CANDIDATES, COUNT_CAP, FRESH_BOOST, FRESH_DAYS, type IndexQuery, type SearchDoc, type SearchIndex } from './search.index.ts';

// bm25 column weights: title, summary, tags, body.
const WEIGHTS = sql.raw('10.0, 4.0, 5.0, 1.0');

/** A token as an FTS5 phrase: quoted, so FTS5 syntax in it (AND, NEAR, *, :, -, parentheses) is plain text. */
function phrase(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

/** The MATCH expression of a plan; never empty for a non-empty plan. */
export function ftsExpression(clauses: string[][][], mode: 'all' | 'any'): string {
  const parts = clauses.map((alts) => {
    const groups = alts.filter((g) => g.length).map((g) => (g.length === 1 ? phrase(g[0] as string) : `(${g.map(phrase).join(' AND ')})`));
    return groups.length === 1 ? (groups[0] as string) : `(${groups.join(' OR ')})`;
  });
  return parts.join(mode === 'all' ? ' AND ' : ' OR ');
}

function filters(q: IndexQuery): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`d.published_at <= ${q.now}`];
  if (q.categoryIds) conds.push(q.categoryIds.length ? sql`d.category_id in (${sql.join(q.categoryIds)})` : sql`1 = 0`);
  if (q.from) conds.push(sql`d.published_at >= ${q.from}`);
  if (q.until) conds.push(sql`d.published_at < ${q.until}`);
  return sql.join(conds, sql` and `);
}

const joinTokens = (ts: string[]) => ts.join(' ');

export function createSqliteIndex(): SearchIndex {
  return {
    async upsert(trx, docs) {
      if (!docs.length) return;
      // Deleting from a contentless FTS5 table costs as much as an insert: only for rows it holds
      // (search_docs has a row for exactly those).
      const held = await sql<{ id: number }>`select article_id as id from search_docs where article_id in (${sql.join(docs.map((d) => d.id))})`.execute(trx);
      if (held.rows.length) await sql`delete from search_fts where rowid in (${sql.join(held.rows.map((r) => r.id))})`.execute(trx);
      await sql`insert into search_fts (rowid, title, summary, tags, body) values ${sql.join(
        docs.map(
          (d) => sql`(${d.id}, ${joinTokens(d.fields.title)}, ${joinTokens(d.fields.summary)}, ${joinTokens(d.fields.tags)}, ${joinTokens(d.fields.body)})`,
        ),
      )}`.execute(trx);
      await sql`insert into search_docs (article_id, category_id, published_at, recommend_level, verified) values ${sql.join(
        docs.map((d: SearchDoc) => sql`(${d.id}, ${d.categoryId}, ${d.publishedAt}, ${d.recommendLevel}, ${d.verified ? 1 : 0})`),
      )} on conflict (article_id) do update set category_id = excluded.category_id, published_at = excluded.published_at,
        recommend_level = excluded.recommend_level, verified = excluded.verified`.execute(trx);
    },

    async remove(trx, ids) {
      if (!ids.length) return;
      await sql`delete from search_fts where rowid in (${sql.join(ids)})`.execute(trx);
      await sql`delete from search_docs where article_id in (${sql.join(ids)})`.execute(trx);
    },

    async query(db, q) {
      const match = ftsExpression(q.clauses, q.mode);
      if (!match) return { total: 0, hits: [] };
      const where = filters(q);
      const fresh = sql`(1.0 + ${FRESH_BOOST} / (1.0 + max(0.0, julianday(${q.now}) - julianday(d.published_at)) / ${FRESH_DAYS}))`;
      const boost = q.boostRecommended ? sql`(1.0 + 0.2 * (d.recommend_level > 0) + 0.1 * d.verified)` : sql`1.0`;
      const scored = sql`select d.article_id as id, d.published_at as published_at, -bm25(search_fts, ${WEIGHTS}) * ${fresh} * ${boost} as score
        from search_fts cross join search_docs d on d.article_id = search_fts.rowid
        where search_fts match ${match} and ${where}`;
      // FTS5 walks matches in rowid order and stops at the limit: bm25 is computed for the window only.
      // CROSS JOIN keeps FTS5 as the outer loop (SQLite does not reorder it); otherwise the planner may
      // walk search_docs by date and probe the full-text index once per row.
      const rows =
        q.sort === 'newest'
          ? await sql<{ id: number; score: number }>`${scored} order by d.published_at desc, d.article_id desc limit ${q.limit} offset ${q.offset}`.execute(db)
          : await sql<{ id: number; score: number }>`select id, score from (${scored} order by search_fts.rowid desc limit ${CANDIDATES})
              order by score desc, published_at desc limit ${q.limit} offset ${q.offset}`.execute(db);
      // A first page that is not full is also the last one: no count query needed.
      let total = q.offset + rows.rows.length;
      if (rows.rows.length === q.limit || q.offset > 0) {
        const c = await sql<{ n: number }>`select count(*) as n from (select 1 from search_fts cross join search_docs d on d.article_id = search_fts.rowid
          where search_fts match ${match} and ${where} limit ${COUNT_CAP})`.execute(db);
        total = Number(c.rows[0]?.n ?? 0);
      }
      return { total, hits: rows.rows.map((r) => ({ id: Number(r.id), score: Number(r.score) })) };
    },

    async clear(trx) {
      await sql`delete from search_fts`.execute(trx);
      await sql`delete from search_docs`.execute(trx);
    },

    async stats(db) {
      const n = await sql<{ n: number }>`select count(*) as n from search_docs`.execute(db);
      let bytes: number | null = null;
      try {
        const r = await sql<{ b: number }>`select sum(pgsize) as b from dbstat where name like 'search_%'`.execute(db);
        bytes = Number(r.rows[0]?.b ?? 0);
      } catch {
        bytes = null; // dbstat not compiled in
      }
      return { docs: Number(n.rows[0]?.n ?? 0), bytes };
    },
  };
}
