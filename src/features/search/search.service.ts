import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { fold } from '../../platform/text/index.ts';
import type { Categories, Category } from '../categories/index.ts';
import { indexableArticle, tagVocabulary, type IndexableArticle } from '../articles/index.ts';
import { createAnalyzer, type Analyzer, type QueryPlan } from './search.analyzer.ts';
import { CANDIDATES, COUNT_CAP, createSearchIndex, type IndexQuery, type SearchDoc, type SearchIndex } from './search.index.ts';
import { createSuggester } from './search.suggest.ts';
import { createSearchTerms } from './search.terms.ts';
import { createReindex } from './search.reindex.ts';
import { createResultsCache } from './search.results-cache.ts';

export const MAX_QUERY_CHARS = 100;
/** Deep pages cost a sort over every match and nobody reads them. */
export const MAX_PAGE = 50;

export interface SearchDeps {
  dbh: DbHandle;
  clock: Clock;
  categories: Categories;
  /** Give recommended and verified articles a small ranking boost (off by default: relevance decides). */
  boostRecommended?: boolean;
  /**
   * Subscribes to "some article's public state changed" (page-cache purges and clears: every article
   * write after its commit, scheduled releases, other instances over the purge bus). Recent results
   * are kept only with it (search.results-cache.ts).
   */
  onIndexChanged?: (fn: () => void) => void;
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
  // Plans of recent queries (segmenting a query costs about as much as rendering a result); they
  // depend on the dictionary, so they are dropped whenever it grows.
  const plans = new Map<string, QueryPlan>();
  function planOf(q: string): QueryPlan {
    let p = plans.get(q);
    if (!p) {
      p = analyzer.plan(q);
      if (plans.size >= 1_000) plans.delete(plans.keys().next().value as string);
      plans.set(q, p);
    }
    return p;
  }
  const terms = createSearchTerms({
    db: dbh.db,
    clock,
    onAdd: (w) => {
      plans.clear();
      analyzer.addWords(w);
    },
  });
  const suggester = createSuggester({ dbh, clock, categories, analyzer, terms });
  const results = deps.onIndexChanged
    ? createResultsCache({
        clock,
        horizon: async (now) => {
          const r = await dbh.db
            .selectFrom('search_docs')
            .select((eb) => eb.fn.min('published_at').as('at'))
            .where('published_at', '>', now)
            .executeTakeFirst();
          return r?.at ?? null;
        },
      })
    : undefined;
  deps.onIndexChanged?.(() => results?.invalidate());

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
    plans.clear();
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
    results?.invalidate();
    const a = await indexableArticle(trx, articleId);
    if (!a || a.status !== 'published' || !a.publishedAt) return index.remove(trx, [articleId]);
    await ensureDictionary(trx);
    addWords(a.tags);
    await index.upsert(trx, [toDoc(a)]);
  }

  const reindex = createReindex({
    dbh,
    index,
    analyzer,
    ensureDictionary,
    knownWords: () => [...known],
    addWords: (words) => {
      const fresh = [...new Set(words)].filter((w) => !known.has(w));
      addWords(fresh);
      return fresh;
    },
    toDoc: (a) => toDoc(a, false),
  });

  async function run(plan: QueryPlan, base: Omit<IndexQuery, 'clauses' | 'mode' | 'now'>, mode: IndexQuery['mode']) {
    const query = () => index.query(dbh.db, { ...base, clauses: plan.clauses, mode, now: clock.now().toISOString() });
    return results ? results.get(JSON.stringify([plan.clauses, mode, base]), query) : query();
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
    const plan = planOf(q);
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
    reindex: async (opts?: Parameters<typeof reindex>[0]) => {
      try {
        return await reindex(opts);
      } finally {
        results?.invalidate();
      }
    },
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
