import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { CANDIDATES, COUNT_CAP, FRESH_BOOST, FRESH_DAYS, notWrittenSince, type IndexQuery, type SearchDoc, type SearchIndex } from './search.index.ts';
import { createLexemeStats } from './search.pg-stats.ts';
import { tsqueryLiteral, weightedTsvector } from './search.tsvector.ts';

// ts_rank weights in PostgreSQL's order {D, C, B, A}: body, tags, summary, title.
const WEIGHTS = '{0.1, 0.5, 0.4, 1.0}';

function filters(q: IndexQuery): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`d.published_at <= ${q.now}`];
  if (q.categoryIds) conds.push(q.categoryIds.length ? sql`d.category_id in (${sql.join(q.categoryIds)})` : sql`false`);
  if (q.from) conds.push(sql`d.published_at >= ${q.from}`);
  if (q.until) conds.push(sql`d.published_at < ${q.until}`);
  if (q.exclude?.length) conds.push(sql`d.article_id not in (${sql.join(q.exclude)})`);
  return sql.join(conds, sql` and `);
}

const DOCS = 'search_docs';
/** The table a rebuild fills (no text index until it is complete), renamed to DOCS when done; WRITTEN lists articles written meanwhile. */
const NEXT = 'search_docs_next';
const WRITTEN = 'search_docs_next_written';
/** Memory for building the GIN index at the end of a rebuild (PostgreSQL's default is 64 MB). */
const GIN_BUILD_MEMORY = '256MB';
/**
 * Queries whose words are estimated to be in at least this share of the articles are answered from
 * the newest rows (see `query`): at most COUNT_CAP * PROBE_SLACK / PROBE_MIN_SHARE rows tested.
 */
const PROBE_MIN_SHARE = 0.3;
const PROBE_SLACK = 1.5;

/** The document's tsvector: built by a rebuild's worker thread, or here from its tokens. */
const docVector = (d: SearchDoc): string => d.tsvector ?? weightedTsvector(d.fields);

async function insertDocs(trx: Db, table: string, docs: SearchDoc[], onConflict: 'update' | 'keep'): Promise<void> {
  const values = docs.map((d) => sql`(${d.id}, ${d.categoryId}, ${d.publishedAt}, ${d.recommendLevel}, ${d.verified ? 1 : 0}, ${docVector(d)}::tsvector)`);
  await sql`insert into ${sql.table(table)} (article_id, category_id, published_at, recommend_level, verified, doc) values ${sql.join(values)}
    on conflict (article_id) ${
      onConflict === 'keep'
        ? sql`do nothing`
        : sql`do update set category_id = excluded.category_id, published_at = excluded.published_at,
    recommend_level = excluded.recommend_level, verified = excluded.verified, doc = excluded.doc`
    }`.execute(trx);
}

async function dropNext(db: Db): Promise<void> {
  await sql.raw(`drop table if exists ${NEXT}, ${WRITTEN}`).execute(db);
}

/** Whether a rebuild (this process or another) is filling NEXT. */
async function rebuilding(trx: Db): Promise<boolean> {
  const r = await sql<{ t: string | null }>`select to_regclass(${WRITTEN})::text as t`.execute(trx);
  return !!r.rows[0]?.t;
}

/**
 * An article written while a rebuild runs goes to its new table too (removed: `docs` empty), and is
 * marked so the rebuild does not overwrite it with the copy it read earlier. The write holds its lock
 * on DOCS, which the swap at the end of the rebuild waits for, so NEXT still exists here.
 */
async function writeThrough(trx: Db, ids: number[], docs: SearchDoc[]): Promise<void> {
  await sql`delete from ${sql.table(NEXT)} where article_id in (${sql.join(ids)})`.execute(trx);
  if (docs.length) await insertDocs(trx, NEXT, docs, 'update');
  await sql`insert into ${sql.table(WRITTEN)} (article_id) values ${sql.join(ids.map((id) => sql`(${id})`))} on conflict do nothing`.execute(trx);
}

/** Matching article ids (the newest COUNT_CAP, or a page when sorted by date) and their count, capped. */
interface Matched {
  ids: number[];
  total: number;
}

