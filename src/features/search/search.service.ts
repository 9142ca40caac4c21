import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { fold } from '../../platform/text/index.ts';
import type { Categories, Category } from '../categories/index.ts';
import { indexableArticle, indexableArticlesAfter, countIndexableArticles, tagVocabulary, type IndexableArticle } from '../articles/index.ts';
import { createAnalyzer, splitFields, type Analyzer, type QueryPlan } from './search.analyzer.ts';
import { CANDIDATES, COUNT_CAP, createSearchIndex, type IndexQuery, type SearchDoc, type SearchIndex } from './search.index.ts';
import { createSuggester } from './search.suggest.ts';
import { createSearchTerms } from './search.terms.ts';
import { createSegmentPool } from './search.pool.ts';

export const MAX_QUERY_CHARS = 100;
/** Deep pages cost a sort over every match and nobody reads them. */
export const MAX_PAGE = 50;

export interface SearchDeps {
  dbh: DbHandle;
  clock: Clock;
  categories: Categories;
  /** Give recommended and verified articles a small ranking boost (off by default: relevance decides). */
  boostRecommended?: boolean;
}

export interface SearchInput {
  q?: unknown;
  category?: unknown;
  from?: unknown;
  to?: unknown;
  sort?: unknown;
  page?: unknown;
}

export interface SearchOutcome {
  /** The query as searched (cleaned, at most MAX_QUERY_CHARS characters). */
  q: string;
  truncated: boolean;
  total: number;
  /** The count stopped at COUNT_CAP: there are at least `total` results. */
  totalCapped: boolean;
  page: number;
  pages: number;
  perPage: number;
  sort: 'relevance' | 'newest';
  category?: Category;
  from?: string;
  to?: string;
  badDate: boolean;
  /** Ranked article ids of this page. */
  ids: number[];
  /** No article has every word: these are articles with some of them. */
  partial: boolean;
  /** A nearby query that has results ("did you mean"), when this one has none. */
  suggestion?: string;
  /** Folded strings to mark in titles and snippets. */
  highlight: string[];
}

/** Query text as plain text: first value of a repeated parameter, well-formed, no control characters, bounded. */
export function cleanQuery(raw: unknown): { q: string; truncated: boolean } {
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (typeof v !== 'string') return { q: '', truncated: false };
  const q = v
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, ' ') // lone surrogates
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...q];
  if (chars.length <= MAX_QUERY_CHARS) return { q, truncated: false };
  return { q: chars.slice(0, MAX_QUERY_CHARS).join('').trim(), truncated: true };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A China-time calendar day `YYYY-MM-DD` as the ISO instant it starts at; undefined when malformed. */
export function chinaDayStart(v: string, plusDays = 0): string | undefined {
  const m = DATE.exec(v);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays, -8));
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1990 || d.getUTCFullYear() > 2200) return undefined;
  // Reject 2026-02-31 and friends rather than rolling over.
  const back = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (back.getUTCDate() !== Number(m[3])) return undefined;
  return d.toISOString();
}

const str = (v: unknown): string => {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x.trim() : '';
};

