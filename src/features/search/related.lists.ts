// The bulk side of 相关文章 (ADR 0007): document-frequency recount and the in-memory rebuild of
// every article's postings and list, with exactly the rules of related.service.ts's `compute`.
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { decodeSignature, estimateJaccard, overlapFromJaccard } from '../../platform/text/index.ts';
import { countIndexableArticles, indexableArticlesAfter, type IndexableArticle } from '../articles/index.ts';
import { createIndex, dropIndex, type TextPool } from './related.pool.ts';

export const TERMS_INDEX = { name: 'related_terms_term_weight', table: 'related_terms', columns: ['term', 'weight', 'article_id'] };
import {
  BATCH,
  DF_SAMPLE,
  DOCS,
  fillFromCategory,
  FILL_CANDIDATES,
  LIST_SIZE,
  NEAR_DUPLICATE,
  POSTINGS_PER_TERM,
  QUERY_TERMS,
  recencyFactor,
  RELATED_FLOOR,
  SHORTLIST,
  topScores,
  type DfTable,
} from './related.text.ts';

/**
 * Recount document frequencies over the public articles and store them (DOCS included). Beyond
 * DF_SAMPLE articles an evenly spread sample is segmented and its counts scaled: IDF needs
 * proportions, not exact counts, and segmenting 200,000 bodies would take minutes.
 */
export async function recountDf(dbh: DbHandle, pool: TextPool): Promise<{ docs: number; df: DfTable }> {
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
  await eachBatch(dbh, BATCH, async (batch) => {
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
async function eachBatch(dbh: DbHandle, size: number, fn: (batch: IndexableArticle[]) => Promise<void>): Promise<void> {
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
export async function rebuildLists(
  deps: { dbh: DbHandle; clock: Clock; purge?: (tags: string[]) => void },
  pool: TextPool,
  onProgress?: (phase: 'df' | 'terms' | 'lists', done: number) => void,
): Promise<number> {
  const { dbh, clock } = deps;
  const { docs, df } = await recountDf(dbh, pool);
  onProgress?.('df', docs);
  await pool.setDf(df);
  // The (term, weight) index is built once after the bulk load (see originality.rebuild.ts).
  await dropIndex(dbh, TERMS_INDEX.name);
  await dbh.db.deleteFrom('related_terms').execute();

  // Postings: articles by index (id order); article j's terms are post[off[j] .. off[j+1]), heaviest first.
  const ids: number[] = [];
  // Each article's category, and each category's newest public articles (to fill lists below the floor).
  const categoryOf: number[] = [];
  const newest = new Map<number, Array<{ id: number; at: string }>>();
  const startedAt = clock.now().toISOString();
  const noteNewest = (a: IndexableArticle) => {
    if (!a.publishedAt || a.publishedAt > startedAt) return;
    const list = newest.get(a.categoryId) ?? [];
    list.push({ id: a.id, at: a.publishedAt });
    list.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : y.id - x.id));
    if (list.length > FILL_CANDIDATES + 1) list.length = FILL_CANDIDATES + 1;
    newest.set(a.categoryId, list);
  };
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
      categoryOf.push(a.categoryId);
      noteNewest(a);
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
  await eachBatch(dbh, BATCH, async (batch) => {
    const next = { batch, vectors: pool.vectors(batch) };
    if (pending) await write(pending);
    pending = next;
  });
  if (pending) await write(pending);
  await createIndex(dbh, TERMS_INDEX);

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

  const fps = await loadFingerprints(dbh);
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
    const listed: number[] = [];
    for (const r of ranked) {
      if (rank === LIST_SIZE || r.score < RELATED_FLOOR) break;
      const cid = ids[r.c] as number;
      const m = fps.get(cid);
      if (mineFp && m && overlapFromJaccard(estimateJaccard(mineFp.signature, m.signature), mineFp.size, m.size) >= NEAR_DUPLICATE) continue;
      if (r.cos >= 0.95) continue;
      rows.push({ article_id: id, related_id: cid, score: r.score, rank: ++rank, computed_at: at });
      listed.push(cid);
    }
    const fill = fillFromCategory(
      id,
      listed,
      (newest.get(categoryOf[j] as number) ?? []).map((x) => x.id),
    );
    for (const cid of fill) rows.push({ article_id: id, related_id: cid, score: 0, rank: ++rank, computed_at: at });
    if ((j + 1) % BATCH === 0 || j + 1 === ids.length) await flush(j + 1);
  }
  await dbh.db.deleteFrom('related_queue').execute();
  deps.purge?.(['related']);
  return ids.length;
}

/** Every stored fingerprint's signature, shingle count and publication time, read in batches. */
async function loadFingerprints(dbh: DbHandle): Promise<Map<number, { signature: Uint32Array; size: number; publishedAt: string | null }>> {
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
