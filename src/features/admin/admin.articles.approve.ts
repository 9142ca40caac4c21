import type { FastifyRequest } from 'fastify';
import { createArticleWorkflow, submissionOrigin, type ArticleDetail } from '../articles/index.ts';
import { isStaff, type Member } from '../members/index.ts';
import { approveSubmission, APPROVABLE_STATUSES } from '../review/index.ts';
import { actor, s, type AdminDeps } from './admin.shared.tsx';

/** 文章管理's dependencies (the console's, with the review hooks main.ts passes to registerAdmin). */
export type ArticleAdminDeps = AdminDeps;

/** What the edit form or a batch action changes while publishing (the form's validated patch). */
export interface ApprovalPatch {
  title?: string;
  subtitle?: string;
  summary?: string;
  body?: string;
  category?: string;
  tags?: string[];
  cover?: string;
  source?: string;
  sourceUrl?: string;
  original?: boolean;
  recommendLevel?: number;
  verified?: boolean;
  publishedAt?: string;
}

/**
 * Publishing a member's submission from 文章管理 (the edit form or a batch 发布) is an approval, whatever
 * the page: review's own routine (`approveSubmission`: copy check, the guarded write with
 * `article.approve` / `article.schedule` audited in its transaction, points reward, 站内信 saying whether
 * the editor changed it), so the two paths cannot drift. `confirmCopy`: the editor ticked 仍然发布.
 */
export function createAdminApproval(deps: ArticleAdminDeps) {
  const workflow = createArticleWorkflow({
    dbh: deps.dbh,
    clock: deps.clock,
    categories: deps.categories,
    members: deps.members,
    purge: (tags) => void deps.cache.purge(tags),
    articleIndexer: deps.articleIndexer,
  });
  const approvalDeps = { ...deps, workflow };

  async function approve(
    req: FastifyRequest,
    me: Member,
    a: ArticleDetail,
    patch: ApprovalPatch,
    opts: { confirmCopy?: boolean; detail?: Record<string, unknown> } = {},
  ): Promise<ArticleDetail> {
    await approveSubmission(approvalDeps, me, a.id, {
      fields: {
        title: patch.title ?? a.title,
        summary: patch.summary ?? a.summary,
        body: patch.body ?? a.body,
        category: patch.category ?? a.category.slug,
        tags: patch.tags ?? a.tags,
        source: patch.source ?? a.source,
        original: patch.original ?? a.original,
        cover: patch.cover ?? a.cover,
      },
      recommendLevel: patch.recommendLevel ?? a.recommendLevel,
      verified: patch.verified ?? a.verified,
      ...(patch.publishedAt ? { publishAt: new Date(patch.publishedAt).toISOString(), keepPastTime: true } : {}),
      ...(patch.subtitle !== undefined ? { subtitle: patch.subtitle } : {}),
      ...(patch.sourceUrl !== undefined ? { sourceUrl: patch.sourceUrl } : {}),
      confirmCopy: opts.confirmCopy === true,
      ip: actor(req, me).ip ?? '',
      ...(opts.detail ? { detail: opts.detail } : {}),
    });
    return (await deps.articles.getAny(a.id)) as ArticleDetail;
  }

  return { approve, workflow };
}

/** What a status change made in 文章管理 means for this article. */
export type StatusMove = { kind: 'approve' } | { kind: 'edit' } | { kind: 'refuse'; reason: string };

/**
 * The rules of a status change in 文章管理 for a member's article (staff's own articles are plain edits):
 * a member's unsent draft (`member_draft`) is theirs and does not leave 草稿 here; a submission that was
 * sent for review and never published (waiting, or 未通过) is published only as an approval (review's
 * routine: copy check, reward, 站内信) and sent back only on the review page, where the member is told why.
 * Anything else, e.g. an article taken down after a report, is a plain edit that keeps its date.
 */
export async function statusMove(deps: Pick<AdminDeps, 'dbh'>, a: ArticleDetail, to: string | undefined): Promise<StatusMove> {
  if (to === undefined || to === a.status) return { kind: 'edit' };
  // 已退回 is a review decision with a reason the author reads; a live article is taken off with 草稿 (下架).
  if (a.status === 'published' && to === 'rejected') return { kind: 'refuse', reason: s.e.liveToRejected };
  if (isStaff(a.author.role)) return { kind: 'edit' };
  const origin = await submissionOrigin(deps.dbh.db, a.id);
  if (origin.memberDraft && to !== 'deleted') return { kind: 'refuse', reason: s.e.memberDraft };
  if (origin.unpublishedSubmission && APPROVABLE_STATUSES.includes(a.status) && to !== 'deleted') {
    return to === 'published' ? { kind: 'approve' } : { kind: 'refuse', reason: s.e.submissionToReview };
  }
  return { kind: 'edit' };
}
