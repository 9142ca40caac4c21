import { sql } from 'kysely';
import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { createQueryMemo } from '../../platform/db/query-memo.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import {
  decodeSignature,
  estimateJaccard,
  idf,
  normalize,
  overlapFromJaccard,
  tfidf,
  topTerms,
  type Segmenter,
  type SparseVector,
} from '../../platform/text/index.ts';
import { format, t } from '../../strings/index.ts';
import { indexableArticle, type IndexableArticle } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import {
  articleTerms,
  DOCS,
  fillFromCategory,
  FILL_CANDIDATES,
  LIST_SIZE,
  MAX_TERM,
  NEAR_DUPLICATE,
  POSTINGS_PER_TERM,
  QUERY_TERMS,
  recencyFactor,
  RELATED_FLOOR,
  SHORTLIST,
  TERMS_PER_ARTICLE,
} from './related.text.ts';
import { rebuildLists, recountDf } from './related.lists.ts';
import { inlineTextPool, type TextPool } from './related.pool.ts';

const s = t.related;

export { recencyFactor, TERMS_PER_ARTICLE };

export interface RelatedOverride {
  relatedId: number;
  action: 'pin' | 'exclude';
  createdAt: string;
}

/**
 * 相关文章 (ADR 0007): TF-IDF vectors over the article's segmented title, tags, summary and body
 * with the site's own document frequencies; each article's heaviest terms go into a term → article
 * table that yields candidates; lists are computed when an article is written (inside the write's
 * transaction) and by a background job for the neighbours the write affects. Never in a request.
 */
