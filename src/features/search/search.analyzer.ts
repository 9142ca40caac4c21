import { fold, createSegmenter, isStopWord, type Segmenter } from '../../platform/text/index.ts';

/** Segmented fields of one article, as the index stores them (tokens, repeats kept for term frequency). */
export interface AnalyzedFields {
  title: string[];
  summary: string[];
  tags: string[];
  body: string[];
  /** The same tokens space-joined, when the fields came that way from a worker thread (see splitFields). */
  joined?: JoinedFields;
}

/** What the analyzer reads of an article. */
export interface IndexItem {
  title: string;
  subtitle?: string;
  summary: string;
  tags: string[];
  text: string;
}

/**
 * The same fields with their tokens space-joined (title, summary, tags, body): what the rebuild's
 * worker threads send back, and what FTS5 stores. Tokens never contain a space, so this is lossless.
 */
export type JoinedFields = [title: string, summary: string, tags: string, body: string];

const split = (s: string): string[] => (s ? s.split(' ') : []);

/**
 * Fields from joined strings (four from `at`), keeping them in `joined`: the SQLite index stores
 * them as they are; token arrays are split off only when read (the PostgreSQL index).
 */
export function splitFields(j: readonly string[], at = 0): AnalyzedFields {
  const joined: JoinedFields = [j[at] ?? '', j[at + 1] ?? '', j[at + 2] ?? '', j[at + 3] ?? ''];
  return {
    joined,
    get title() {
      return split(joined[0]);
    },
    get summary() {
      return split(joined[1]);
    },
    get tags() {
      return split(joined[2]);
    },
    get body() {
      return split(joined[3]);
    },
  };
}

/**
 * A parsed query: an AND (or, relaxed, an OR) of clauses; each clause is satisfied by any one of its
 * alternatives, an alternative being tokens that must all occur. A query word the index may hold
 * either whole or only in pieces (it became a dictionary word after older articles were indexed, or
 * the text segmented differently around it) is one clause: `排雷联盟 OR (排雷 AND 联盟)`.
 */
export interface QueryPlan {
  clauses: string[][][];
  /** Folded strings to highlight in titles and snippets, longest first. */
  highlight: string[];
}

const compactRun = (w: string) => w.replace(/[-_]|,(?=\d)/g, '');

/**
 * A number word and the words after it that the segmenter joined into one token with it (1.2 万 →
 * 1.2万, 120 km/h → 120km/h, 1,000 人 → 1000人): the longest such token of the query and the index of
 * its last word. `tokens` are the query's tokens, so only what was written without a gap (or with the
 * spaces the unit rules allow) is joined.
 */
function numberWithUnit(words: string[], i: number, tokens: Set<string>): { word: string; last: number } | undefined {
  const first = words[i] as string;
  if (!/^\d/.test(first)) return undefined;
  const head = compactRun(first);
  let rest = '';
  let best: { word: string; last: number } | undefined;
  for (let j = i + 1; j < words.length && rest.length < 16; j++) {
    rest += compactRun(words[j] as string);
    if (tokens.has(head + rest)) best = { word: head + rest, last: j };
  }
  return best;
}

/** Longest indexed body text per article: enough for any real article, bounded for pasted books. */
const MAX_BODY_CHARS = 60_000;

