// Extractive summaries (核心提示 when an author leaves it empty).
//
// Method: lead-weighted sentence scoring rather than TextRank. News copy is written lead first, so
// the opening sentence is usually the best summary; TextRank over the 5–30 sentences of a typical
// article mostly rediscovers that while being less predictable for authors. Each sentence scores a
// position prior (1 for the first, decaying) plus how much of the text's TF-IDF keyword weight it
// carries (per character, so long sentences are not favoured just for being long). Sentences are
// taken best first while they fit in the budget and then printed in their original order, so the
// summary reads as the article does and always ends at a sentence boundary. When not even one
// sentence fits, the first sentence is cut at a word boundary (never inside a number such as 3.5,
// 2026年 or HK-3001) and ends with …
import { jieba, runs, createSegmenter, type Segmenter } from './segmenter.ts';
import { tfidfKeywords } from './keywords.ts';
import { fold } from './fold.ts';

const DEFAULT_MAX = 120;
const ELLIPSIS = '…';

let defaultSegmenter: Segmenter | undefined;

// A sentence ends at 。！？!?… (and any closing quotes or brackets right after), at a full stop
// followed by a space (English), or at a line break. Pieces that end at a line break without such
// punctuation are headings, table cells, captions or list items ending in ；: not summary material.
const SENTENCE = /[^\n。！？!?…]*?(?:([。！？!?]+|…+|\.(?=\s|$))|(?=\n)|$)[”’」』）)"']*/gu;

interface Piece {
  text: string;
  /** Ends with sentence punctuation. */
  ended: boolean;
}

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  for (const m of text.replace(/\r\n?/g, '\n').matchAll(SENTENCE)) {
    const s = m[0].trim();
    if (s && /[\p{L}\p{N}]/u.test(s)) out.push({ text: s, ended: m[1] !== undefined });
  }
  return out;
}

/** The sentences of plain text, in order (headings and other unpunctuated lines included). */
export function sentences(text: string): string[] {
  return pieces(text).map((p) => p.text);
}

// A Han character that belongs to the number before it: 2026年, 3个, 5万, 120公里, 80%.
const NUMBER_SUFFIX = /^[年月日号时点分秒%‰℃元角万亿千百十个位名人次倍岁度米克吨升里斤条家所项件台辆架艘只期届]/u;

/** Offsets where `s` may be cut: word boundaries that do not split a number from its unit. */
function cutPoints(s: string): number[] {
  const points = new Set<number>();
  for (const r of runs(s)) {
    points.add(r.start);
    points.add(r.end);
    if (r.kind !== 'han') continue;
    let at = r.start;
    for (const w of jieba().cut(r.text, true)) {
      at += w.length;
      points.add(at);
    }
  }
  return [...points]
    .filter((p) => p > 0 && p < s.length)
    .filter((p) => !(/\p{Nd}/u.test(s[p - 1] ?? '') && NUMBER_SUFFIX.test(s.slice(p))))
    .filter((p) => !(s[p - 1] === '第' && /\p{Nd}/u.test(s[p] ?? '')))
    .sort((a, b) => a - b);
}

function truncate(s: string, maxChars: number): string {
  const budget = maxChars - ELLIPSIS.length;
  let best = '';
  for (const p of cutPoints(s)) {
    if (p > budget) break;
    // Drop trailing separators and openers so the text does not end in "，…" or "（…".
    const head = s.slice(0, p).replace(/[\s，、；：,;:（(“‘「『《〈—-]+$/u, '');
    if (head) best = head;
  }
  return (best || [...s].slice(0, budget).join('')) + ELLIPSIS;
}

function join(parts: string[]): string {
  let out = '';
  for (const p of parts) out += out && /[\x21-\x7e]$/.test(out) && /^[\x21-\x7e]/.test(p) ? ' ' + p : p;
  return out;
}

// Only the opening sentences compete: a summary stitched from the first and the twentieth sentence
// reads badly, and news puts what matters first.
const CANDIDATES = 8;

/** An extractive summary of plain text: whole sentences, at most `maxChars` characters. */
export function summarize(plainText: string, maxChars: number = DEFAULT_MAX): string {
  const all = pieces(plainText);
  const ended = all.filter((p) => p.ended).map((p) => p.text);
  // A text without a single punctuated sentence (a caption, a list of headings) gives its first line.
  if (!ended.length) {
    const line = all[0]?.text ?? '';
    return line.length > maxChars ? truncate(line, maxChars) : line;
  }
  const candidates = ended.slice(0, CANDIDATES);
  const first = candidates[0]!;
  if (first.length > maxChars) return truncate(first, maxChars);
  const segmenter = (defaultSegmenter ??= createSegmenter());
  const keywords = tfidfKeywords(segmenter, candidates.join('\n'), 20);
  const scored = candidates.map((s, i) => {
    const folded = fold(s);
    let cover = 0;
    for (const k of keywords) if (folded.includes(k.word)) cover += k.weight;
    const prior = 1 / (1 + 0.5 * i);
    // A quotation is colour, not a summary of the news.
    const quoted = /^[“「『"]/.test(s) ? 0.5 : 1;
    return { i, s, score: quoted * (prior + cover / Math.max(20, s.length)) };
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  const chosen: typeof scored = [];
  let used = 0;
  for (const x of scored) {
    const extra = x.s.length + (chosen.length ? 1 : 0);
    if (used + extra > maxChars) continue;
    chosen.push(x);
    used += extra;
  }
  chosen.sort((a, b) => a.i - b.i);
  return join(chosen.map((x) => x.s));
}
