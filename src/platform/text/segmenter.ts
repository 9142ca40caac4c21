// Segmentation: jieba for runs of Han characters, our own rules for Latin letters and digits.
//
// Text is split into runs first: Han runs go to jieba (search mode for `tokens`, plain mode for
// `words`); Latin/number runs are kept whole by a regex, because jieba splits them in unhelpful
// places (v2.0.1 → v2.0 . 1, 120km/h → 120km / h, foo_bar → foo _ bar). All Han runs of a text go to
// jieba in one call (see cutHanRuns). Measured on the build machine, idle: jieba alone 4–6 M
// characters/s on long runs; `tokens` including folding about 2 M characters/s on news text (OpenCC
// is most of the folding cost); both several times slower while the shared CPUs are busy.
//
// Mixed-script rules for search tokens (`tokens`), chosen so a query and a document that write the
// same code differently still share every query token:
// - a Latin/number run is emitted whole in a compact form, with hyphens, underscores and thousands
//   separators removed: HK-3001 → hk3001, 1,000 → 1000; dots and slashes stay: 3.5%, node.js, 120km/h;
// - when the run has several parts, its parts follow: hk3001 → hk, 3001; iphone17 → iphone, 17;
//   3.5% → 3.5; 120km/h → 120, km (one-letter parts are dropped);
// - two runs separated only by spaces are also emitted joined when they look like one name:
//   letters then digits (iPhone 17 → iphone17, HK 3001 → hk3001) or a number then a short unit
//   (120 km/h → 120km/h, 5 G → 5g).
// So "iPhone 17", "iphone17" and "IPHONE-17" all give {iphone17, iphone, 17}.
// - a number followed by a Chinese unit, without a gap or with only spaces between, is also emitted
//   with it (numberWithUnit): 1.2万元 and 1.2 万元 → 1.2, 1.2万元, 1.2万, 万元; 300公里 → 300, 300公里, 公里.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { fold } from './fold.ts';
import { isStopWord } from './stopwords.ts';

export interface Segmenter {
  /**
   * Search-mode tokens of the folded text (the input is folded first; folding is idempotent), for
   * indexing and querying, in text order and with repeats (so callers can count term frequency).
   * Punctuation and whitespace are dropped; stop words are dropped unless every token is a stop
   * word (then they are kept, so a stop-word-only query still finds something). Mixed-script
   * tokens follow the rules at the top of segmenter.ts. Deterministic.
   */
  tokens(text: string): string[];
  /** Plain words of the folded text in order (stop words included, punctuation and whitespace not),
   *  for keywords, summaries and shingles. Latin/number runs are one word each (hk-3001, 3.5%). */
  words(text: string): string[];
  /** Adds words (site tags, category names, admin terms) to the dictionary so that 排雷联盟 becomes
   *  one token. Idempotent and cheap to call again with the full list. The dictionary is shared by
   *  every segmenter in the process (jieba's is loaded once), and words are only ever added. */
  addWords(words: string[]): void;
}

// Loaded on first use (≈200 ms, ~50 MB) and then shared: one dictionary per process.
let shared: Jieba | undefined;
const added = new Set<string>();

