import { sql } from 'kysely';
import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
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
import { t } from '../../strings/index.ts';
import { countIndexableArticles, indexableArticle, indexableArticlesAfter, type IndexableArticle } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import { articleTerms, DOCS, MAX_TERM, TERMS_PER_ARTICLE, topScores, type DfTable } from './related.text.ts';
import { inlineTextPool, type TextPool } from './related.pool.ts';

const s = t.related;

export { TERMS_PER_ARTICLE };
/** Postings read per term when scoring. */
const POSTINGS_PER_TERM = 200;
/** Candidates come from the article's heaviest terms only. */
const QUERY_TERMS = 20;
const LIST_SIZE = 8;
const SHORTLIST = 60;
/** Candidates at least this similar (estimated shingle overlap) are near-duplicates, never related. */
const NEAR_DUPLICATE = 0.6;
/** At most this many articles are segmented to count document frequencies. */
const DF_SAMPLE = 20_000;
/** Articles read (and segmented) per step of a rebuild. */
const BATCH = 1000;

/** A mild preference for recent articles: 1.0 for today's, 0.8 for very old ones (half-way at ~4 months). */
export function recencyFactor(publishedAt: string | null, now: Date): number {
  if (!publishedAt) return 0.8;
  const days = Math.max(0, (now.getTime() - Date.parse(publishedAt)) / 86_400_000);
  return 0.8 + 0.2 * Math.exp(-days / 180);
}

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
  const isPublic = (a: IndexableArticle) => a.status === 'published' && !!a.publishedAt;

  /** Weighted term frequencies of an article's fields (folded, segmented). */
  const termsOf = (a: Pick<IndexableArticle, 'title' | 'summary' | 'text' | 'tags'>): SparseVector => articleTerms(segmenter, a);

  async function idfLookup(db: Db, terms: string[]): Promise<(term: string) => number> {
    const df = new Map<string, number>();
    for (let i = 0; i < terms.length; i += 500) {
      const rows = await db
        .selectFrom('related_df')
        .select(['term', 'df'])
        .where('term', 'in', [DOCS, ...terms.slice(i, i + 500)])
        .execute();
      for (const r of rows) df.set(r.term, r.df);
    }
    const docs = df.get(DOCS) ?? 0;
    return (term) => idf(df.get(term) ?? 0, docs);
  }

  /** The article's unit-length TF-IDF vector, cut to its heaviest terms. */
  async function vectorOf(db: Db, a: IndexableArticle): Promise<{ vector: SparseVector; terms: string[] }> {
    const tf = termsOf(a);
    const terms = [...tf.keys()].filter((x) => x.length <= MAX_TERM);
    const idfOf = await idfLookup(db, terms);
    return { vector: topTerms(normalize(tfidf(tf, idfOf)), TERMS_PER_ARTICLE), terms };
  }

  async function bumpDf(db: Db, terms: string[], by: 1 | -1): Promise<void> {
    const all = [DOCS, ...terms];
    for (let i = 0; i < all.length; i += 400) {
      const chunk = all.slice(i, i + 400);
      await db
        .insertInto('related_df')
        .values(chunk.map((term) => ({ term, df: Math.max(0, by) })))
        .onConflict((oc) => oc.column('term').doUpdateSet((eb) => ({ df: eb('related_df.df', '+', by) })))
        .execute();
    }
  }

  /** Store the article's candidate-index postings (or remove them when it is not public). Returns whether it is indexed. */
  async function indexTerms(db: Db, a: IndexableArticle | undefined, id: number): Promise<boolean> {
    const had = await db.selectFrom('related_terms').select('article_id').where('article_id', '=', id).limit(1).executeTakeFirst();
    await db.deleteFrom('related_terms').where('article_id', '=', id).execute();
    if (!a || !isPublic(a)) return false;
    const { vector, terms } = await vectorOf(db, a);
    // Document frequencies follow new articles at once; the periodic refresh corrects edits and removals.
    if (!had) await bumpDf(db, [...new Set(terms)], 1);
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
    // One statement (one round trip on PostgreSQL): each term's heaviest postings, read from the
    // (term, weight) index and glued with UNION ALL.
    const parts = own.map(
      ({ term }, i) =>
        sql`select * from (select article_id, term, weight from related_terms where term = ${term} order by weight desc limit ${POSTINGS_PER_TERM}) as ${sql.raw(`p${i}`)}`,
    );
    const { rows } = await sql<{ article_id: number; term: string; weight: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
    const mine = new Map(own.map((o) => [o.term, o.weight]));
    for (const p of rows) {
      if (p.article_id === id) continue;
      scores.set(p.article_id, (scores.get(p.article_id) ?? 0) + (mine.get(p.term) ?? 0) * Number(p.weight));
    }
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
    const top = ranked.slice(0, LIST_SIZE);
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
        ranked,
        before.map((r) => r.article_id),
      );
    return top.map((r) => r.id);
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
    const [rows, overrides] = await Promise.all([
      dbh.db.selectFrom('related_articles').select(['related_id']).where('article_id', '=', id).orderBy('rank').execute(),
      overridesOf(id),
    ]);
    const pins = overrides.filter((o) => o.action === 'pin').map((o) => o.relatedId);
    if (!rows.length && !pins.length) return undefined;
    const skip = new Set([id, ...overrides.map((o) => o.relatedId)]);
    return [...pins.filter((p) => p !== id), ...rows.map((r) => r.related_id).filter((r) => !skip.has(r))].slice(0, LIST_SIZE);
  }

  async function overridesOf(id: number): Promise<RelatedOverride[]> {
    const rows = await dbh.db
      .selectFrom('related_overrides')
      .select(['related_id', 'action', 'created_at'])
      .where('article_id', '=', id)
      .orderBy('created_at')
      .orderBy('related_id')
      .execute();
    return rows.map((r) => ({ relatedId: r.related_id, action: r.action === 'pin' ? 'pin' : 'exclude', createdAt: r.created_at }));
  }

  /** An editor pins or excludes a related article, or removes that choice (`action` 'clear'); audited. */
  async function setOverride(actorId: number, articleId: number, relatedId: number, action: 'pin' | 'exclude' | 'clear', ip: string): Promise<void> {
    if (articleId === relatedId) throw new ValidationError({ relatedId: s.errSelf }, s.errSelf);
    await dbh.tx(async (trx) => {
      const exists = await trx.selectFrom('articles').select('id').where('id', 'in', [articleId, relatedId]).where('status', '!=', 'deleted').execute();
      if (!exists.some((r) => r.id === articleId)) throw new NotFoundError('文章不存在', 'article_not_found');
      if (action !== 'clear' && !exists.some((r) => r.id === relatedId)) throw new ValidationError({ relatedId: s.errNoArticle }, s.errNoArticle);
      await trx.deleteFrom('related_overrides').where('article_id', '=', articleId).where('related_id', '=', relatedId).execute();
      if (action !== 'clear')
        await trx
          .insertInto('related_overrides')
          .values({ article_id: articleId, related_id: relatedId, action, created_by: actorId, created_at: nowIso() })
          .execute();
      await deps.audit?.record({ actorId, action: `related.${action}`, targetType: 'article', targetId: articleId, detail: { relatedId }, ip }, trx);
    });
    deps.purge?.([`related:${articleId}`]);
  }

  /**
   * Recount document frequencies over the public articles (daily job, and every rebuild). Beyond
   * DF_SAMPLE articles an evenly spread sample is segmented and its counts scaled: IDF needs
   * proportions, not exact counts, and segmenting 200,000 bodies would take minutes.
   */
  async function refreshDf(pool: TextPool = inlineTextPool(segmenter)): Promise<number> {
    return (await recountDf(pool)).docs;
  }

  /** refreshDf, returning the table it wrote (DOCS included). */
  async function recountDf(pool: TextPool): Promise<{ docs: number; df: DfTable }> {
    const total = await countIndexableArticles(dbh.db);
    const step = Math.max(1, Math.ceil(total / DF_SAMPLE));
    const df: DfTable = new Map();
    let docs = 0;
    let seen = 0;
    const count = (keys: string[][]) => {
      for (const terms of keys) for (const term of terms) df.set(term, (df.get(term) ?? 0) + step);
    };
    // The sampled articles of one batch are segmented (by the pool) while the next batch is read.
    let pending: Promise<string[][]> | undefined;
    await eachBatch(BATCH, async (batch) => {
      const sample = batch.filter(() => seen++ % step === 0);
      docs += sample.length;
      const keys = pool.termKeys(sample);
      if (pending) count(await pending);
      pending = keys;
    });
    if (pending) count(await pending);
    docs = step > 1 ? seen : docs;
    df.set(DOCS, docs);
    await dbh.tx(async (trx) => {
      await trx.deleteFrom('related_df').execute();
      const rows = [...df].map(([term, n]) => ({ term, df: n }));
      for (let i = 0; i < rows.length; i += 2000)
        await trx
          .insertInto('related_df')
          .values(rows.slice(i, i + 2000))
          .execute();
    });
    return { docs, df };
  }

  /** Walk the public articles in id order, `size` at a time; the next batch is read while `fn` works on this one. */
  async function eachBatch(size: number, fn: (batch: IndexableArticle[]) => Promise<void>): Promise<void> {
    let batch = await indexableArticlesAfter(dbh.db, 0, size);
    while (batch.length) {
      const last = (batch[batch.length - 1] as IndexableArticle).id;
      const next = indexableArticlesAfter(dbh.db, last, size);
      await fn(batch);
      batch = await next;
    }
  }

  /**
   * Rebuild everything (zixun reindex, seed, demo): document frequencies, every public article's
   * postings, then every list. `onProgress` gets (phase, done). With a `pool`, segmentation runs in
   * its worker threads.
   *
   * The lists are computed in memory with exactly the rules of `compute` (same candidates, same
   * order, same scores): the postings (TERMS_PER_ARTICLE per article: term id, weight; about 0.4 KB
   * per article), each term's POSTINGS_PER_TERM heaviest, and the fingerprints' signatures (0.5 KB per
   * article): about 100 MB at 200,000 articles.
   */
  async function rebuild(onProgress?: (phase: 'df' | 'terms' | 'lists', done: number) => void, opts: { pool?: TextPool } = {}): Promise<number> {
    const pool = opts.pool ?? inlineTextPool(segmenter);
    const { docs, df } = await recountDf(pool);
    onProgress?.('df', docs);
    await pool.setDf(df);
    await dbh.db.deleteFrom('related_terms').execute();

    // Postings: articles by index (id order); article j's terms are post[off[j] .. off[j+1]), heaviest first.
    const ids: number[] = [];
    const termIds = new Map<string, number>();
    let postTerm = new Int32Array(1 << 16);
    let postWeight = new Float64Array(1 << 16);
    let nPost = 0;
    const off: number[] = [0];
    const store = (vector: Array<[string, number]>) => {
      if (nPost + vector.length > postTerm.length) {
        const grownT = new Int32Array(postTerm.length * 2);
        grownT.set(postTerm);
        postTerm = grownT;
        const grownW = new Float64Array(postWeight.length * 2);
        grownW.set(postWeight);
        postWeight = grownW;
      }
      for (const [term, weight] of vector) {
        let t = termIds.get(term);
        if (t === undefined) termIds.set(term, (t = termIds.size));
        postTerm[nPost] = t;
        postWeight[nPost++] = weight;
      }
      off.push(nPost);
    };
    let pending: { batch: IndexableArticle[]; vectors: Promise<Array<Array<[string, number]>>> } | undefined;
    const write = async (p: NonNullable<typeof pending>) => {
      const vectors = await p.vectors;
      const rows: Array<{ article_id: number; term: string; weight: number }> = [];
      p.batch.forEach((a, i) => {
        const vector = vectors[i] ?? [];
        for (const [term, weight] of vector) rows.push({ article_id: a.id, term, weight });
        ids.push(a.id);
        store(vector);
      });
      await dbh.tx(async (trx) => {
        for (let i = 0; i < rows.length; i += 2000)
          await trx
            .insertInto('related_terms')
            .values(rows.slice(i, i + 2000))
            .execute();
      });
      onProgress?.('terms', ids.length);
    };
    await eachBatch(BATCH, async (batch) => {
      const next = { batch, vectors: pool.vectors(batch) };
      if (pending) await write(pending);
      pending = next;
    });
    if (pending) await write(pending);

    // Each term's heaviest postings (ties: higher article id first, as the (term, weight) index reads them).
    const nTerms = termIds.size;
    const postArticle = new Int32Array(nPost);
    for (let j = 0; j < ids.length; j++) for (let p = off[j] as number; p < (off[j + 1] as number); p++) postArticle[p] = j;
    const termStart = new Int32Array(nTerms + 1);
    for (let p = 0; p < nPost; p++) {
      const k = (postTerm[p] as number) + 1;
      termStart[k] = (termStart[k] as number) + 1;
    }
    for (let t = 0; t < nTerms; t++) termStart[t + 1] = (termStart[t + 1] as number) + (termStart[t] as number);
    const byTerm = new Int32Array(nPost);
    const fill = termStart.slice(0, nTerms);
    for (let p = 0; p < nPost; p++) {
      const t = postTerm[p] as number;
      byTerm[fill[t] as number] = p;
      fill[t] = (fill[t] as number) + 1;
    }
    const headLen = new Int32Array(nTerms);
    for (let t = 0; t < nTerms; t++) {
      const part = byTerm.subarray(termStart[t], termStart[t + 1]);
      part.sort((x, y) => (postWeight[y] as number) - (postWeight[x] as number) || (postArticle[y] as number) - (postArticle[x] as number));
      headLen[t] = Math.min(part.length, POSTINGS_PER_TERM);
    }

    const fps = await loadFingerprints();
    await dbh.db.deleteFrom('related_articles').execute();
    const scores = new Float64Array(ids.length);
    const seen = new Uint8Array(ids.length);
    const touched: number[] = [];
    let rows: Array<{ article_id: number; related_id: number; score: number; rank: number; computed_at: string }> = [];
    const flush = async (done: number) => {
      const chunk = rows;
      rows = [];
      await dbh.tx(async (trx) => {
        for (let i = 0; i < chunk.length; i += 2000)
          await trx
            .insertInto('related_articles')
            .values(chunk.slice(i, i + 2000))
            .execute();
      });
      onProgress?.('lists', done);
    };
    let now = clock.now();
    let at = now.toISOString();
    for (let j = 0; j < ids.length; j++) {
      if (j % BATCH === 0) {
        now = clock.now();
        at = now.toISOString();
      }
      const id = ids[j] as number;
      // candidates(): the article's QUERY_TERMS heaviest terms, each term's heaviest postings.
      const ownEnd = Math.min(off[j + 1] as number, (off[j] as number) + QUERY_TERMS);
      for (let p = off[j] as number; p < ownEnd; p++) {
        const t = postTerm[p] as number;
        const mine = postWeight[p] as number;
        for (let k = termStart[t] as number, end = k + (headLen[t] as number); k < end; k++) {
          const q = byTerm[k] as number;
          const c = postArticle[q] as number;
          if (c === j) continue;
          if (!seen[c]) {
            seen[c] = 1;
            touched.push(c);
          }
          scores[c] = (scores[c] as number) + mine * (postWeight[q] as number);
        }
      }
      const shortlist = topScores(touched, scores, SHORTLIST);
      for (const c of touched) {
        scores[c] = 0;
        seen[c] = 0;
      }
      touched.length = 0;
      // compute(): recency-weighted score; near-duplicates and same-text candidates skipped; top LIST_SIZE.
      const mineFp = fps.get(id);
      const ranked = shortlist
        .map(([c, cos]) => ({ c, cos, score: cos * recencyFactor(fps.get(ids[c] as number)?.publishedAt ?? null, now) }))
        .sort((x, y) => y.score - x.score || (ids[y.c] as number) - (ids[x.c] as number));
      let rank = 0;
      for (const r of ranked) {
        if (rank === LIST_SIZE) break;
        const cid = ids[r.c] as number;
        const m = fps.get(cid);
        if (mineFp && m && overlapFromJaccard(estimateJaccard(mineFp.signature, m.signature), mineFp.size, m.size) >= NEAR_DUPLICATE) continue;
        if (r.cos >= 0.95) continue;
        rows.push({ article_id: id, related_id: cid, score: r.score, rank: ++rank, computed_at: at });
      }
      if ((j + 1) % BATCH === 0 || j + 1 === ids.length) await flush(j + 1);
    }
    await dbh.db.deleteFrom('related_queue').execute();
    deps.purge?.(['related']);
    return ids.length;
  }

  /** Every stored fingerprint's signature, shingle count and publication time, read in batches. */
  async function loadFingerprints(): Promise<Map<number, { signature: Uint32Array; size: number; publishedAt: string | null }>> {
    const out = new Map<number, { signature: Uint32Array; size: number; publishedAt: string | null }>();
    let after = 0;
    for (;;) {
      const batch = await dbh.db
        .selectFrom('article_fingerprints')
        .select(['article_id', 'published_at', 'signature', 'shingles'])
        .where('article_id', '>', after)
        .orderBy('article_id')
        .limit(5000)
        .execute();
      for (const r of batch) out.set(r.article_id, { signature: decodeSignature(r.signature), size: r.shingles, publishedAt: r.published_at });
      if (batch.length < 5000) return out;
      after = (batch[batch.length - 1] as { article_id: number }).article_id;
    }
  }

  return { sync, compute, processQueue, listFor, overridesOf, setOverride, refreshDf, rebuild, termsOf, enqueue };
}

export type Related = ReturnType<typeof createRelated>;
