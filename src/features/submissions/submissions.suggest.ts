import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { htmlToText } from '../../platform/html/sanitize.ts';
import { createSegmenter, defaultIdf, fold, summarize, tfidfKeywords } from '../../platform/text/index.ts';
import { tagVocabulary, type SubmissionFields } from '../articles/index.ts';
import type { Categories } from '../categories/index.ts';

/** 核心提示 written from the body's own sentences when the author left it empty (≤ 120 characters). */
export function withAutoSummary<F extends Pick<SubmissionFields, 'summary' | 'body'>>(f: F): F {
  return f.summary.trim() ? f : { ...f, summary: summarize(htmlToText(f.body)) };
}

export interface TagText {
  title: string;
  summary: string;
  /** HTML or plain text. */
  body: string;
  /** Tags already chosen: never suggested again. */
  tags: string[];
}

export interface TagSuggester {
  /** Up to 8 tags (3 or more when the text has that many topical words), best first. */
  suggest(text: TagText): Promise<string[]>;
}

const MAX_SUGGESTIONS = 8;
const VOCABULARY_TTL_MS = 10 * 60_000;
// A word that is already a tag on the site is preferred: suggestions then reuse the site's tags
// instead of near-synonyms, and the tag pages stay full.
const SITE_TAG_BOOST = 1.5;

/**
 * Tag suggestions from TF-IDF keywords of the title (counted three times: it names the topic),
 * summary and body. IDF is jieba's built-in table; the site's tags and category names join the
 * segmenter's dictionary so that multi-character names stay whole. The vocabulary is read from the
 * database at most every ten minutes.
 */
export function createTagSuggester(deps: { db: Db; categories: Categories; clock: Clock }): TagSuggester {
  const seg = createSegmenter();
  let vocabulary: { at: number; byFolded: Map<string, string> } | undefined;

  async function siteTags(): Promise<Map<string, string>> {
    const now = deps.clock.now().getTime();
    if (vocabulary && now - vocabulary.at < VOCABULARY_TTL_MS) return vocabulary.byFolded;
    const [tags, cats] = await Promise.all([tagVocabulary(deps.db, 20_000), deps.categories.all()]);
    seg.addWords([...tags, ...cats.map((c) => c.name)]);
    const byFolded = new Map<string, string>();
    for (const tag of tags) if (!byFolded.has(fold(tag))) byFolded.set(fold(tag), tag);
    vocabulary = { at: now, byFolded };
    return byFolded;
  }

  return {
    async suggest(t) {
      // The form's own limits bound the work (jieba does ~4 M characters/s).
      const title = t.title.slice(0, 200);
      const body = htmlToText(t.body.slice(0, 500_000));
      const text = [title, title, title, t.summary.slice(0, 500), body].filter((x) => x.trim()).join('\n');
      if (!text) return [];
      const site = await siteTags();
      const idf = (w: string) => (site.has(w) ? defaultIdf(w) * SITE_TAG_BOOST : undefined);
      const taken = new Set(t.tags.slice(0, 50).map((x) => fold(x).trim()));
      const out: string[] = [];
      for (const k of tfidfKeywords(seg, text, MAX_SUGGESTIONS * 2, idf, { nounsOnly: true })) {
        if (taken.has(k.word)) continue;
        taken.add(k.word);
        out.push(site.get(k.word) ?? k.surface);
        if (out.length === MAX_SUGGESTIONS) break;
      }
      return out;
    },
  };
}
