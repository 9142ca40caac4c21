// The text work of related articles and originality, shared by the services (one article at a time)
// and by the rebuild threads (related.worker.ts): pure functions of a segmenter and an article's fields.
import { encodeShingles, fold, idf, normalize, termFrequencies, tfidf, topTerms, type Segmenter, type SparseVector } from '../../platform/text/index.ts';
import { fingerprintText } from './originality.fingerprint.ts';

/** Terms kept per article (its candidate-index postings). */
export const TERMS_PER_ARTICLE = 32;
/**
 * Field weights of the article vector. Tags are the editors' (or authors') own statement of the topic:
 * weighted well above a body word, or on a small site a word used once in the summary and body but
 * nowhere else (rare, so heavily weighted by IDF) pushes a shared tag like 交通 out of the kept terms.
 */
const WEIGHTS = { title: 3, tags: 10, summary: 1.5, body: 1 };
/** The related_df row holding the corpus size. */
export const DOCS = '';
/** Longest term stored (related_df.term, related_terms.term are varchar(64)). */
export const MAX_TERM = 64;

/** Postings read per term when scoring. */
export const POSTINGS_PER_TERM = 200;
/** Candidates come from the article's heaviest terms only. */
export const QUERY_TERMS = 20;
export const LIST_SIZE = 8;
/**
 * The least similarity (cosine × recency) a computed 相关文章 entry needs. Below it two articles share
 * only everyday words (a metro line and a hospital both "今日启用" for "市民"): measured 0.02–0.07 for
 * such pairs, 0.15–0.45 for articles on the same subject. Slots left empty are filled with the newest
 * articles of the same category (stored with score 0), as the page showed before lists were computed.
 */
export const RELATED_FLOOR = 0.08;

/** How many of its category's newest articles the article page lists in 更多>同类最新资讯 (itself left out). */
export const SAME_CATEGORY_SHOWN = 8;
/** How many of a category's newest public articles a fill reads: past the ones 同类最新资讯 shows. */
export const FILL_CANDIDATES = LIST_SIZE * 3;

/**
 * The list's remaining slots filled from `newest` (same-category articles, newest first), skipping `taken`
 * and the article itself. The newest SAME_CATEGORY_SHOWN are what 更多>同类最新资讯 shows on the same page
 * when the list is computed, so older ones come first; those newest fill only what older ones cannot (a
 * small category), rather than leaving the box emptier.
 */
export function fillFromCategory(id: number, taken: number[], newest: number[]): number[] {
  const skip = new Set([id, ...taken]);
  const others = newest.filter((x) => x !== id);
  const shownNearby = others.slice(0, SAME_CATEGORY_SHOWN);
  const older = others.slice(SAME_CATEGORY_SHOWN);
  return [...older, ...shownNearby].filter((x) => !skip.has(x)).slice(0, Math.max(0, LIST_SIZE - taken.length));
}
export const SHORTLIST = 60;
/** Candidates at least this similar (estimated shingle overlap) are near-duplicates, never related. */
export const NEAR_DUPLICATE = 0.6;
/** At most this many articles are segmented to count document frequencies. */
export const DF_SAMPLE = 20_000;
/** Articles read (and segmented) per step of a rebuild. */
export const BATCH = 1000;

/** A mild preference for recent articles: 1.0 for today's, 0.8 for very old ones (half-way at ~4 months). */
export function recencyFactor(publishedAt: string | null, now: Date): number {
  if (!publishedAt) return 0.8;
  const days = Math.max(0, (now.getTime() - Date.parse(publishedAt)) / 86_400_000);
  return 0.8 + 0.2 * Math.exp(-days / 180);
}

/**
 * Tokens worth a dimension: two characters or more (single Han characters and letters say little), and
 * not bare numbers ("28", "11.4", "2026"): the same figure in two articles is nearly always chance.
 */
const NUMBER = /^[\d.,:%+\-/]+$/;
const useful = (tok: string) => tok.length >= 2 && !NUMBER.test(tok);

export type VectorInput = { title: string; summary: string; text: string; tags: string[] };

/** Weighted term frequencies of an article's fields (folded, segmented). */
export function articleTerms(segmenter: Segmenter, a: VectorInput): SparseVector {
  const tagTokens = a.tags.flatMap((tag) => {
    const whole = fold(tag).trim();
    return [...(whole.length >= 2 ? [whole] : []), ...segmenter.tokens(tag).filter((x) => x !== whole)];
  });
  return termFrequencies([
    { tokens: segmenter.tokens(a.title).filter(useful), weight: WEIGHTS.title },
    { tokens: tagTokens.filter(useful), weight: WEIGHTS.tags },
    { tokens: segmenter.tokens(a.summary).filter(useful), weight: WEIGHTS.summary },
    { tokens: segmenter.tokens(a.text).filter(useful), weight: WEIGHTS.body },
  ]);
}

/** The distinct storable terms of an article (what document frequencies count). */
export function articleTermKeys(segmenter: Segmenter, a: VectorInput): string[] {
  return [...articleTerms(segmenter, a).keys()].filter((x) => x.length <= MAX_TERM);
}

/** Document frequencies as read from related_df: the corpus size under DOCS. */
export type DfTable = Map<string, number>;

/**
 * The article's unit-length TF-IDF vector cut to its heaviest terms (in weight order, ties by term),
 * and its storable terms. `df` holds the counts of (at least) those terms and DOCS.
 */
export function articleVector(segmenter: Segmenter, a: VectorInput, df: DfTable): { vector: SparseVector; terms: string[] } {
  const tf = articleTerms(segmenter, a);
  const terms = [...tf.keys()].filter((x) => x.length <= MAX_TERM);
  const docs = df.get(DOCS) ?? 0;
  return { vector: topTerms(normalize(tfidf(tf, (term) => idf(df.get(term) ?? 0, docs))), TERMS_PER_ARTICLE), terms };
}

/** What the rebuild keeps of an article's originality fingerprint. */
export interface StoredFingerprint {
  size: number;
  /** The shingle set, encoded (encodeShingles). */
  shingleSet: string;
  signature: Uint32Array;
  bands: number[];
}

export function articleFingerprint(segmenter: Segmenter, a: { title: string; text: string }): StoredFingerprint {
  const fp = fingerprintText(segmenter, a.title, a.text);
  return { size: fp.shingles.size, shingleSet: encodeShingles(fp.shingles), signature: fp.signature, bands: fp.bands };
}

/**
 * The `k` best of `items` (article indexes, in id order) by score, then by index (= id) descending,
 * best first: a bounded min-heap, so choosing from thousands of candidates costs little more than reading them.
 */
export function topScores(items: readonly number[], scores: ArrayLike<number>, k: number): Array<[number, number]> {
  const worse = (a: number, b: number) => (scores[a] as number) < (scores[b] as number) || ((scores[a] as number) === (scores[b] as number) && a < b);
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && worse(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  for (const x of items) {
    if (heap.length < k) {
      heap.push(x);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i] as number, heap[parent] as number)) break;
        [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
        i = parent;
      }
    } else if (worse(heap[0] as number, x)) {
      heap[0] = x;
      down(0);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0)).map((x) => [x, scores[x] as number]);
}
