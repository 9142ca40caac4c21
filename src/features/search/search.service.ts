import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { fold, isStopWord } from '../../platform/text/index.ts';
import type { Categories, Category } from '../categories/index.ts';
import { countIndexableArticles, indexableArticle, tagVocabulary, type IndexableArticle } from '../articles/index.ts';
import { createAnalyzer, type Analyzer, type QueryPlan } from './search.analyzer.ts';
import { COUNT_CAP, createSearchIndex, type IndexQuery, type SearchDoc, type SearchIndex } from './search.index.ts';
import { createSuggester } from './search.suggest.ts';
import { createSearchTerms } from './search.terms.ts';
import { createReindex } from './search.reindex.ts';
import { INDEX_VERSION, claimRebuild, readIndexVersion, writeIndexVersion, type RebuildClaim } from './search.index-version.ts';
import { createResultsCache } from './search.results-cache.ts';
import { createIndexJobs } from './search.index-jobs.ts';
import { createHotSearches } from './search.hot.ts';
import { MAX_PAGE, parseInput, type SearchInput } from './search.query.ts';

export { cleanQuery, MAX_QUERY_CHARS, MAX_PAGE, type SearchInput } from './search.query.ts';

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
  /** Where background index jobs report failures. */
  onError?: (e: unknown) => void;
}

export interface SearchOutcome {
  /** The query as typed (cleaned, at most MAX_QUERY_CHARS characters). */
  q: string;
  truncated: boolean;
  /** Organic matches (promoted articles shown above them not included). */
  total: number;
  /** The count stopped at COUNT_CAP: there are at least `total` results. */
  totalCapped: boolean;
  /** Relevance order over more than COUNT_CAP matches: the first `ranked` are ranked by score, the rest follow by date (the page says so). */
  ranked?: number;
  page: number;
  pages: number;
  perPage: number;
  sort: 'relevance' | 'newest';
  category?: Category;
  /** A `category` parameter naming no category: searched in every category, and the page says so. */
  unknownCategory?: string;
  from?: string;
  to?: string;
  badDate: boolean;
  /** `from` was later than `to`: the two were swapped. */
  datesSwapped: boolean;
  /** Ranked article ids of this page. */
  ids: number[];
  /** Promoted articles to show above the results (page 1 only): public, within the filters, and matching when nothing else does. */
  promoted: number[];
  /** How many promoted articles this search shows (on page 1), for the count. */
  promotedCount: number;
  /** No article has every word: these are articles with some of them. */
  partial: boolean;
  /** A nearby query that has results ("did you mean"), when this one has none. */
  suggestion?: string;
  /** Folded strings to mark in titles and snippets. */
  highlight: string[];
}