export function jieba(): Jieba {
  // The dictionary file is read here, not by importing '@node-rs/jieba/dict.js': that module reads the
  // 5 MB dictionary and the 6 MB IDF table (keywords.ts parses its own copy) at import, i.e. at every
  // server start, and keeps both buffers for the life of the process.
  shared ??= Jieba.withDict(fs.readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt')));
  return shared;
}

// A frequency that makes a custom word beat the split into dictionary words it would otherwise get
// (5 is already enough for 排雷联盟), without being so high that the word swallows its neighbours.
const CUSTOM_WORD_FREQ = 2000;

function addWordsToDictionary(words: string[]): void {
  const lines: string[] = [];
  for (const raw of words) {
    const w = fold(raw).trim();
    // Only Han words go to jieba: Latin and digits never reach it (see the run splitter below).
    if (!w || added.has(w) || !/^\p{Script=Han}+$/u.test(w) || w.length > 20) continue;
    added.add(w);
    const cut = jieba().cut(w, true);
    if (cut.length === 1 && cut[0] === w) continue; // already one word
    lines.push(`${w} ${CUSTOM_WORD_FREQ} nz`); // tagged as a proper noun: site words are names
  }
  if (lines.length) jieba().loadDict(Buffer.from(lines.join('\n') + '\n'));
}

// A Latin/number run: letters (any script with case), digits and combining marks, joined by
// - _ . / + # & (only between alphanumerics), thousands separators, and a trailing % + or #
// (3.5%, c++, c#).
const ALNUM = String.raw`[\p{Ll}\p{Lu}\p{Lt}\p{Mn}\p{Nd}]`;
const LATIN_RUN = String.raw`${ALNUM}+(?:(?:[-_./+#&]|,(?=\d{3}(?!\d)))${ALNUM}+)*[%+#]*`;
const RUN = new RegExp(String.raw`(\p{Script=Han}+)|(${LATIN_RUN})|([\p{L}\p{N}]+)`, 'gu');
// The same pattern for searchTokens's exec loop (its own lastIndex).
const RUN_SCAN = new RegExp(RUN.source, 'gu');

type Run = { kind: 'han' | 'latin' | 'other'; text: string; start: number; end: number };

export function runs(folded: string): Run[] {
  const out: Run[] = [];
  for (const m of folded.matchAll(RUN)) {
    const kind = m[1] ? 'han' : m[2] ? 'latin' : 'other';
    out.push({ kind, text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const PART = /\d+(?:\.\d+)*|\p{L}[\p{L}\p{Mn}]*/gu;

function compact(run: string): string {
  return run.replace(/[-_]|,(?=\d)/g, '');
}

// A run of only digits or only letters has no parts (its one part is the run itself).
const ONE_PART = /^(?:\d+|\p{L}[\p{L}\p{Mn}]*)$/u;

function parts(run: string): string[] {
  if (ONE_PART.test(run)) return [];
  const whole = compact(run);
  const ps = [...run.replace(/,(?=\d)/g, '').matchAll(PART)].map((m) => m[0]);
  return ps.filter((p) => p !== whole && (p.length > 1 || /\d/.test(p)));
}

const LETTERS_END = /\p{L}$/u;
const DIGITS = /^\d+(?:\.\d+)?$/;
// Units written after a number with a space: 5 G, 120 km/h, 64 GB, 1080 p, 3 x.
const UNIT = /^(?:[mk]?g|[cmnk]?m|km\/h|m\/s|[kmgt]?b|[kmg]?hz|k?wh?|mah|v|m?l|mp|fps|rpm|dpi|p|k|x|m?s|h|min)$/;

// A Chinese unit written right after a number (1.2万, 12万平方米, 300公里, 2026年): a magnitude (万, 亿, …)
// and/or a measure word. Longer alternatives first (the regex takes the first that matches).
const HAN_UNIT = new RegExp(
  '^([十百千万亿]+)?(' +
    '平方公里|平方米|立方米|千瓦时|摄氏度|人民币|个百分点|百分点|公里|千米|厘米|毫米|公顷|公斤|千克|毫升|美元|港元|欧元|日元|' +
    '人次|个月|小时|分钟|千瓦|元|块|米|亩|吨|克|斤|升|人|户|家|个|名|位|辆|台|部|架|艘|套|件|张|份|次|倍|岁|年|月|日|天|周|秒|度|瓦|字|项|座|栋|层' +
    ')?',
);
const NUMBER = /^\d+(?:\.\d+)?$/;
const SPACES = /^[ \u3000]+$/;

/**
 * The tokens a number makes with the Chinese unit that follows it (without a gap, or after spaces only): the number with the
 * whole unit and, when the unit has a magnitude, the number with the magnitude alone (1.2万元 → 1.2万元,
 * 1.2万), so 1.2万 is found in 1.2万元 and not in 2万元 or 12万. `number` is the compact run.
 */
export function numberWithUnit(number: string, han: string): string[] {
  if (!NUMBER.test(number)) return [];
  const m = HAN_UNIT.exec(han);
  if (!m || !m[0]) return [];
  return m[1] && m[2] ? [number + m[0], number + m[1]] : [number + m[0]];
}

/** The token two space-separated Latin runs make together, if they look like one name. */
function joined(prev: string, cur: string): string | undefined {
  if (isStopWord(prev) || isStopWord(cur)) return undefined;
  if (LETTERS_END.test(prev) && /^\d/.test(cur) && prev.length >= 2) return prev + cur; // iphone 17
  if (DIGITS.test(prev) && UNIT.test(cur)) return prev + cur; // 120 km/h
  return undefined;
}

function isWordToken(t: string): boolean {
  const c = t.charCodeAt(0);
  if (c >= 0x4e00 && c <= 0x9fff) return true; // CJK unified ideographs (letters): nearly every jieba token
  return /[\p{L}\p{N}]/u.test(t);
}

/**
 * jieba's words for each Han run, from one call for the whole text (about twice as fast as a call
 * per run on real articles, whose runs are short). The runs are joined by spaces, and jieba emits
 * every space as a token of its own, which splits its output back into runs; should that ever not
 * hold, each run is cut on its own.
 */
function cutHanRuns(han: Run[], search: boolean): string[][] {
  if (!han.length) return [];
  const cut = (s: string) => (search ? jieba().cutForSearch(s, true) : jieba().cut(s, true));
  const out: string[][] = [[]];
  for (const t of cut(han.map((r) => r.text).join(' '))) {
    if (t === ' ') out.push([]);
    else if (isWordToken(t)) out[out.length - 1]!.push(t);
  }
  if (out.length === han.length) return out;
  return han.map((r) => cut(r.text).filter(isWordToken));
}

/** A Latin/number run as searchTokens needs it: its text and where it ends in the folded text. */
type LatinRun = { text: string; start: number; end: number };

/**
 * Search tokens in text order, without stop words when `drop` is set (filtered as the tokens are
 * made). The same output as splitting with runs() and cutting the Han runs with cutHanRuns, without
 * building a Run object per Han run (a news article has ~150 runs, nearly all Han).
 */
function searchTokens(folded: string, drop: boolean): string[] {
  // Pass 1: the runs, in order: a Han run as its index into `han`, other runs as themselves.
  const han: string[] = [];
  const seq: Array<number | LatinRun | string> = [];
  // Number-with-unit tokens by the index of the Han run holding the unit (see numberWithUnit).
  const units = new Map<number, string[]>();
  RUN_SCAN.lastIndex = 0;
  for (let m = RUN_SCAN.exec(folded); m; m = RUN_SCAN.exec(folded)) {
    if (m[1]) {
      const before = seq[seq.length - 1];
      const k = han.push(m[1]) - 1;
      // Written without a gap (1.2万元) or with spaces only (1.2 万元, 2026 年: full-width spaces are ASCII
      // ones after folding), as the Latin joined() rule allows; not across punctuation or a line break.
      if (typeof before === 'object' && (before.end === m.index || SPACES.test(folded.slice(before.end, m.index)))) {
        const u = numberWithUnit(compact(before.text), m[1]);
        if (u.length) units.set(k, u);
      }
      seq.push(k);
    } else if (m[2]) seq.push({ text: m[2], start: m.index, end: m.index + m[2].length });
    else seq.push(m[0]);
  }
  // Pass 2: jieba over all Han runs at once; `starts[k]` is where run k's words begin in `cut`.
  let cut: string[] = [];
  let starts: number[] = [];
  let perRun: string[][] | undefined;
  if (han.length) {
    cut = jieba().cutForSearch(han.join(' '), true);
    starts = [0];
    for (let i = 0; i < cut.length; i++) if (cut[i] === ' ') starts.push(i + 1);
    if (starts.length !== han.length) perRun = han.map((r) => jieba().cutForSearch(r, true));
    starts.push(cut.length + 1);
  }
  const out: string[] = [];
  const push = (t: string) => {
    if (!drop || !isStopWord(t)) out.push(t);
  };
  let prev: LatinRun | undefined;
  for (const r of seq) {
    if (typeof r === 'number') {
      for (const t of units.get(r) ?? []) push(t);
      if (perRun) {
        for (const t of perRun[r] as string[]) if (isWordToken(t)) push(t);
      } else {
        const end = (starts[r + 1] as number) - 1;
        for (let i = starts[r] as number; i < end; i++) {
          const t = cut[i] as string;
          if (isWordToken(t)) push(t);
        }
      }
      prev = undefined;
    } else if (typeof r === 'string') {
      push(r);
      prev = undefined;
    } else {
      const whole = compact(r.text);
      push(whole);
      for (const p of parts(r.text)) push(p);
      if (prev && /^ +$/.test(folded.slice(prev.end, r.start))) {
        const j = joined(compact(prev.text), whole);
        if (j) push(j);
      }
      prev = r;
    }
  }
  return out;
}

function plainWords(folded: string): string[] {
  const all = runs(folded);
  const han = cutHanRuns(
    all.filter((r) => r.kind === 'han'),
    false,
  );
  const out: string[] = [];
  let h = 0;
  for (const r of all) {
    // One push per word: spreading a run's words into push() overflows the stack on a long unbroken run.
    if (r.kind === 'han') for (const w of han[h++] ?? []) out.push(w);
    else out.push(r.text);
  }
  return out;
}

export function createSegmenter(opts: { words?: string[] } = {}): Segmenter {
  if (opts.words?.length) addWordsToDictionary(opts.words);
  return {
    tokens(text) {
      const folded = fold(text);
      const kept = searchTokens(folded, true);
      return kept.length ? kept : searchTokens(folded, false);
    },
    words(text) {
      return plainWords(fold(text));
    },
    addWords(words) {
      addWordsToDictionary(words);
    },
  };
}
