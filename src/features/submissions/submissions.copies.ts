import { ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { ArticleWorkflow } from '../articles/index.ts';
import { isCopyMatch } from '../search/index.ts';

const s = t.submissions;

/**
 * An article close to the text, as the originality check's lookup found it (any status but deleted:
 * every article write keeps its fingerprint, submissions in the queue too).
 */
export interface CopyCandidate {
  id: number;
  isPublic: boolean;
  similarity: number;
  jaccard: number;
}

/**
 * Refuses a text sent for review that copies a submission already waiting in the queue (the member's
 * own or another's) or an approved article not yet public (scheduled): the published-article check
 * cannot see those, so the same text sent twice would otherwise be approved twice. Another member's
 * submission is not named (it is not public). `matches` are the published-article check's own lookup
 * results (one fingerprint, one lookup per write), judged by the same copy rule (search's isCopyMatch).
 */
export function createPendingCopyCheck(deps: { workflow: Pick<ArticleWorkflow, 'article'> }) {
  return async function refusePendingCopy(input: { authorId: number }, matches: readonly CopyCandidate[]): Promise<void> {
    for (const m of matches) {
      if (m.isPublic || !isCopyMatch(m)) continue;
      const a = await deps.workflow.article(m.id);
      if (!a || (a.status !== 'pending' && a.status !== 'published')) continue;
      const msg = a.authorId === input.authorId ? format(s.errDuplicateOwnPending, { title: a.title }) : s.errDuplicatePending;
      throw new ValidationError({ body: msg }, msg);
    }
  };
}
