import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fold, isStopWord } from '../../platform/text/index.ts';
import { format, t } from '../../strings/index.ts';
import { tagVocabulary } from '../articles/index.ts';

const s = t.search.terms;

export interface SearchTerm {
  id: number;
  term: string;
  createdAt: string;
}

export interface TermPage {
  terms: SearchTerm[];
  /** Terms matching the filter (all terms without one). */
  total: number;
  page: number;
  pages: number;
}

export const TERMS_PER_PAGE = 50;
const MAX_TERM_CHARS = 20;

const invalid = (message: string) => new ValidationError({ term: message }, message);

/**
 * Admin-added dictionary words: names the segmenter should keep whole (排雷联盟). Only words that
 * change segmentation are taken: Han words of two characters or more (jieba sees nothing else; letters
 * and digits are kept whole by the segmenter's own rules), not stop words, not a Traditional/Simplified
 * twin of a term already listed, not a category name or tag (those join the dictionary by themselves).
 */
export function createSearchTerms(deps: { db: Db; clock: Clock; categoryNames: () => Promise<string[]> }) {
  const { db, clock } = deps;

  async function all(): Promise<SearchTerm[]> {
    const rows = await db.selectFrom('search_terms').select(['id', 'term', 'created_at']).orderBy('term').execute();
    return rows.map((r) => ({ id: r.id, term: r.term, createdAt: r.created_at }));
  }

  /** The term as stored, or a ValidationError / ConflictError saying why it is refused. */
  async function validate(raw: string): Promise<string> {
    const term = raw.normalize('NFKC').trim();
    if (!term || !/[\p{L}\p{N}]/u.test(term)) throw invalid(s.invalid);
    if (/\s/.test(term)) throw invalid(s.noSpaces);
    if (/[<>&]/.test(term)) throw invalid(s.noMarkup);
    if (!/^\p{Script=Han}+$/u.test(term)) throw invalid(s.hanOnly);
    const chars = [...term].length;
    if (chars < 2) throw invalid(s.tooShort);
    if (chars > MAX_TERM_CHARS) throw invalid(s.invalid);
    const folded = fold(term);
    if (isStopWord(folded)) throw invalid(format(s.stopWord, { term }));
    const twin = (await all()).find((x) => fold(x.term) === folded);
    if (twin) throw new ConflictError(twin.term === term ? s.exists : format(s.existsFolded, { term: twin.term }), 'search_term_exists');
    if ((await deps.categoryNames()).some((n) => fold(n) === folded)) throw invalid(format(s.isCategory, { term }));
    if ((await tagVocabulary(db)).some((n) => fold(n) === folded)) throw invalid(format(s.isTag, { term }));
    return term;
  }

  return {
    /** One page of the list, optionally only terms containing `q` (folded: 電子 finds 电子). */
    async list(opts: { q?: string; page?: number; perPage?: number } = {}): Promise<TermPage> {
      const per = opts.perPage ?? TERMS_PER_PAGE;
      const needle = fold(opts.q ?? '').trim();
      const matching = needle ? (await all()).filter((x) => fold(x.term).includes(needle)) : await all();
      const pages = Math.max(1, Math.ceil(matching.length / per));
      const page = Math.min(Math.max(1, Math.trunc(opts.page ?? 1)), pages);
      return { terms: matching.slice((page - 1) * per, page * per), total: matching.length, page, pages };
    },
    async words(on: Db = db): Promise<string[]> {
      return (await on.selectFrom('search_terms').select('term').execute()).map((r) => r.term);
    },
    async add(raw: string, actorId: number): Promise<SearchTerm> {
      const term = await validate(raw);
      try {
        const row = await db
          .insertInto('search_terms')
          .values({ term, created_by: actorId, created_at: clock.now().toISOString() })
          .returning(['id', 'term', 'created_at'])
          .executeTakeFirstOrThrow();
        return { id: row.id, term: row.term, createdAt: row.created_at };
      } catch (e) {
        // Another admin (on another instance, say) added it between the check and the insert: the unique
        // index refused this one, which is the same answer as the check's.
        if (await db.selectFrom('search_terms').select('id').where('term', '=', term).executeTakeFirst())
          throw new ConflictError(s.exists, 'search_term_exists');
        throw e;
      }
    },
    /** Removes the word from the list; the running segmenter keeps it until the next start (jieba only adds). */
    async remove(id: number): Promise<SearchTerm> {
      const row = await db.selectFrom('search_terms').select(['id', 'term', 'created_at']).where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError(s.notFound, 'search_term_not_found');
      await db.deleteFrom('search_terms').where('id', '=', id).execute();
      return { id: row.id, term: row.term, createdAt: row.created_at };
    },
  };
}

export type SearchTerms = ReturnType<typeof createSearchTerms>;
