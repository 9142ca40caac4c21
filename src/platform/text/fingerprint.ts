/**
 * Near-duplicate fingerprints: word shingles, MinHash signatures and LSH band keys.
 *
 * Pure functions over words the caller has already segmented (and folded). Shingles never cross a
 * sentence boundary, so reordering sentences keeps almost every shingle; MinHash estimates the
 * Jaccard similarity of two shingle sets from fixed-size signatures, and LSH bands (`rows` hashes
 * per band) turn "similar signatures" into "share at least one band key", which an ordinary index
 * on (band_key) answers without scanning every document.
 */

/** 32-bit FNV-1a over UTF-16 code units, finished with a murmur3 mix (good avalanche, fast). */
export function hash32(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** murmur3's fmix32: a bijection on 32-bit integers that spreads every input bit. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes of the k-word shingles of each sentence (a sentence shorter than k words is one shingle).
 * Sentences are arrays of words; empty sentences are ignored.
 */
export function shingleSet(sentences: string[][], k = 3): Set<number> {
  const out = new Set<number>();
  for (const words of sentences) {
    if (!words.length) continue;
    if (words.length <= k) {
      out.add(joinedHash(words, 0, words.length));
      continue;
    }
    for (let i = 0; i + k <= words.length; i++) out.add(joinedHash(words, i, i + k));
  }
  return out;
}

/** hash32(words.slice(from, to).join('\u0001')), without building the joined string. */
function joinedHash(words: string[], from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let w = from; w < to; w++) {
    if (w > from) h = Math.imul(h ^ 1, 0x01000193);
    const s = words[w] as string;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return mix32(h);
}

const SEEDS: number[] = [];
function seedsFor(n: number): number[] {
  for (let i = SEEDS.length; i < n; i++) SEEDS.push(mix32(0x9e3779b9 ^ Math.imul(i + 1, 0x27d4eb2f)));
  return SEEDS;
}

/**
 * MinHash signature with `n` independent hash functions h_i(x) = mix32(x XOR seed_i). An empty set
 * gets a signature of 0xffffffff values, which matches nothing but another empty set.
 */
export function minhash(set: Iterable<number>, n = 64): Uint32Array {
  const seeds = Uint32Array.from(seedsFor(n).slice(0, n));
  const sig = new Uint32Array(n).fill(0xffffffff);
  for (const x of set) {
    for (let i = 0; i < n; i++) {
      // mix32(x ^ seed_i), inlined (this loop is most of the cost of a fingerprint after segmentation).
      let h = (x ^ (seeds[i] as number)) >>> 0;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h = (h ^ (h >>> 16)) >>> 0;
      if (h < (sig[i] as number)) sig[i] = h;
    }
  }
  return sig;
}

/** The fraction of equal positions: an unbiased estimate of the Jaccard similarity of the two sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (!n) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i] && a[i] !== 0xffffffff) same++;
  return same / n;
}

/**
 * LSH band keys: the signature cut into bands of `rows` values, each band hashed together with its
 * index into a signed 32-bit integer (fits an SQL `integer` column on both SQLite and PostgreSQL).
 * Two documents with Jaccard similarity J share at least one key with probability 1 − (1 − J^rows)^bands.
 */
export function bandKeys(sig: Uint32Array, rows = 2): number[] {
  const keys: number[] = [];
  for (let b = 0; b * rows < sig.length; b++) {
    let h = mix32(0x5bd1e995 ^ b);
    for (let r = 0; r < rows && b * rows + r < sig.length; r++) h = mix32(h ^ (sig[b * rows + r] as number));
    keys.push(h | 0);
  }
  return keys;
}

/** Exact Jaccard similarity |A∩B| / |A∪B|. */
export function jaccard(a: Set<number>, b: Set<number>): number {
  const inter = intersectionSize(a, b);
  const union = a.size + b.size - inter;
  return union ? inter / union : 0;
}

/**
 * Overlap coefficient |A∩B| / min(|A|, |B|): how much of the shorter text is contained in the longer.
 * Unlike Jaccard it stays high when one side added or dropped whole paragraphs.
 */
export function overlap(a: Set<number>, b: Set<number>): number {
  const m = Math.min(a.size, b.size);
  return m ? intersectionSize(a, b) / m : 0;
}

export function intersectionSize(a: Set<number>, b: Set<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (large.has(x)) n++;
  return n;
}

/** Overlap coefficient estimated from a Jaccard estimate and the two set sizes. */
export function overlapFromJaccard(j: number, sizeA: number, sizeB: number): number {
  const m = Math.min(sizeA, sizeB);
  if (!m) return 0;
  const inter = (j * (sizeA + sizeB)) / (1 + j);
  return Math.min(1, inter / m);
}

/** Signatures as fixed-width hex text (8 characters per value) for a text column. */
export function encodeSignature(sig: Uint32Array): string {
  let s = '';
  for (const v of sig) s += (v + 0x100000000).toString(16).slice(1);
  return s;
}

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = i;
for (let i = 10; i < 16; i++) HEX['ABCDEF'.charCodeAt(i - 10)] = i;

export function decodeSignature(hex: string): Uint32Array {
  const n = Math.floor(hex.length / 8);
  const sig = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = i * 8, end = j + 8; j < end; j++) {
      const d = HEX[hex.charCodeAt(j) & 127] as number;
      if (d < 0) return decodeSignatureSlow(hex);
      v = v * 16 + d;
    }
    sig[i] = v;
  }
  return sig;
}

function decodeSignatureSlow(hex: string): Uint32Array {
  const n = Math.floor(hex.length / 8);
  const sig = new Uint32Array(n);
  for (let i = 0; i < n; i++) sig[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return sig;
}

/**
 * A shingle set as text for a column (the 32-bit hashes little-endian, base64): about 1.3 bytes
 * per character of article text. Lets a lookup verify a candidate exactly without segmenting it again.
 */
export function encodeShingles(set: Set<number>): string {
  const buf = Buffer.allocUnsafe(set.size * 4);
  let o = 0;
  for (const x of set) {
    buf.writeUInt32LE(x >>> 0, o);
    o += 4;
  }
  return buf.toString('base64');
}

export function decodeShingles(text: string): Set<number> {
  const buf = Buffer.from(text, 'base64');
  const out = new Set<number>();
  for (let o = 0; o + 4 <= buf.length; o += 4) out.add(buf.readUInt32LE(o));
  return out;
}