export function createRelated(deps: { dbh: DbHandle; clock: Clock; segmenter: Segmenter; audit?: Audit; purge?: (tags: string[]) => void }) {
  const { dbh, clock, segmenter } = deps;
  const nowIso = () => clock.now().toISOString();
  const run = createQueryMemo(dbh.db);
  const toOverride = (r: { related_id: number; action: string; created_at: string }): RelatedOverride => ({
    relatedId: r.related_id,
    action: r.action === 'pin' ? 'pin' : 'exclude',
    createdAt: r.created_at,
  });
  const isPublic = (a: IndexableArticle) => a.status === 'published' && !!a.publishedAt;

  /** Weighted term frequencies of an article's fields (folded, segmented). */
  const termsOf = (a: Pick<IndexableArticle, 'title' | 'summary' | 'text' | 'tags'>): SparseVector => articleTerms(segmenter, a);

  /**
   * Document frequencies of `terms` (and the corpus size under DOCS) as they were before this article.
   * With `count`, the article is counted in them in the same statements (insert or add one, returning
   * the new counts): document frequencies follow new articles at once, and the periodic refresh
   * corrects edits and removals.
   */
  async function documentFrequencies(db: Db, terms: string[], count: boolean): Promise<Map<string, number>> {
    const df = new Map<string, number>();
    const all = [DOCS, ...terms];
    for (let i = 0; i < all.length; i += 400) {
      const chunk = all.slice(i, i + 400);
      if (!count) {
        const rows = await db.selectFrom('related_df').select(['term', 'df']).where('term', 'in', chunk).execute();
        for (const r of rows) df.set(r.term, Number(r.df));
        continue;
      }
      const rows = await db
        .insertInto('related_df')
        .values(chunk.map((term) => ({ term, df: 1 })))
        .onConflict((oc) => oc.column('term').doUpdateSet((eb) => ({ df: eb('related_df.df', '+', 1) })))
        .returning(['term', 'df'])
        .execute();
      for (const r of rows) df.set(r.term, Number(r.df) - 1);
    }
    return df;
  }

  /** Store the article's candidate-index postings (or remove them when it is not public). Returns whether it is indexed. */
  async function indexTerms(db: Db, a: IndexableArticle | undefined, id: number): Promise<boolean> {
    const had = await db.selectFrom('related_terms').select('article_id').where('article_id', '=', id).limit(1).executeTakeFirst();
    await db.deleteFrom('related_terms').where('article_id', '=', id).execute();
    if (!a || !isPublic(a)) return false;
    const tf = termsOf(a);
    const terms = [...tf.keys()].filter((x) => x.length <= MAX_TERM);
    const df = await documentFrequencies(db, terms, !had);
    const docs = df.get(DOCS) ?? 0;
    const vector = topTerms(normalize(tfidf(tf, (term) => idf(df.get(term) ?? 0, docs))), TERMS_PER_ARTICLE);
    if (vector.size)
      await db
        .insertInto('related_terms')
        .values([...vector].map(([term, weight]) => ({ article_id: id, term, weight })))
        .execute();
    return true;
  }

  /** Score candidates sharing terms with article `id` (from its stored postings). */
  async function candidates(db: Db, id: number): Promise<Map<number, number>> {
    const own = await db
      .selectFrom('related_terms')
      .select(['term', 'weight'])
      .where('article_id', '=', id)
      .orderBy('weight', 'desc')
      .orderBy('term')
      .limit(QUERY_TERMS)
      .execute();
    const scores = new Map<number, number>();
    if (!own.length) return scores;
    // One statement (one round trip on PostgreSQL): each term's heaviest postings (ties: higher article
    // id first, as the rebuild), read from the (term, weight, article_id) index alone — no table row is
    // visited — weighted by the term's weight here, glued with UNION ALL and summed per article.
    const parts = own.map(
      ({ term, weight }, i) =>
        sql`select article_id, weight * ${weight} as s from (select article_id, weight from related_terms where term = ${term} order by weight desc, article_id desc limit ${POSTINGS_PER_TERM}) as ${sql.raw(`p${i}`)}`,
    );
    const { rows } = await sql<{
      article_id: number;
      score: number;
    }>`select article_id, sum(s) as score from (${sql.join(parts, sql` union all `)}) as c group by article_id`.execute(db);
    for (const r of rows) if (r.article_id !== id) scores.set(r.article_id, Number(r.score));
    return scores;
  }

  /**
   * Compute and store article `id`'s list. With `propagate`, queue the articles whose own lists this
   * article now enters (or leaves), for the background job.
   */
  async function compute(db: Db, id: number, opts: { propagate?: boolean } = {}): Promise<number[]> {
    const now = clock.now();
    const scores = await candidates(db, id);
    const shortlist = [...scores].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, SHORTLIST);
    const meta = shortlist.length
      ? await db
          .selectFrom('article_fingerprints')
          .select(['article_id', 'published_at', 'signature', 'shingles'])
          .where('article_id', 'in', [id, ...shortlist.map(([cid]) => cid)])
          .execute()
      : [];
    const byId = new Map(meta.map((m) => [m.article_id, m]));
    const mine = byId.get(id);
    const mineSig = mine ? decodeSignature(mine.signature) : undefined;
    const ranked: Array<{ id: number; score: number }> = [];
    for (const [cid, cos] of shortlist) {
      const m = byId.get(cid);
      if (mine && mineSig && m && overlapFromJaccard(estimateJaccard(mineSig, decodeSignature(m.signature)), mine.shingles, m.shingles) >= NEAR_DUPLICATE)
        continue;
      if (cos >= 0.95) continue; // same text by another route (no fingerprint yet)
      ranked.push({ id: cid, score: cos * recencyFactor(m?.published_at ?? null, now) });
    }
    ranked.sort((a, b) => b.score - a.score || b.id - a.id);
    const similar = ranked.filter((r) => r.score >= RELATED_FLOOR);
    const top = similar.slice(0, LIST_SIZE);
    if (top.length < LIST_SIZE)
      for (const fid of fillFromCategory(
        id,
        top.map((r) => r.id),
        await categoryNewest(db, id),
      ))
        top.push({ id: fid, score: 0 });
    const before = opts.propagate ? await db.selectFrom('related_articles').select('article_id').where('related_id', '=', id).execute() : [];
    await db.deleteFrom('related_articles').where('article_id', '=', id).execute();
    const at = nowIso();
    if (top.length)
      await db
        .insertInto('related_articles')
        .values(top.map((r, i) => ({ article_id: id, related_id: r.id, score: r.score, rank: i + 1, computed_at: at })))
        .execute();
    if (opts.propagate)
      await queueNeighbours(
        db,
        id,
        similar,
        before.map((r) => r.article_id),
      );
    return top.map((r) => r.id);
  }

  /**
   * The newest public articles of article `id`'s category (from the search index's filter table, which
   * the search indexer has brought up to date earlier in the same write), for the slots no similar
   * article fills. Empty when the article is not public.
   */
  async function categoryNewest(db: Db, id: number): Promise<number[]> {
    const own = await db.selectFrom('search_docs').select('category_id').where('article_id', '=', id).executeTakeFirst();
    if (!own) return [];
    const rows = await db
      .selectFrom('search_docs')
      .select('article_id')
      .where('category_id', '=', own.category_id)
      .where('published_at', '<=', nowIso())
      .where('article_id', '!=', id)
      .orderBy('published_at', 'desc')
      .orderBy('article_id', 'desc')
      .limit(FILL_CANDIDATES + 1)
      .execute();
    return rows.map((r) => Number(r.article_id));
  }

  /** Which of `ids` are public now (published, not scheduled for later), in their order. Editors pin few: one read each. */
  async function publicAmong(ids: number[]): Promise<number[]> {
    const now = nowIso();
    const found = await Promise.all(ids.map((x) => indexableArticle(dbh.db, x)));
    return ids.filter((_, i) => {
      const a = found[i];
      return !!a && isPublic(a) && (a.publishedAt as string) <= now;
    });
  }

  /** Queue the articles this one now outranks in their own lists, and those that listed it before. */
  async function queueNeighbours(db: Db, id: number, ranked: Array<{ id: number; score: number }>, listedBefore: number[]): Promise<void> {
    const ids = ranked.slice(0, SHORTLIST).map((r) => r.id);
    const state = ids.length
      ? await db
          .selectFrom('related_articles')
          .select(['article_id', (eb) => eb.fn.min('score').as('low'), (eb) => eb.fn.countAll<number>().as('n')])
          .where('article_id', 'in', ids)
          .groupBy('article_id')
          .execute()
      : [];
    const byId = new Map(state.map((r) => [r.article_id, { low: Number(r.low), n: Number(r.n) }]));
    const queue = new Set(listedBefore.filter((x) => x !== id));
    for (const r of ranked.slice(0, SHORTLIST)) {
      const st = byId.get(r.id);
      if (!st || st.n < LIST_SIZE || r.score > st.low) queue.add(r.id);
    }
    await enqueue(db, [...queue]);
  }

  async function enqueue(db: Db, ids: number[]): Promise<void> {
    if (!ids.length) return;
    const at = nowIso();
    await db
      .insertInto('related_queue')
      .values(ids.map((article_id) => ({ article_id, queued_at: at })))
      .onConflict((oc) => oc.column('article_id').doNothing())
      .execute();
  }

  /**
   * The article write hook (inside the write's transaction): postings, then the article's own list,
   * and its neighbours queued. An article that left the public site loses its postings and list, and
   * the articles that listed it are queued.
   */
  async function sync(trx: Db, articleId: number): Promise<void> {
    const a = await indexableArticle(trx, articleId);
    const indexed = await indexTerms(trx, a, articleId);
    if (indexed) {
      await compute(trx, articleId, { propagate: true });
      return;
    }
    const listed = await trx.selectFrom('related_articles').select('article_id').where('related_id', '=', articleId).execute();
    await trx.deleteFrom('related_articles').where('article_id', '=', articleId).execute();
    await enqueue(
      trx,
      listed.map((r) => r.article_id),
    );
  }

  /** The background job: recompute queued lists (each in its own transaction) and purge their fragments. */
  async function processQueue(limit = 200): Promise<number> {
    const due = await dbh.db.selectFrom('related_queue').select('article_id').orderBy('queued_at').orderBy('article_id').limit(limit).execute();
    for (const { article_id: id } of due) {
      await dbh.tx(async (trx) => {
        await trx.deleteFrom('related_queue').where('article_id', '=', id).execute();
        const listed = await trx.selectFrom('related_terms').select('article_id').where('article_id', '=', id).limit(1).executeTakeFirst();
        if (listed) await compute(trx, id);
        else await trx.deleteFrom('related_articles').where('article_id', '=', id).execute();
      });
    }
    if (due.length) deps.purge?.(due.map((r) => `related:${r.article_id}`));
    return due.length;
  }

  /**
   * The list shown on article `id`: editor pins first, then the computed list without excluded
   * articles, at most 8 ids. Undefined when nothing was computed or pinned yet (the caller falls back).
   */
  async function listFor(id: number): Promise<number[] | undefined> {
    // On every article page: the computed list and the editor's choices, each statement compiled once. Two
    // statements rather than one UNION ALL: ordering the union took SQLite a temporary b-tree per part, twice
    // the time of both index reads (140 µs against 65 on the 100,000-article corpus).
    const [rows, overrides] = await Promise.all([
      run('listFor', [id], (v) =>
        dbh.db.selectFrom('related_articles').select('related_id').where('article_id', '=', v(0)).orderBy('rank').orderBy('related_id'),
      ),
      overridesOf(id),
    ]);
    // Pins of articles that are not public (a draft, one scheduled for later, one taken down) are left
    // out before the list is cut to size, so they never take a slot.
    const pins = await publicAmong(overrides.filter((o) => o.action === 'pin' && o.relatedId !== id).map((o) => o.relatedId));
    if (!rows.length && !pins.length) return undefined;
    const skip = new Set([id, ...overrides.map((o) => o.relatedId)]);
    return [...pins, ...rows.map((r) => r.related_id).filter((r) => !skip.has(r))].slice(0, LIST_SIZE);
  }

  /** The stored list with scores (0: filled from the category), for the editors' page. */
  async function scoresOf(id: number): Promise<Map<number, number>> {
    const rows = await dbh.db.selectFrom('related_articles').select(['related_id', 'score']).where('article_id', '=', id).execute();
    return new Map(rows.map((r) => [r.related_id, Number(r.score)]));
  }

  async function overridesOf(id: number): Promise<RelatedOverride[]> {
    const rows = await run('overridesOf', [id], (v) =>
      dbh.db
        .selectFrom('related_overrides')
        .select(['related_id', 'action', 'created_at'])
        .where('article_id', '=', v(0))
        .orderBy('created_at')
        .orderBy('related_id'),
    );
    return rows.map(toOverride);
  }

  /**
   * An editor pins or excludes a related article, or removes that choice (`action` 'clear'); audited.
   * Only a published article can be pinned (a draft or one under review would take a slot it cannot
   * show); one scheduled for later is accepted and reported (`scheduledFor`): it shows from its time.
   */
  async function setOverride(
    actorId: number,
    articleId: number,
    relatedId: number,
    action: 'pin' | 'exclude' | 'clear',
    ip: string,
  ): Promise<{ scheduledFor?: string }> {
    if (articleId === relatedId) throw new ValidationError({ relatedId: s.errSelf }, s.errSelf);
    let scheduledFor: string | undefined;
    await dbh.tx(async (trx) => {
      const [own, target] = [await indexableArticle(trx, articleId), await indexableArticle(trx, relatedId)];
      if (!own || own.status === 'deleted') throw new NotFoundError(t.errors.articleNotFound, 'article_not_found');
      if (action !== 'clear' && (!target || target.status === 'deleted')) throw new ValidationError({ relatedId: s.errNoArticle }, s.errNoArticle);
      if (action === 'pin' && target && !isPublic(target)) {
        const message = format(s.errNotPublic, { title: target.title, status: s.statuses[target.status] ?? target.status });
        throw new ValidationError({ relatedId: message }, message);
      }
      if (action === 'pin' && target?.publishedAt && target.publishedAt > nowIso()) scheduledFor = target.publishedAt;
      await trx.deleteFrom('related_overrides').where('article_id', '=', articleId).where('related_id', '=', relatedId).execute();
      if (action !== 'clear')
        await trx
          .insertInto('related_overrides')
          .values({ article_id: articleId, related_id: relatedId, action, created_by: actorId, created_at: nowIso() })
          .execute();
      await deps.audit?.record({ actorId, action: `related.${action}`, targetType: 'article', targetId: articleId, detail: { relatedId }, ip }, trx);
    });
    deps.purge?.([`related:${articleId}`]);
    return scheduledFor ? { scheduledFor } : {};
  }

  /**
   * Recount document frequencies over the public articles (daily job, and every rebuild); see
   * related.lists.ts. Returns the corpus size.
   */
  async function refreshDf(pool: TextPool = inlineTextPool(segmenter)): Promise<number> {
    return (await recountDf(dbh, pool)).docs;
  }

  /** Rebuild every posting and list in memory (related.lists.ts); fingerprints must be current. */
  async function rebuild(onProgress?: (phase: 'df' | 'terms' | 'lists', done: number) => void, opts: { pool?: TextPool } = {}): Promise<number> {
    return rebuildLists(deps, opts.pool ?? inlineTextPool(segmenter), onProgress);
  }

  return { sync, compute, processQueue, listFor, scoresOf, publicAmong, overridesOf, setOverride, refreshDf, rebuild, termsOf, enqueue };
}

export type Related = ReturnType<typeof createRelated>;