/** `probeMinShare`: see PROBE_MIN_SHARE (Infinity: always the GIN path; for comparisons). */
export function createPostgresIndex(opts: { probeMinShare?: number } = {}): SearchIndex {
  const probeMinShare = opts.probeMinShare ?? PROBE_MIN_SHARE;
  const stats = createLexemeStats();
  /**
   * The newest COUNT_CAP matches (their number is the capped count), through the GIN index. Matching must go
   * through it: a sequential or primary-key scan would evaluate @@ on every row, reading (de-TOASTing)
   * its whole tsvector. With a LIMIT, or a word in most articles, the planner prefers exactly that, so
   * the match queries run with those plans off.
   */
  async function viaGin(db: Db, q: IndexQuery, query: RawBuilder<unknown>, where: RawBuilder<unknown>): Promise<Matched> {
    return db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      await sql`set local enable_indexscan = off`.execute(trx);
      const ids =
        q.sort === 'newest'
          ? await sql<{ id: number }>`select d.article_id as id from search_docs d where d.doc @@ ${query} and ${where}
              order by d.published_at desc, d.article_id desc limit ${q.limit} offset ${q.offset}`.execute(trx)
          : // The newest COUNT_CAP matches (see CANDIDATES): their number is the capped count.
            await sql<{ id: number }>`select d.article_id as id from search_docs d where d.doc @@ ${query} and ${where}
              order by d.article_id desc limit ${COUNT_CAP}`.execute(trx);
      if (q.sort === 'relevance') return { ids: ids.rows.map((r) => Number(r.id)), total: ids.rows.length };
      // A first page that is not full holds every match.
      if (q.offset === 0 && ids.rows.length < q.limit) return { ids: ids.rows.map((r) => Number(r.id)), total: ids.rows.length };
      const c = await sql<{
        n: number;
      }>`select count(*) as n from (select 1 from search_docs d where d.doc @@ ${query} and ${where} limit ${COUNT_CAP}) x`.execute(trx);
      return { ids: ids.rows.map((r) => Number(r.id)), total: Number(c.rows[0]?.n ?? 0) };
    });
  }

  /**
   * A query whose words are in most articles (青川 on a local portal) matches most rows: the GIN path
   * reads every match to sort out the newest. Its newest matches are among the newest rows instead:
   * walk the primary key backwards over a window sized from PostgreSQL's lexeme statistics and test
   * each row. When the window holds COUNT_CAP matches, they give exactly what the GIN path gives (the
   * newest COUNT_CAP and a count of COUNT_CAP); otherwise (an estimate off) the GIN path answers.
   * Relevance order without filters only: filters make the share unknown.
   */
  async function newestRows(db: Db, q: IndexQuery, query: RawBuilder<unknown>, where: RawBuilder<unknown>): Promise<Matched | undefined> {
    if (q.sort !== 'relevance' || q.categoryIds || q.from || q.until || probeMinShare > 1) return undefined;
    const share = await stats.share(db, q.clauses, q.mode);
    if (share < probeMinShare) return undefined;
    const window = Math.ceil((COUNT_CAP * PROBE_SLACK) / share);
    const r = await sql<{ id: number }>`select d.article_id as id from (select article_id, category_id, published_at, doc from search_docs
        order by article_id desc limit ${window}) d where d.doc @@ ${query} and ${where} order by d.article_id desc limit ${COUNT_CAP}`.execute(db);
    if (r.rows.length < COUNT_CAP) return undefined;
    return { ids: r.rows.map((x) => Number(x.id)), total: COUNT_CAP };
  }

  const index: SearchIndex = {
    async upsert(trx, docs) {
      if (!docs.length) return;
      await insertDocs(trx, DOCS, docs, 'update');
      if (await rebuilding(trx))
        await writeThrough(
          trx,
          docs.map((d) => d.id),
          docs,
        );
    },

    async remove(trx, ids) {
      if (!ids.length) return;
      await sql`delete from search_docs where article_id in (${sql.join(ids)})`.execute(trx);
      if (await rebuilding(trx)) await writeThrough(trx, ids, []);
    },

    async query(db, q) {
      const tsq = tsqueryLiteral(q.clauses, q.mode);
      if (!tsq) return { total: 0, hits: [] };
      const query = sql`${tsq}::tsquery`;
      const where = filters(q);
      const matched = (await newestRows(db, q, query, where)) ?? (await viaGin(db, q, query, where));
      if (q.sort === 'newest' || !matched.ids.length) return { total: matched.total, hits: matched.ids.map((id) => ({ id, score: 0 })) };
      const age = sql`greatest(0, extract(epoch from (${q.now}::timestamptz - d.published_at::timestamptz)) / 86400.0)`;
      const fresh = sql`(1.0 + ${FRESH_BOOST} / (1.0 + ${age} / ${FRESH_DAYS}))`;
      const boost = q.boostRecommended ? sql`(1.0 + 0.2 * (d.recommend_level > 0)::int + 0.1 * d.verified)` : sql`1.0`;
      // Up to COUNT_CAP matches all are ranked; beyond, the newest CANDIDATES, then the others by date.
      const all = matched.ids.length < COUNT_CAP;
      const rankable = all ? matched.ids : matched.ids.slice(0, CANDIDATES);
      let hits: Array<{ id: number; score: number }> = [];
      if (q.offset < rankable.length) {
        const rows = await sql<{ id: number; score: number }>`
          select d.article_id as id, ts_rank(${WEIGHTS}::float4[], d.doc, ${query}, 1) * ${fresh} * ${boost} as score
          from search_docs d where d.article_id in (${sql.join(rankable)})
          order by score desc, d.published_at desc limit ${q.limit} offset ${q.offset}`.execute(db);
        hits = rows.rows.map((r) => ({ id: Number(r.id), score: Number(r.score) }));
      }
      if (all) return { total: matched.total, hits };
      const from = Math.max(0, q.offset - rankable.length);
      const rest = matched.ids.slice(CANDIDATES + from, CANDIDATES + from + q.limit - hits.length).map((id) => ({ id, score: 0 }));
      return { total: matched.total, hits: [...hits, ...rest], ranked: CANDIDATES };
    },

    async clear(trx) {
      await sql`delete from search_docs`.execute(trx);
    },

    async rebuild(db) {
      // A new table without the GIN index, which is built once at the end from all rows (much cheaper
      // than inserting every document into it), then swapped in; searches read the old one until then.
      await dropNext(db);
      await sql.raw(`create table ${NEXT} (like ${DOCS} including defaults)`).execute(db);
      await sql.raw(`alter table ${NEXT} add primary key (article_id)`).execute(db);
      await sql.raw(`create table ${WRITTEN} (article_id integer primary key)`).execute(db);
      return {
        async load(trx, docs) {
          if (!docs.length) return;
          const fresh = await notWrittenSince(trx, WRITTEN, docs);
          if (fresh.length) await insertDocs(trx, NEXT, fresh, 'keep');
        },
        async finish() {
          // Only articles the rebuild read or written since are in NEXT: nothing stale to drop.
          await db.transaction().execute(async (trx) => {
            await sql.raw(`set local maintenance_work_mem = '${GIN_BUILD_MEMORY}'`).execute(trx);
            await sql.raw(`create index ${NEXT}_doc on ${NEXT} using gin (doc)`).execute(trx);
          });
          await sql.raw(`analyze ${NEXT}`).execute(db);
          await db.transaction().execute(async (trx) => {
            await sql.raw(`lock table ${DOCS} in access exclusive mode`).execute(trx);
            await sql.raw(`drop table ${DOCS}`).execute(trx);
            await sql.raw(`alter table ${NEXT} rename to ${DOCS}`).execute(trx);
            await sql.raw(`alter index ${NEXT}_pkey rename to ${DOCS}_pkey`).execute(trx);
            await sql.raw(`alter index ${NEXT}_doc rename to ${DOCS}_doc`).execute(trx);
            await sql.raw(`drop table ${WRITTEN}`).execute(trx);
          });
          stats.reset();
        },
        abort: () => dropNext(db),
        format: 'tsvector',
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