export function createSearch(deps: SearchDeps) {
  const { dbh, clock, categories } = deps;
  const index: SearchIndex = createSearchIndex(dbh.dialect);
  const analyzer: Analyzer = createAnalyzer();
  const terms = createSearchTerms({ db: dbh.db, clock, onAdd: (w) => analyzer.addWords(w) });
  const suggester = createSuggester({ dbh, clock, categories, analyzer, terms });

  // The custom dictionary (category names, tags, admin terms), loaded once and topped up as
  // articles bring new tags; re-read every ten minutes for words added by other instances.
  const known = new Set<string>();
  let loadedAt = 0;
  let categoriesLoaded = false;
  async function ensureDictionary(db: Db): Promise<void> {
    // Inside a write's transaction (db !== dbh.db) only that transaction may be used: on SQLite the
    // one connection is held by it, so the categories service (which reads through dbh.db when its
    // tree is not loaded) is asked only outside transactions.
    const inTx = db !== dbh.db;
    if (Date.now() - loadedAt < 600_000 && (categoriesLoaded || inTx)) return;
    loadedAt = Date.now();
    const words = [...(await tagVocabulary(db)), ...(await terms.words(db))];
    if (!inTx) {
      words.push(...(await categories.all()).map((c) => c.name));
      categoriesLoaded = true;
    }
    addWords(words);
  }
  function addWords(words: string[]): void {
    const fresh = words.filter((w) => !known.has(w));
    if (!fresh.length) return;
    for (const w of fresh) known.add(w);
    analyzer.addWords(fresh);
  }

  function toDoc(a: IndexableArticle, segment = true): SearchDoc {
    return {
      id: a.id,
      categoryId: a.categoryId,
      publishedAt: a.publishedAt as string,
      recommendLevel: a.recommendLevel,
      verified: a.verified,
      fields: segment ? analyzer.fields(a) : { title: [], summary: [], tags: [], body: [] },
    };
  }

  /** Index the article if it is published (scheduled ones too: queries hide them until their time), else drop it. */
  async function sync(trx: Db, articleId: number): Promise<void> {
    const a = await indexableArticle(trx, articleId);
    if (!a || a.status !== 'published' || !a.publishedAt) return index.remove(trx, [articleId]);
    await ensureDictionary(trx);
    addWords(a.tags);
    await index.upsert(trx, [toDoc(a)]);
  }

  /**
   * Rebuild the whole index in batches, without emptying it first: searches keep working during the
   * rebuild. Entries of articles no longer published are dropped at the end. The main thread reads
   * batches and writes them (one transaction per `writeBatch` articles); worker threads segment up to
   * `inFlight` batches ahead of the writes (search.pool.ts).
   */
  async function reindex(
    opts: { batch?: number; writeBatch?: number; workers?: number; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<{ count: number; ms: number; threads: number }> {
    const started = performance.now();
    const batch = opts.batch ?? 500;
    const writeBatch = Math.max(batch, opts.writeBatch ?? 2_000);
    await ensureDictionary(dbh.db);
    const total = await countIndexableArticles(dbh.db);
    // Small rebuilds are not worth starting threads for.
    const pool = total >= 2_000 ? await createSegmentPool(analyzer, [...known], opts.workers) : await createSegmentPool(analyzer, [], 1);
    const threads = pool.threads;
    const inFlight = Math.max(2, threads + 1);
    const seen = new Set<number>();
    let done = 0;
    opts.onProgress?.(0, total);
    const segmenting: Array<Promise<SearchDoc[]>> = [];
    let ready: SearchDoc[] = [];
    const write = async (docs: SearchDoc[]) => {
      await dbh.tx((trx) => index.upsert(trx, docs));
      done += docs.length;
      opts.onProgress?.(done, Math.max(total, done));
    };
    const collect = async () => {
      ready.push(...(await (segmenting.shift() as Promise<SearchDoc[]>)));
      if (ready.length >= writeBatch) {
        const docs = ready;
        ready = [];
        await write(docs);
      }
    };
    await index.bulkLoad(dbh.db, true);
    try {
      // Read the next batch while earlier ones are segmented, and write them as they come back.
      let next = indexableArticlesAfter(dbh.db, 0, batch);
      for (;;) {
        const rows = (await next).filter((a) => a.publishedAt);
        if (!rows.length) break;
        next = indexableArticlesAfter(dbh.db, (rows[rows.length - 1] as IndexableArticle).id, batch);
        const newWords = [...new Set(rows.flatMap((a) => a.tags))].filter((w) => !known.has(w));
        addWords(newWords);
        for (const a of rows) seen.add(a.id);
        const segmented = pool
          .fields(rows, newWords)
          .then((joined) => rows.map((a, i): SearchDoc => ({ ...toDoc(a, false), fields: splitFields(joined, i * 4) })));
        segmented.catch(() => {}); // awaited below, in order
        segmenting.push(segmented);
        while (segmenting.length >= inFlight) await collect();
      }
      while (segmenting.length) await collect();
      if (ready.length) await write(ready);
    } finally {
      await pool.close();
      await index.bulkLoad(dbh.db, false);
    }
    const stale = (await dbh.db.selectFrom('search_docs').select('article_id').execute()).map((r) => r.article_id).filter((id) => !seen.has(id));
    for (let i = 0; i < stale.length; i += 500) await dbh.tx((trx) => index.remove(trx, stale.slice(i, i + 500)));
    await index.optimize(dbh.db);
    return { count: done, ms: performance.now() - started, threads };
  }

  async function run(plan: QueryPlan, base: Omit<IndexQuery, 'clauses' | 'mode' | 'now'>, mode: IndexQuery['mode']) {
    return index.query(dbh.db, { ...base, clauses: plan.clauses, mode, now: clock.now().toISOString() });
  }

  /** Parse the request's query and filters (bad values are ignored, never errors) and run the search. */
  async function search(input: SearchInput, perPage: number, skip: number[] = []): Promise<SearchOutcome> {
    const { q, truncated } = cleanQuery(input.q);
    const sort = str(input.sort) === 'newest' ? 'newest' : 'relevance';
    const pageRaw = str(input.page);
    const page = /^[1-9]\d{0,3}$/.test(pageRaw) ? Math.min(Number(pageRaw), MAX_PAGE) : 1;
    const slug = str(input.category);
    const category = slug && /^[a-z0-9-]{1,63}$/.test(slug) ? await categories.bySlug(slug) : undefined;
    const fromRaw = str(input.from);
    const toRaw = str(input.to);
    const from = fromRaw ? chinaDayStart(fromRaw) : undefined;
    const until = toRaw ? chinaDayStart(toRaw, 1) : undefined;
    const badDate = (!!fromRaw && !from) || (!!toRaw && !until);
    const out: SearchOutcome = {
      q,
      truncated,
      total: 0,
      totalCapped: false,
      page,
      pages: 1,
      perPage,
      sort,
      ...(category ? { category } : {}),
      ...(from ? { from: fromRaw } : {}),
      ...(until ? { to: toRaw } : {}),
      badDate,
      ids: [],
      partial: false,
      highlight: [],
    };
    if (!q) return out;
    await ensureDictionary(dbh.db);
    const plan = analyzer.plan(q);
    out.highlight = plan.highlight;
    if (!plan.clauses.length) return out;
    // Promoted articles shown above the results are not repeated in them: fetch a few more and drop them.
    const base = {
      ...(category ? { categoryIds: await categories.subtreeIds(category.id) } : {}),
      ...(from ? { from } : {}),
      ...(until ? { until } : {}),
      sort,
      limit: perPage + skip.length,
      offset: (page - 1) * perPage,
      boostRecommended: deps.boostRecommended ?? false,
    } satisfies Omit<IndexQuery, 'clauses' | 'mode' | 'now'>;
    let r = await run(plan, base, 'all');
    if (r.total === 0) {
      out.suggestion = await suggester.suggest(q, (p) => run(p, { ...base, limit: 1, offset: 0 }, 'all').then((x) => x.total > 0));
      if (plan.clauses.length > 1) {
        r = await run(plan, base, 'any');
        out.partial = r.total > 0;
      }
    }
    const hidden = new Set(skip);
    out.ids = r.hits
      .map((h) => h.id)
      .filter((id) => !hidden.has(id))
      .slice(0, perPage);
    out.total = r.total;
    out.totalCapped = r.total >= COUNT_CAP;
    // Relevance ranks a window of the newest matches: no pages beyond it.
    const reachable = sort === 'relevance' ? Math.min(r.total, CANDIDATES) : r.total;
    out.pages = Math.max(1, Math.min(MAX_PAGE, Math.ceil(reachable / perPage)));
    return out;
  }

  return {
    sync,
    reindex,
    search,
    terms: {
      list: terms.list,
      add: async (term: string, actorId: number) => {
        const t = await terms.add(term, actorId);
        addWords([fold(t.term)]);
        suggester.invalidate();
        return t;
      },
      remove: async (id: number) => {
        const t = await terms.remove(id);
        suggester.invalidate();
        return t;
      },
    },
    stats: () => index.stats(dbh.db),
    /** The folded query words (for tests and the bench). */
    plan: (q: string) => analyzer.plan(q),
  };
}

export type Search = ReturnType<typeof createSearch>;
