import type { Db } from '../../platform/db/index.ts';
import { ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { ArticleWorkflow } from '../articles/index.ts';

const s = t.submissions;

/**
 * What the pending-copy check needs of the search feature's originality service (structural, so this
 * feature does not import search): the text's fingerprint and the closest fingerprinted articles of
 * any status but deleted. Every article write keeps its fingerprint, submissions in the queue too.
 */
export interface SimilarArticles {
  fingerprintOf(a: { title: string; text: string }): { signature: Uint32Array; bands: number[]; shingles: Set<number> };
  lookup(
    db: Db,
    fp: { signature: Uint32Array; bands: number[]; size: number; shingles?: Set<number> },
    opts?: { excludeId?: number },
  ): Promise<Array<{ id: number; title: string; authorId: number; isPublic: boolean; similarity: number; jaccard: number }>>;
}

/** The copy rule of the originality check (search's checkSubmission), applied to texts not yet public. */
const isCopy = (m: { similarity: number; jaccard: number }) => m.jaccard >= 0.8 || (m.similarity >= 0.95 && m.jaccard >= 0.6);

/**
 * Refuses a text sent for review that copies a submission already waiting in the queue (the member's
 * own or another's) or an approved article not yet public (scheduled): the published-article check
 * cannot see those, so the same text sent twice would otherwise be approved twice. Another member's
 * submission is not named (it is not public).
 */
export function createPendingCopyCheck(deps: { db: Db; similar?: Partial<SimilarArticles> | undefined; workflow: Pick<ArticleWorkflow, 'article'> }) {
  return async function refusePendingCopy(input: { title: string; text: string; authorId: number; articleId?: number }): Promise<void> {
    const { fingerprintOf, lookup } = deps.similar ?? {};
    if (!fingerprintOf || !lookup) return;
    const fp = fingerprintOf({ title: input.title, text: input.text });
    const matches = await lookup(deps.db, { ...fp, size: fp.shingles.size }, input.articleId !== undefined ? { excludeId: input.articleId } : {});
    for (const m of matches) {
      if (m.isPublic || !isCopy(m)) continue;
      const a = await deps.workflow.article(m.id);
      if (!a || (a.status !== 'pending' && a.status !== 'published')) continue;
      const msg = a.authorId === input.authorId ? format(s.errDuplicateOwnPending, { title: a.title }) : s.errDuplicatePending;
      throw new ValidationError({ body: msg }, msg);
    }
  };
}
