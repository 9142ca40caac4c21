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

  function plan(q: string): QueryPlan {
    const folded = fold(q);
    const all = new Set(seg.tokens(folded));
    const clauses: string[][][] = [];
    const used = new Set<string>();
    const highlight = new Set<string>();
    for (const w of seg.words(folded)) {
      const toks = [...new Set(seg.tokens(w))].filter((t) => all.has(t));
      if (!toks.length) continue; // a stop word or punctuation
      highlight.add(w);
      const longest = toks.reduce((a, b) => (b.length > a.length ? b : a));
      const rest = toks.filter((t) => t !== longest);
      for (const t of toks) used.add(t);
      const key = JSON.stringify([longest, rest]);
      if (clauses.some((c) => JSON.stringify([c[0]?.[0], c[1] ?? []]) === key)) continue;
      clauses.push(rest.length ? [[longest], rest] : [[longest]]);
    }
    // Tokens no word produced (e.g. every word was a stop word): each must occur.
    if (!clauses.length) for (const t of all) if (!used.has(t)) clauses.push([[t]]);
    for (const t of all) highlight.add(t);
    return { clauses, highlight: [...highlight].filter(Boolean).sort((a, b) => b.length - a.length) };
  }

  return { fields, joinedFields, plan, addWords: (words: string[]) => seg.addWords(words), words: (s: string) => seg.words(s) };
}

export type Analyzer = ReturnType<typeof createAnalyzer>;
