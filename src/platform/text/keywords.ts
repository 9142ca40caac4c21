// TF-IDF keywords over the segmenter's plain words.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isStopWord } from './stopwords.ts';
import { fold } from './fold.ts';
import { jieba, runs, type Segmenter } from './segmenter.ts';

export interface Keyword {
  /** The folded word (Simplified, lowercase): what the index and tags compare. */
  word: string;
  weight: number;
  /** The word as it is first written in the text when that differs only by case or width
   *  (iPhone for iphone); otherwise the folded word. For display, e.g. as a suggested tag. */
  surface: string;
}

// jieba's own IDF table (≈270,000 words), parsed on first use. Words it does not know get the
// median, as jieba itself does.
let builtIn: { idf: Map<string, number>; median: number } | undefined;

function builtInIdf(): { idf: Map<string, number>; median: number } {
  if (builtIn) return builtIn;
  const file = createRequire(import.meta.url).resolve('@node-rs/jieba/idf.txt');
  const idf = new Map<string, number>();
  const values: number[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const sp = line.lastIndexOf(' ');
    if (sp <= 0) continue;
    const v = Number(line.slice(sp + 1));
    if (!Number.isFinite(v)) continue;
    idf.set(line.slice(0, sp), v);
    values.push(v);
  }
  values.sort((a, b) => a - b);
  builtIn = { idf, median: values[Math.floor(values.length / 2)] ?? 10 };
  return builtIn;
}

/** jieba's built-in IDF for a folded word (the median for unknown words). */
export function defaultIdf(term: string): number {
  const b = builtInIdf();
  return b.idf.get(term) ?? b.median;
}

// Counted things (三百多名, 两千多, 一斤) and roman numerals (Ⅲ → iii) are not topics.
const COUNTED =
  /^[零一二两三四五六七八九十百千万亿几多半数]+[多余来]?[个名位次人年月日天周家条件座辆台只元米斤吨倍届期岁项所场批份]?$|^[零一二两三四五六七八九十百千万亿几数]+[多余]?[个名位次人年月日天周家条件座辆台只元米斤吨倍届期岁项所场批份]/u;
const ROMAN = /^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})$/;
// A word right after a number that starts with a unit or measure word (2号线 → 号线, 3.5亿美元 → 亿美元).
const UNIT_START = /^[年月日号时点分秒元角万亿千百十个位名人次倍岁度米克吨升里斤条家所项件台辆架艘只期届]/u;

/** Whether a word can be a keyword: not a stop word, a bare number, a count or a single character. */
export function isKeywordCandidate(w: string): boolean {
  if (w.length < 2 || w.length > 20 || isStopWord(w)) return false;
  return /\p{L}/u.test(w) && !COUNTED.test(w) && !ROMAN.test(w);
}

function surfaceOf(original: string, word: string): string {
  if (!/[a-z]/.test(word)) return word;
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Latin words end where the Latin letters and digits end (警惕AI换脸 → AI).
  const m = new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`, 'i').exec(original.normalize('NFKC'));
  return m ? m[0] : word;
}

// Parts of speech (jieba's tag set) that make good tags: nouns of every kind, verbal and adjectival
// nouns, abbreviations, idioms, and words found by the HMM (x: usually new names). Verbs (开通),
// time words (年底) and the like are left out.
const NOUN_TAGS = new Set(['n', 'nr', 'nrt', 'nrfg', 'ns', 'nt', 'nz', 'nw', 'ng', 'vn', 'an', 'j', 'l', 'i', 'x', 'eng']);

/** Han words of `folded` with a noun-like part of speech. Tagging costs ~0.3 M characters/s. */
function nounWords(folded: string): Set<string> {
  const out = new Set<string>();
  for (const r of runs(folded)) if (r.kind === 'han') for (const t of jieba().tag(r.text, true)) if (NOUN_TAGS.has(t.tag)) out.add(t.word);
  return out;
}

export interface KeywordOptions {
  /** Keep only noun-like Chinese words (for tags); Latin words always count. */
  nounsOnly?: boolean;
}

/**
 * The topK words of `text` by TF-IDF: term frequency among the text's candidate words times the
 * IDF given by `idf` (e.g. the site's own corpus), falling back to jieba's built-in table.
 * Ties are broken by first occurrence, so the result is deterministic.
 */
export function tfidfKeywords(seg: Segmenter, text: string, topK: number, idf?: (term: string) => number | undefined, opts: KeywordOptions = {}): Keyword[] {
  const counts = new Map<string, { n: number; first: number }>();
  let total = 0;
  const words = seg.words(text);
  const nouns = opts.nounsOnly ? nounWords(fold(text)) : undefined;
  words.forEach((w, i) => {
    if (!isKeywordCandidate(w)) return;
    if (i > 0 && /\d$/.test(words[i - 1] ?? '') && UNIT_START.test(w)) return;
    total++;
    if (nouns && !nouns.has(w) && /\p{Script=Han}/u.test(w)) return;
    const c = counts.get(w);
    if (c) c.n++;
    else counts.set(w, { n: 1, first: i });
  });
  if (!total || topK <= 0) return [];
  const scored = [...counts].map(([word, c]) => ({
    word,
    first: c.first,
    weight: (c.n / total) * (idf?.(word) ?? defaultIdf(word)),
  }));
  scored.sort((a, b) => b.weight - a.weight || a.first - b.first);
  return scored.slice(0, topK).map((k) => ({ word: k.word, weight: k.weight, surface: surfaceOf(text, k.word) }));
}