/** Segmentation for the index and for queries; both sides must use the same one (ADR 0006). */
export function createAnalyzer(seg: Segmenter = createSegmenter()) {
  function fields(a: IndexItem): AnalyzedFields {
    return {
      // Titles keep their stop words too, so a query made only of stop words (的, the) still finds titles.
      title: [...seg.tokens(a.title), ...seg.words(a.title).filter(isStopWord)],
      // The subtitle ranks with the summary: both say what the article is about in a line.
      summary: seg.tokens(a.subtitle ? `${a.subtitle}\n${a.summary}` : a.summary),
      tags: a.tags.flatMap((t) => seg.tokens(t)),
      body: seg.tokens(a.text.length > MAX_BODY_CHARS ? a.text.slice(0, MAX_BODY_CHARS) : a.text),
    };
  }

  function joinedFields(a: IndexItem): JoinedFields {
    const f = fields(a);
    return [f.title.join(' '), f.summary.join(' '), f.tags.join(' '), f.body.join(' ')];
  }

  // Pieces admin terms were cut into before they entered the dictionary (recorded when added): articles
  // indexed before still hold those pieces until they are re-indexed (search.index-jobs.ts).
  const legacy = new Map<string, string[]>();
  // The site's own words (tags, category names, terms): articles written before one of them existed hold
  // it in pieces, so a query for it also accepts pieces covering it (see `covering`).
  const custom = new Set<string>();

  /**
   * The alternative to the whole word `w`: pieces that together cover every character of it, so an
   * article holding the word cut into pieces still matches, and one holding only some piece does not.
   * Han words: the word's own search-mode pieces, the gaps between them cut as words (湖滨站 → 湖滨 站,
   * 恒科电子 → 恒科 电子). Other runs (hk3001 → hk 3001): the parts must cover its letters and digits.
   */
  function covering(w: string, pieces: string[]): string[] | undefined {
    if (!pieces.length) return undefined;
    if (!/^\p{Script=Han}+$/u.test(w)) {
      let left = w.replace(/[^\p{L}\p{N}]/gu, '');
      for (const p of [...pieces].sort((a, b) => b.length - a.length)) left = left.replace(p.replace(/[^\p{L}\p{N}]/gu, ''), '');
      return left.length <= 1 && !/\d/.test(left) ? pieces : undefined;
    }
    // Longest pieces first, left to right, without overlaps; the gaps are cut on their own.
    const taken: Array<[number, number, string]> = [];
    for (const p of [...pieces].sort((a, b) => b.length - a.length)) {
      for (let at = w.indexOf(p); at >= 0; at = w.indexOf(p, at + 1)) {
        if (taken.some(([s, e]) => at < e && at + p.length > s)) continue;
        taken.push([at, at + p.length, p]);
        break;
      }
    }
    taken.sort((a, b) => a[0] - b[0]);
    const out: string[] = [];
    let at = 0;
    // Stop words in a gap are not indexed either: they cannot be required.
    const gap = (s: string) => {
      if (s) for (const x of seg.words(s)) if (!isStopWord(x)) out.push(x);
    };
    for (const [s, e, p] of taken) {
      gap(w.slice(at, s));
      out.push(p);
      at = e;
    }
    gap(w.slice(at));
    const uniq = [...new Set(out)];
    return uniq.length > 1 ? uniq : undefined;
  }

  function plan(q: string): QueryPlan {
    const folded = fold(q);
    const all = new Set(seg.tokens(folded));
    const clauses: string[][][] = [];
    const used = new Set<string>();
    const highlight = new Set<string>();
    const seen = new Set<string>();
    // Pieces of numbers (120 and km of 120km/h, 万 of 1.2万): neither required nor marked on their own.
    const pieces = new Set<string>();
    const wordTokens = new Set<string>();
    const words = seg.words(folded);
    for (let i = 0; i < words.length; i++) {
      let w = words[i] as string;
      const unit = numberWithUnit(words, i, all);
      if (unit) {
        // Marked however an article writes it (1,000人 or 1,000 人, 120km/h or 120 km/h); the joined words'
        // own tokens are pieces.
        const span = words.slice(i, unit.last + 1);
        highlight.add(span.join(''));
        highlight.add(span.join(' '));
        for (const t of seg.tokens(span.join(' '))) if (t !== unit.word) pieces.add(t);
        w = unit.word;
        i = unit.last;
      }
      const toks = [...new Set(seg.tokens(w))].filter((t) => all.has(t));
      if (!toks.length) continue; // a stop word or punctuation
      highlight.add(w);
      const longest = toks.reduce((a, b) => (b.length > a.length ? b : a));
      for (const t of toks) used.add(t);
      const alts: string[][] = [[longest]];
      const add = (g: string[] | undefined) => {
        if (g?.length && !alts.some((a) => a.length === g.length && a.every((x, i) => x === g[i]))) alts.push(g);
      };
      if (/^\d/.test(longest)) {
        // A number is one term, with its unit or decimals (1.2万, 120km/h, 5g, 3.5%): its pieces are no
        // alternative (120 and km anywhere in an article are not 120km/h, 万 alone is not 1.2万).
        for (const t of toks) if (t !== longest) pieces.add(t);
      } else {
        for (const t of toks) wordTokens.add(t);
        // A dictionary word was always cut the same way: pieces are an alternative only when they are words
        // themselves (中国科学院 → 中国 科学院), not a lone character (志愿者 → 志愿 者: 者 is in half the index).
        const cover = covering(
          longest,
          toks.filter((t) => t !== longest),
        );
        if (cover && (custom.has(longest) || !cover.some((x) => [...x].length === 1 && /\p{Script=Han}/u.test(x)))) add(cover);
      }
      add(legacy.get(longest));
      const key = JSON.stringify(alts);
      if (seen.has(key)) continue;
      seen.add(key);
      clauses.push(alts);
    }
    // Tokens no word produced (e.g. every word was a stop word): each must occur.
    if (!clauses.length) for (const t of all) if (!used.has(t)) clauses.push([[t]]);
    for (const t of all) if (!pieces.has(t) || wordTokens.has(t)) highlight.add(t);
    return { clauses, highlight: [...highlight].filter(Boolean).sort((a, b) => b.length - a.length) };
  }

  /**
   * Adds admin terms to the dictionary, first noting the pieces each was cut into until now: queries
   * for the term also match those pieces, so articles indexed before it was added stay findable.
   */
  function addTerms(words: string[]): void {
    for (const raw of words) {
      const w = fold(raw).trim();
      if (!w || legacy.has(w)) continue;
      const before = [...new Set(seg.tokens(w))];
      if (before.length > 1 || before[0] !== w) {
        if (legacy.size >= 10_000) legacy.delete(legacy.keys().next().value as string);
        legacy.set(w, before);
      }
    }
    addWords(words);
  }

  function addWords(words: string[]): void {
    for (const w of words) if (custom.size < 100_000) custom.add(fold(w).trim());
    seg.addWords(words);
  }

  return { fields, joinedFields, plan, addTerms, addWords, words: (s: string) => seg.words(s) };
}

export type Analyzer = ReturnType<typeof createAnalyzer>;
