import { bandKeys, estimateJaccard, isStopWord, minhash, overlapFromJaccard, shingleSet, type Segmenter } from '../../platform/text/index.ts';

/**
 * MinHash size and LSH shape (ADR 0007 has the measurements behind them): 128 values, so that
 * similarity estimates are good to about ±0.04 without re-reading the other text; the first 64 cut
 * into 32 bands of 2 for candidate lookup (two texts with Jaccard 0.3 share a band with p ≈ 0.95).
 */
export const HASHES = 128;
export const LSH_VALUES = 64;
export const BAND_ROWS = 2;
/** Words per shingle. */
export const SHINGLE = 3;

export interface TextFingerprint {
  shingles: Set<number>;
  signature: Uint32Array;
  bands: number[];
}

const SENTENCE_END = /[。！？!?；;…\n\r\uff01\uff1f\uff1b]+/;

/**
 * The sentences of an article (title first) as word lists: folded (Traditional → Simplified,
 * full-width → half-width, lower case), segmented, stop words and punctuation dropped. Shingles are
 * taken inside sentences, so reordering sentences or paragraphs keeps them.
 */
export function sentenceWords(seg: Segmenter, title: string, text: string): string[][] {
  const out: string[][] = [];
  // `words` folds its input (Traditional → Simplified, full-width → half-width); the split happens first.
  for (const part of [title, ...text.split(SENTENCE_END)]) {
    const words = seg.words(part).filter((w) => !isStopWord(w));
    if (words.length) out.push(words);
  }
  return out;
}

export function fingerprintText(seg: Segmenter, title: string, text: string): TextFingerprint {
  const shingles = shingleSet(sentenceWords(seg, title, text), SHINGLE);
  const signature = minhash(shingles, HASHES);
  return { shingles, signature, bands: [...new Set(bandKeys(signature.subarray(0, LSH_VALUES), BAND_ROWS))] };
}

/** A submission whose overlap with an earlier article by someone else reaches this loses the 原创 mark until an editor overrides. */
export const FLAG_AT = 0.5;
/** Jaccard similarity from which a text is a (near-)exact copy: refused when the other one is published. */
export const DUPLICATE_AT = 0.8;
/** Candidates whose signature-estimated overlap is below this are dropped. */
export const PREFILTER = 0.15;
/** The closest candidate is verified exactly on its text when its estimated overlap reaches this (a decision may hang on it). */
export const VERIFY_AT = 0.35;

export interface Similarity {
  /** |A∩B| / min(|A|, |B|): how much of the shorter text the longer one contains. */
  overlap: number;
  /** |A∩B| / |A∪B|. */
  jaccard: number;
}

/** Similarity estimated from two signatures and the two shingle-set sizes. */
export function estimateSimilarity(a: { signature: Uint32Array; size: number }, b: { signature: Uint32Array; size: number }): Similarity {
  const jaccard = estimateJaccard(a.signature, b.signature);
  return { jaccard, overlap: overlapFromJaccard(jaccard, a.size, b.size) };
}

/** Exact similarity of two fingerprints' shingle sets. */
export function compareFingerprints(a: { shingles: Set<number> }, b: { shingles: Set<number> }): Similarity {
  const small = a.shingles.size <= b.shingles.size ? a.shingles : b.shingles;
  const large = small === a.shingles ? b.shingles : a.shingles;
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  const union = a.shingles.size + b.shingles.size - inter;
  return { overlap: small.size ? inter / small.size : 0, jaccard: union ? inter / union : 0 };
}

/** What the LSH lookup finds for b given a: at least one shared band key and an estimated overlap worth verifying. */
export function isCandidate(
  a: { bands: number[]; signature: Uint32Array; shingles: Set<number> },
  b: { bands: number[]; signature: Uint32Array; shingles: Set<number> },
): boolean {
  const keys = new Set(a.bands);
  if (!b.bands.some((k) => keys.has(k))) return false;
  return overlapFromJaccard(estimateJaccard(a.signature, b.signature), a.shingles.size, b.shingles.size) >= PREFILTER;
}

/** Articles a lookup takes from the band keys (those sharing most keys). */
export const CANDIDATES = 40;
/** Articles read per band key in a lookup, newest first. */
export const PER_BAND = 100;
/** Matches returned (and read from the articles) per lookup. */
export const SHOWN = 3;

/** The earliest-published article by someone else that the text overlaps enough to flag a 原创 claim. */
export function flagCandidate<M extends { id: number; similarity: number; isPublic: boolean; authorId: number; publishedAt: string | null }>(
  matches: M[],
  authorId: number,
  before?: { at: string; id: number },
): M | undefined {
  const earlier = (m: M) => !before || (m.publishedAt ?? '') < before.at || ((m.publishedAt ?? '') === before.at && m.id < before.id);
  return matches.find((m) => m.similarity >= FLAG_AT && m.isPublic && m.authorId !== authorId && earlier(m));
}