/** One-character Han queries also look for words containing the character (鹰 → 雄鹰): at most this many. */
const SINGLE_CHAR_WORDS = 20;

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
  const terms = createSearchTerms({ db: dbh.db, clock, categoryNames: async () => (await categories.all()).map((c) => c.name) });
  const suggester = createSuggester({ dbh, clock, categories, analyzer, terms });
  const hot = createHotSearches({ clock });
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
      for (const c of await categories.all()) words.push(c.name);
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

  const rebuildIndex = createReindex({
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
  // The start-up rebuild's claim (ensureIndexVersion), held until the next rebuild of this instance ends.
  let claim: RebuildClaim | undefined;
  const reindex = async (opts?: Parameters<typeof rebuildIndex>[0]) => {
    const held = claim;
    claim = undefined;
    try {
      const done = await rebuildIndex(opts);
      await held?.end(false);
      await writeIndexVersion(dbh.db);
      return done;
    } catch (e) {
      await held?.end(true).catch(() => {});
      throw e;
    } finally {
      results?.invalidate();
    }
  };
  const jobs = createIndexJobs({ dbh, clock, resync: sync, rebuild: (onProgress) => reindex({ onProgress }), onError: deps.onError });

  async function run(plan: QueryPlan, base: Omit<IndexQuery, 'clauses' | 'mode' | 'now'>, mode: IndexQuery['mode']) {
    const query = () => index.query(dbh.db, { ...base, clauses: plan.clauses, mode, now: clock.now().toISOString() });
    return results ? results.get(JSON.stringify([plan.clauses, mode, base]), query) : query();
  }

  /** A one-character Han word also matches the site's words containing it (鹰 finds 雄鹰). */
  async function withWordsContaining(plan: QueryPlan): Promise<QueryPlan> {
    const single = (c: string[][]) => c.length === 1 && c[0]?.length === 1 && /^\p{Script=Han}$/u.test(c[0][0] as string) && !isStopWord(c[0][0] as string);
    if (!plan.clauses.some(single)) return plan;
    const clauses: string[][][] = [];
    for (const c of plan.clauses) {
      if (!single(c)) clauses.push(c);
      else clauses.push([...c, ...(await suggester.wordsContaining(c[0]?.[0] as string, SINGLE_CHAR_WORDS)).map((w) => [w])]);
    }
    return { ...plan, clauses };
  }

  /** The promoted ids that are public now and within the filters, in their order. */
  async function visible(ids: number[], f: Pick<IndexQuery, 'categoryIds' | 'from' | 'until'>): Promise<number[]> {
    if (!ids.length || (f.categoryIds && !f.categoryIds.length)) return [];
    let q = dbh.db.selectFrom('search_docs').select('article_id').where('article_id', 'in', ids).where('published_at', '<=', clock.now().toISOString());
    if (f.categoryIds) q = q.where('category_id', 'in', f.categoryIds);
    if (f.from) q = q.where('published_at', '>=', f.from);
    if (f.until) q = q.where('published_at', '<', f.until);
    const ok = new Set((await q.execute()).map((r) => Number(r.article_id)));
    return ids.filter((id) => ok.has(id));
  }

  /**
   * Parse the request's query and filters (bad values are ignored and reported, never errors) and run
   * the search. `promotedIds` (the keyword's auction winners) are shown above the results on page 1
   * when they pass the same filters, and left out of the organic results on every page, so the pages
   * are consecutive.
   */
  async function search(input: SearchInput, perPage: number, promotedIds: number[] = []): Promise<SearchOutcome> {
    const p = await parseInput(input, categories);
    const out: SearchOutcome = {
      q: p.q,
      truncated: p.truncated,
      total: 0,
      totalCapped: false,
      page: p.page,
      pages: 1,
      perPage,
      sort: p.sort,
      ...(p.category ? { category: p.category } : {}),
      ...(p.unknownCategory ? { unknownCategory: p.unknownCategory } : {}),
      ...(p.from ? { from: p.from } : {}),
      ...(p.to ? { to: p.to } : {}),
      badDate: p.badDate,
      datesSwapped: p.datesSwapped,
      ids: [],
      promoted: [],
      promotedCount: 0,
      partial: false,
      highlight: [],
    };
    if (!p.text) return out;
    await ensureDictionary(dbh.db);
    const plan = await withWordsContaining(planOf(p.text));
    out.highlight = plan.highlight;
    if (!plan.clauses.length) return out;
    const filters = {
      ...(p.category ? { categoryIds: await categories.subtreeIds(p.category.id) } : {}),
      ...(p.fromAt ? { from: p.fromAt } : {}),
      ...(p.untilAt ? { until: p.untilAt } : {}),
    };
    const promoted = await visible([...new Set(promotedIds)], filters);
    const unexcluded = {
      ...filters,
      sort: p.sort,
      limit: perPage,
      offset: (p.page - 1) * perPage,
      boostRecommended: deps.boostRecommended ?? false,
    } satisfies Omit<IndexQuery, 'clauses' | 'mode' | 'now'>;
    const base = promoted.length ? { ...unexcluded, exclude: promoted } : unexcluded;
    let r = await run(plan, base, 'all');
    // A keyword's auction winners show for it (within the filters) whether or not their text has the
    // word: that is what 排名推广 sells. The organic part still gets its suggestion or partial matches.
    const shown = promoted;
    if (r.total === 0) {
      out.suggestion = await suggester.suggest(p.text, (s) => run(s, { ...unexcluded, limit: 1, offset: 0 }, 'all').then((x) => x.total > 0));
      if (plan.clauses.length > 1) {
        r = await run(plan, base, 'any');
        out.partial = r.total > 0;
      }
    }
    out.ids = r.hits.map((h) => h.id).slice(0, perPage);
    out.promoted = p.page === 1 ? shown : [];
    out.promotedCount = shown.length;
    out.total = r.total;
    out.totalCapped = r.total >= COUNT_CAP;
    if (p.sort === 'relevance' && r.ranked !== undefined && r.ranked < r.total) out.ranked = r.ranked;
    // Every counted match can be reached (COUNT_CAP at most: MAX_PAGE pages of 10).
    out.pages = Math.max(1, Math.min(Math.ceil(r.total / perPage), MAX_PAGE));
    return out;
  }

  /**
   * At start-up (serve): an index built by an older analyzer (INDEX_VERSION) is rebuilt in the background,
   * searches using the old one meanwhile. Of instances starting together, only the one whose claim the
   * database accepts rebuilds ('rebuilding'); the others leave it to that one ('elsewhere'). A site
   * without published articles just records the version.
   */
  async function ensureIndexVersion(): Promise<'current' | 'recorded' | 'rebuilding' | 'elsewhere'> {
    if ((await readIndexVersion(dbh.db)) === INDEX_VERSION) return 'current';
    if (await recordIndexVersionIfEmpty()) return 'recorded';
    const got = await claimRebuild(dbh.db, clock);
    if (got === 'current') return 'current';
    if (got === 'taken') return 'elsewhere';
    claim = got;
    jobs.rebuild();
    return 'rebuilding';
  }

  /**
   * Records INDEX_VERSION when no article is published (scheduled ones count as published): an empty index is of every
   * version, and whatever is indexed from now on uses the current analyzer (`zixun import` into a new
   * site, so the first `serve` does not rebuild it). True if it did.
   */
  async function recordIndexVersionIfEmpty(): Promise<boolean> {
    if ((await countIndexableArticles(dbh.db)) > 0) return false;
    await writeIndexVersion(dbh.db);
    return true;
  }

  return {
    sync,
    reindex,
    ensureIndexVersion,
    recordIndexVersionIfEmpty,
    search,
    /** Counts a search that found results for 热门搜索 (search.hot.ts). */
    recordSearch: (q: string, visitor: string) => hot.record(q, visitor),
    hotSearches: (allowed?: (q: string) => Promise<boolean>) => hot.top(allowed),
    terms: {
      list: terms.list,
      /** Adds the term, then re-indexes the articles containing it in the background (`jobs`). */
      add: async (term: string, actorId: number) => {
        const added = await terms.add(term, actorId);
        const folded = fold(added.term);
        known.add(folded);
        plans.clear();
        analyzer.addTerms([folded]);
        suggester.invalidate();
        jobs.afterTermAdded(folded);
        return added;
      },
      remove: async (id: number) => {
        const gone = await terms.remove(id);
        suggester.invalidate();
        return gone;
      },
    },
    /** Background index jobs (term re-indexing, 重建索引) and their progress. */
    jobs,
    stats: () => index.stats(dbh.db),
    /** The folded query words (for tests and the bench). */
    plan: (q: string) => analyzer.plan(q),
  };
}

export type Search = ReturnType<typeof createSearch>;
