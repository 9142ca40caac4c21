import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { COUNT_CAP, notWrittenSince, type IndexQuery, type SearchDoc, type SearchIndex } from './search.index.ts';
import { rankSqlite } from './search.rank-sqlite.ts';

/** At most how many articles a clause matches: an alternative, as many as its rarest token; a clause, its widest alternative. */
function width(clause: string[][], df: Map<string, number>): number {
  // Loops, not Math.max(...list): a spread's arguments are bounded by the call stack.
  let widest = -Infinity;
  for (const alt of clause) {
    let rarest = Infinity;
    for (const t of alt) rarest = Math.min(rarest, df.get(t) ?? 0);
    widest = Math.max(widest, rarest);
  }
  return widest;
}

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
  if (q.exclude?.length) conds.push(sql`d.article_id not in (${sql.join(q.exclude)})`);
  return sql.join(conds, sql` and `);
}

const joinTokens = (ts: string[]) => ts.join(' ');

/**
 * Deletes FTS5 rows one statement per rowid: FTS5 serves `rowid = ?` from its index, but `rowid in
 * (…)` with a list scans the whole table (measured: 500 rows took 1 s on a 20,000-article index, one
 * by one 3 ms), which made a rebuild over an existing index ten times slower than a first build.
 */
async function deleteFts(trx: Db, ids: number[]): Promise<void> {
  for (const id of ids) await sql`delete from search_fts where rowid = ${id}`.execute(trx);
}

const FTS = 'search_fts';
/** The index a rebuild writes, renamed to FTS when done; WRITTEN lists articles written meanwhile. */
const NEXT = 'search_fts_next';
const WRITTEN = 'search_fts_next_written';
/** FTS5 pending-data limit while rebuilding (default 1 MiB): a segment per transaction, not per MiB. */
const REBUILD_HASH_BYTES = 256 * 1_048_576;
const ROWS_PER_STATEMENT = 500;

/** The FTS5 table as the migration creates it (2026112706_search.ts). */
function ftsDdl(name: string): string {
  return (
    `create virtual table ${name} using fts5(title, summary, tags, body, content='', contentless_delete=1, ` +
    `tokenize="unicode61 remove_diacritics 0 tokenchars '-_.+/%#&@'")`
  );
}

async function ftsConfig(db: Db, table: string, key: string, value: number): Promise<void> {
  await sql.raw(`insert into ${table} (${table}, rank) values ('${key}', ${Math.trunc(value)})`).execute(db);
}

async function dropNext(db: Db): Promise<void> {
  await sql.raw(`drop table if exists ${NEXT}`).execute(db);
  await sql.raw(`drop table if exists ${WRITTEN}`).execute(db);
}

async function insertFts(trx: Db, table: string, docs: SearchDoc[]): Promise<void> {
  await sql`insert into ${sql.table(table)} (rowid, title, summary, tags, body) values ${sql.join(
    docs.map((d) => {
      const [title, summary, tags, body] = d.fields.joined ?? [d.fields.title, d.fields.summary, d.fields.tags, d.fields.body].map(joinTokens);
      return sql`(${d.id}, ${title}, ${summary}, ${tags}, ${body})`;
    }),
  )}`.execute(trx);
}

async function upsertDocs(trx: Db, docs: SearchDoc[]): Promise<void> {
  await sql`insert into search_docs (article_id, category_id, published_at, recommend_level, verified) values ${sql.join(
    docs.map((d: SearchDoc) => sql`(${d.id}, ${d.categoryId}, ${d.publishedAt}, ${d.recommendLevel}, ${d.verified ? 1 : 0})`),
  )} on conflict (article_id) do update set category_id = excluded.category_id, published_at = excluded.published_at,
    recommend_level = excluded.recommend_level, verified = excluded.verified`.execute(trx);
}

