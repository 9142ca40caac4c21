import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';

export interface SearchTerm {
  id: number;
  term: string;
  createdAt: string;
}

/** Admin-added dictionary words: names the segmenter should keep whole (排雷联盟). */
export function createSearchTerms(deps: { db: Db; clock: Clock; onAdd: (words: string[]) => void }) {
  const { db, clock } = deps;

  async function list(): Promise<SearchTerm[]> {
    const rows = await db.selectFrom('search_terms').select(['id', 'term', 'created_at']).orderBy('term').execute();
    return rows.map((r) => ({ id: r.id, term: r.term, createdAt: r.created_at }));
  }

  return {
    list,
    async words(on: Db = db): Promise<string[]> {
      return (await on.selectFrom('search_terms').select('term').execute()).map((r) => r.term);
    },
    async add(raw: string, actorId: number): Promise<SearchTerm> {
      const term = raw.normalize('NFKC').replace(/\s+/g, '').trim();
      if (!term || [...term].length > 20 || !/[\p{L}\p{N}]/u.test(term)) throw new ValidationError({ term: t.search.terms.invalid });
      if (await db.selectFrom('search_terms').select('id').where('term', '=', term).executeTakeFirst())
        throw new ConflictError(t.search.terms.exists, 'search_term_exists');
      const row = await db
        .insertInto('search_terms')
        .values({ term, created_by: actorId, created_at: clock.now().toISOString() })
        .returning(['id', 'term', 'created_at'])
        .executeTakeFirstOrThrow();
      deps.onAdd([term]);
      return { id: row.id, term: row.term, createdAt: row.created_at };
    },
    /** Removes the word from the list; the running segmenter keeps it until the next start (jieba only adds). */
    async remove(id: number): Promise<SearchTerm> {
      const row = await db.selectFrom('search_terms').select(['id', 'term', 'created_at']).where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError(t.search.terms.notFound, 'search_term_not_found');
      await db.deleteFrom('search_terms').where('id', '=', id).execute();
      return { id: row.id, term: row.term, createdAt: row.created_at };
    },
  };
}

export type SearchTerms = ReturnType<typeof createSearchTerms>;
