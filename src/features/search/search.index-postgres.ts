import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { CANDIDATES, COUNT_CAP, FRESH_BOOST, FRESH_DAYS, type IndexQuery, type SearchIndex } from './search.index.ts';

// ts_rank weights in PostgreSQL's order {D, C, B, A}: body, tags, summary, title.
const WEIGHTS = '{0.1, 0.5, 0.4, 1.0}';
// PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383.
const MAX_POSITIONS = 256;
const MAX_POSITION = 16_383;

/** A lexeme in tsvector/tsquery input syntax: quoted, so & | ! ( ) : * are plain text. */
function lexeme(token: string): string {
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * A tsvector literal from exact tokens with their positions. Built here rather than with
 * to_tsvector so that PostgreSQL's parser cannot split or normalise our tokens (hk3001, 3.5%).
 */
export function tsvectorLiteral(tokens: string[]): string {
  const positions = new Map<string, number[]>();
  tokens.forEach((t, i) => {
    if (!t || t.length > 200) return;
    const list = positions.get(t) ?? [];
    if (list.length < MAX_POSITIONS) list.push(Math.min(i + 1, MAX_POSITION));
    positions.set(t, list);
  });
  return [...positions].map(([t, ps]) => `${lexeme(t)}:${[...new Set(ps)].join(',')}`).join(' ');
}

export function tsqueryLiteral(clauses: string[][][], mode: 'all' | 'any'): string {
  const parts = clauses.map((alts) => {
    const groups = alts.filter((g) => g.length).map((g) => (g.length === 1 ? lexeme(g[0] as string) : `(${g.map(lexeme).join(' & ')})`));
    return groups.length === 1 ? (groups[0] as string) : `(${groups.join(' | ')})`;
  });
  return parts.join(mode === 'all' ? ' & ' : ' | ');
}

function filters(q: IndexQuery): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`d.published_at <= ${q.now}`];
  if (q.categoryIds) conds.push(q.categoryIds.length ? sql`d.category_id in (${sql.join(q.categoryIds)})` : sql`false`);
  if (q.from) conds.push(sql`d.published_at >= ${q.from}`);
  if (q.until) conds.push(sql`d.published_at < ${q.until}`);
  return sql.join(conds, sql` and `);
}

export function createPostgresIndex(): SearchIndex {
  const index: SearchIndex = {
    async upsert(trx, docs) {
      if (!docs.length) return;
      const values = docs.map(
        (d) => sql`(${d.id}, ${d.categoryId}, ${d.publishedAt}, ${d.recommendLevel}, ${d.verified ? 1 : 0},
          setweight(${tsvectorLiteral(d.fields.title)}::tsvector, 'A') || setweight(${tsvectorLiteral(d.fields.summary)}::tsvector, 'B') ||
          setweight(${tsvectorLiteral(d.fields.tags)}::tsvector, 'C') || setweight(${tsvectorLiteral(d.fields.body)}::tsvector, 'D'))`,
      );
      await sql`insert into search_docs (article_id, category_id, published_at, recommend_level, verified, doc) values ${sql.join(values)}
        on conflict (article_id) do update set category_id = excluded.category_id, published_at = excluded.published_at,
        recommend_level = excluded.recommend_level, verified = excluded.verified, doc = excluded.doc`.execute(trx);
    },

    async remove(trx, ids) {
      if (!ids.length) return;
      await sql`delete from search_docs where article_id in (${sql.join(ids)})`.execute(trx);
    },

    async query(db, q) {
      const tsq = tsqueryLiteral(q.clauses, q.mode);
      if (!tsq) return { total: 0, hits: [] };
      const query = sql`${tsq}::tsquery`;
      const where = filters(q);
      // Matching must go through the GIN index: a sequential or primary-key scan would evaluate @@
      // on every row, reading (de-TOASTing) its whole tsvector. With a LIMIT, or a word in most
      // articles, the planner prefers exactly that, so the match queries run with those plans off.
      const matched = await db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_indexscan = off`.execute(trx);
        const ids =
          q.sort === 'newest'
            ? await sql<{ id: number }>`select d.article_id as id from search_docs d where d.doc @@ ${query} and ${where}
                order by d.published_at desc, d.article_id desc limit ${q.limit} offset ${q.offset}`.execute(trx)
            : // The newest CANDIDATES matches are ranked below.
              await sql<{ id: number }>`select d.article_id as id from search_docs d where d.doc @@ ${query} and ${where}
                order by d.article_id desc limit ${CANDIDATES}`.execute(trx);
        // A relevance window that is not full holds every match, as does a first page that is not full.
        const complete = q.sort === 'newest' ? q.offset === 0 && ids.rows.length < q.limit : ids.rows.length < CANDIDATES;
        if (complete) return { ids: ids.rows.map((r) => Number(r.id)), total: ids.rows.length };
        const c = await sql<{
          n: number;
        }>`select count(*) as n from (select 1 from search_docs d where d.doc @@ ${query} and ${where} limit ${COUNT_CAP}) x`.execute(trx);
        return { ids: ids.rows.map((r) => Number(r.id)), total: Number(c.rows[0]?.n ?? 0) };
      });
      if (q.sort === 'newest' || !matched.ids.length) return { total: matched.total, hits: matched.ids.map((id) => ({ id, score: 0 })) };
      const age = sql`greatest(0, extract(epoch from (${q.now}::timestamptz - d.published_at::timestamptz)) / 86400.0)`;
      const fresh = sql`(1.0 + ${FRESH_BOOST} / (1.0 + ${age} / ${FRESH_DAYS}))`;
      const boost = q.boostRecommended ? sql`(1.0 + 0.2 * (d.recommend_level > 0)::int + 0.1 * d.verified)` : sql`1.0`;
      const rows = await sql<{ id: number; score: number }>`
        select d.article_id as id, ts_rank(${WEIGHTS}::float4[], d.doc, ${query}, 1) * ${fresh} * ${boost} as score
        from search_docs d where d.article_id in (${sql.join(matched.ids)})
        order by score desc, d.published_at desc limit ${q.limit} offset ${q.offset}`.execute(db);
      return { total: matched.total, hits: rows.rows.map((r) => ({ id: Number(r.id), score: Number(r.score) })) };
    },

    async clear(trx) {
      await sql`delete from search_docs`.execute(trx);
    },

    async rebuild(db) {
      return {
        load: (trx, docs) => index.upsert(trx, docs),
        async finish(seen) {
          const all = await sql<{ id: number }>`select article_id as id from search_docs`.execute(db);
          const stale = all.rows.map((r) => Number(r.id)).filter((id) => !seen.has(id));
          for (let i = 0; i < stale.length; i += 500) await index.remove(db, stale.slice(i, i + 500));
          // GIN keeps new entries in a pending list until vacuum; fresh statistics help the planner too.
          await sql`vacuum analyze search_docs`.execute(db);
        },
        async abort() {},
      };
    },

    async stats(db: Db) {
      const n = await sql<{ n: number }>`select count(*) as n from search_docs`.execute(db);
      const b = await sql<{ b: number }>`select pg_total_relation_size('search_docs') as b`.execute(db);
      return { docs: Number(n.rows[0]?.n ?? 0), bytes: Number(b.rows[0]?.b ?? 0) };
    },
  };
  return index;
}