/** Whether a rebuild (this process or another) is filling NEXT. */
async function rebuilding(trx: Db): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*) as n from sqlite_schema where type = 'table' and name = ${WRITTEN}`.execute(trx);
  return Number(r.rows[0]?.n ?? 0) > 0;
}

/**
 * An article written while a rebuild runs goes to its new index too (removed: `docs` empty), and is
 * marked so the rebuild does not overwrite it with the copy it read earlier.
 */
async function writeThrough(trx: Db, ids: Array<{ id: number } | number>, docs: SearchDoc[]): Promise<void> {
  const list = ids.map((x) => (typeof x === 'number' ? x : x.id));
  const held = await sql<{ id: number }>`select rowid as id from ${sql.table(NEXT)} where rowid in (${sql.join(list)})`.execute(trx);
  for (const r of held.rows) await sql`delete from ${sql.table(NEXT)} where rowid = ${r.id}`.execute(trx);
  if (docs.length) await insertFts(trx, NEXT, docs);
  await sql`insert or ignore into ${sql.table(WRITTEN)} (article_id) values ${sql.join(list.map((id) => sql`(${id})`))}`.execute(trx);
}

/** Past this many articles, words found in more than COMMON_SHARE of them get the treatment below. */
export const LARGE_INDEX = 20_000;
const COMMON_SHARE = 0.25;
const STATS_TTL_MS = 600_000;

export function createSqliteIndex(opts: { largeIndex?: number } = {}): SearchIndex {
  const largeIndex = opts.largeIndex ?? LARGE_INDEX;
  let docs: { n: number; at: number } | undefined;
  const dfs = new Map<string, { df: number; at: number }>();

  /** Document frequencies from the FTS5 vocabulary, cached (they move slowly). */
  async function documentFrequencies(db: Db, tokens: string[]): Promise<Map<string, number>> {
    const now = Date.now();
    const missing = tokens.filter((t) => !((dfs.get(t)?.at ?? 0) > now - STATS_TTL_MS));
    if (missing.length) {
      const rows = await sql<{ term: string; doc: number }>`select term, doc from search_vocab where term in (${sql.join(missing)})`.execute(db);
      const found = new Map(rows.rows.map((r) => [r.term, Number(r.doc)]));
      if (dfs.size > 50_000) dfs.clear();
      for (const t of missing) dfs.set(t, { df: found.get(t) ?? 0, at: now });
    }
    return new Map(tokens.map((t) => [t, dfs.get(t)?.df ?? 0]));
  }

  /**
   * SQLite's bm25() walks each phrase's whole doclist to compute its IDF, so a word found in most
   * articles (青川 on a local portal) makes every query with it slow on a large index, while adding
   * almost nothing to the ranking (its IDF is near zero) or to the filtering. On a large index such
   * clauses are left out of the match when a rarer one remains; when every clause is that common,
   * the window is ranked without bm25 (title match, then freshness).
   */
  async function plan(db: Db, clauses: string[][][]): Promise<{ clauses: string[][][]; allCommon: boolean }> {
    const n = await docCount(db);
    if (n < largeIndex) return { clauses, allCommon: false };
    const df = await documentFrequencies(db, [...new Set(clauses.flat(2))]);
    const limit = n * COMMON_SHARE;
    const rare = clauses.filter((c) => width(c, df) <= limit);
    if (rare.length) return { clauses: rare, allCommon: false };
    const rarest = [...clauses].sort((a, b) => width(a, df) - width(b, df))[0] as string[][];
    return { clauses: [rarest], allCommon: true };
  }

  async function docCount(db: Db): Promise<number> {
    if (!docs || docs.at < Date.now() - STATS_TTL_MS) {
      const c = await sql<{ n: number }>`select count(*) as n from search_docs`.execute(db);
      docs = { n: Number(c.rows[0]?.n ?? 0), at: Date.now() };
    }
    return docs.n;
  }

  async function countMatches(db: Db, match: string, where: RawBuilder<unknown>, below?: number, cap = COUNT_CAP): Promise<number> {
    const under = below === undefined ? sql`` : sql`and search_fts.rowid < ${below}`;
    const c = await sql<{ n: number }>`select count(*) as n from (select 1 from search_fts cross join search_docs d on d.article_id = search_fts.rowid
      where search_fts match ${match} and ${where} ${under} limit ${cap})`.execute(db);
    return Number(c.rows[0]?.n ?? 0);
  }

  return {
    async upsert(trx, docs) {
      if (!docs.length) return;
      // Deleting from a contentless FTS5 table costs as much as an insert: only for rows it holds
      // (search_docs has a row for exactly those).
      const held = await sql<{ id: number }>`select article_id as id from search_docs where article_id in (${sql.join(docs.map((d) => d.id))})`.execute(trx);
      await deleteFts(
        trx,
        held.rows.map((r) => r.id),
      );
      await insertFts(trx, FTS, docs);
      await upsertDocs(trx, docs);
      if (await rebuilding(trx)) await writeThrough(trx, docs, docs);
    },

    async remove(trx, ids) {
      if (!ids.length) return;
      await deleteFts(trx, ids);
      await sql`delete from search_docs where article_id in (${sql.join(ids)})`.execute(trx);
      if (await rebuilding(trx)) await writeThrough(trx, ids, []);
    },

    async query(db, q) {
      const planned = q.mode === 'all' ? await plan(db, q.clauses) : { clauses: q.clauses, allCommon: false };
      const match = ftsExpression(planned.clauses, q.mode);
      if (!match) return { total: 0, hits: [] };
      const where = filters(q);
      if (q.sort === 'newest') {
        const r = await sql<{ id: number }>`select d.article_id as id from search_fts cross join search_docs d on d.article_id = search_fts.rowid
          where search_fts match ${match} and ${where} order by d.published_at desc, d.article_id desc limit ${q.limit} offset ${q.offset}`.execute(db);
        const hits = r.rows.map((x) => ({ id: Number(x.id), score: 0 }));
        // A first page that is not full is also the last one: no count query needed.
        const total = hits.length === q.limit || q.offset > 0 ? await countMatches(db, match, where) : q.offset + hits.length;
        return { total, hits };
      }
      return rankSqlite(db, q, {
        match,
        where,
        allCommon: planned.allCommon,
        clauses: planned.clauses.length,
        count: (below, cap) => countMatches(db, match, where, below, cap),
      });
    },

    async clear(trx) {
      await sql`delete from search_fts`.execute(trx);
      await sql`delete from search_docs`.execute(trx);
    },

    async rebuild(db) {
      await dropNext(db);
      await sql.raw(ftsDdl(NEXT)).execute(db);
      await sql.raw(`create table ${WRITTEN} (article_id integer primary key)`).execute(db);
      // Loading into an empty table: no merges while it fills (crisismerge above the segment count
      // of any realistic rebuild: one segment per transaction), larger segments (hashsize); one
      // 'optimize' at the end writes every segment once. (Literals: FTS5 refuses bound values.)
      for (const [k, v] of [
        ['automerge', 0],
        ['crisismerge', 1_000],
        ['hashsize', REBUILD_HASH_BYTES],
      ] as const)
        await ftsConfig(db, NEXT, k, v);
      return {
        async load(trx, docs) {
          if (!docs.length) return;
          const fresh = await notWrittenSince(trx, WRITTEN, docs);
          for (let i = 0; i < fresh.length; i += ROWS_PER_STATEMENT) {
            const part = fresh.slice(i, i + ROWS_PER_STATEMENT);
            await insertFts(trx, NEXT, part);
            await upsertDocs(trx, part);
          }
        },
        async finish(seen) {
          await sql.raw(`insert into ${NEXT} (${NEXT}) values ('optimize')`).execute(db);
          // Back to FTS5's defaults for the writes of a running site.
          for (const [k, v] of [
            ['automerge', 4],
            ['crisismerge', 16],
            ['hashsize', 1_048_576],
          ] as const)
            await ftsConfig(db, NEXT, k, v);
          await db.transaction().execute(async (trx) => {
            const written = new Set((await sql<{ id: number }>`select article_id as id from ${sql.table(WRITTEN)}`.execute(trx)).rows.map((r) => Number(r.id)));
            const all = await sql<{ id: number }>`select article_id as id from search_docs`.execute(trx);
            const stale = all.rows.map((r) => Number(r.id)).filter((id) => !seen.has(id) && !written.has(id));
            for (let i = 0; i < stale.length; i += 500)
              await sql`delete from search_docs where article_id in (${sql.join(stale.slice(i, i + 500))})`.execute(trx);
            await sql.raw(`drop table ${FTS}`).execute(trx);
            await sql.raw(`alter table ${NEXT} rename to ${FTS}`).execute(trx);
            await sql.raw(`drop table ${WRITTEN}`).execute(trx);
          });
          docs = undefined;
          dfs.clear();
        },
        abort: () => dropNext(db),
        format: 'joined',
      };
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
