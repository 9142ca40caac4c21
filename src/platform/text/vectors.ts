/**
 * Sparse TF-IDF vectors and cosine similarity. Terms are strings chosen by the caller (segmented,
 * folded tokens); weights are plain numbers. Nothing here knows where the terms came from.
 */

export type SparseVector = Map<string, number>;

/** One field's tokens and how much each occurrence counts (e.g. title 3, tags 2, summary 1.5, body 1). */
export interface WeightedField {
  tokens: readonly string[];
  weight: number;
}

/** Weighted term frequencies summed over fields. */
export function termFrequencies(fields: readonly WeightedField[]): SparseVector {
  const tf: SparseVector = new Map();
  for (const f of fields) for (const t of f.tokens) tf.set(t, (tf.get(t) ?? 0) + f.weight);
  return tf;
}

/** Smoothed inverse document frequency: ln((N + 1) / (df + 1)) + 1; an unseen term gets the highest value. */
export function idf(df: number, docs: number): number {
  return Math.log((docs + 1) / (df + 1)) + 1;
}

/** TF-IDF with sublinear term frequency (1 + ln tf), so a term repeated 20 times does not drown the rest. */
export function tfidf(tf: SparseVector, idfOf: (term: string) => number): SparseVector {
  const v: SparseVector = new Map();
  for (const [t, f] of tf) if (f > 0) v.set(t, (1 + Math.log(f)) * idfOf(t));
  return v;
}

export function norm(v: SparseVector): number {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return Math.sqrt(s);
}

/** The vector scaled to unit length (an empty or zero vector stays as it is). */
export function normalize(v: SparseVector): SparseVector {
  const n = norm(v);
  if (!n) return new Map(v);
  const out: SparseVector = new Map();
  for (const [t, w] of v) out.set(t, w / n);
  return out;
}

/** The k heaviest terms (ties broken by term, so the result is deterministic). */
export function topTerms(v: SparseVector, k: number): SparseVector {
  const sorted = [...v].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(sorted.slice(0, k));
}

export function dot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) s += w * o;
  }
  return s;
}

/** Cosine similarity in [0, 1] for non-negative vectors; 0 when either is empty. */
export function cosine(a: SparseVector, b: SparseVector): number {
  const na = norm(a);
  const nb = norm(b);
  return na && nb ? dot(a, b) / (na * nb) : 0;
}
