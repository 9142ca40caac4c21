import type { FastifyRequest } from 'fastify';
import { createArticleWorkflow, isMemberDraftRow, type ArticleDetail } from '../articles/index.ts';
import { isStaff, type Member } from '../members/index.ts';
import { approveSubmission, APPROVABLE_STATUSES } from '../review/index.ts';
import { actor, type AdminDeps } from './admin.shared.tsx';

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

/** True when this write publishes a member's submission (waiting, or turned down earlier): it must go the review way. */
export function isApproval(a: { status: string }, toStatus: unknown): boolean {
  return APPROVABLE_STATUSES.includes(a.status) && toStatus === 'published';
}

/**
 * A member's draft was never sent for review: 文章管理 cannot publish it behind their back (they would get
 * no notice and no review). Drafts staff wrote (their own, or under a member's byline through 添加文章, the
 * API or an import) publish as before.
 */
export async function isMemberDraft(deps: Pick<AdminDeps, 'dbh'>, a: ArticleDetail): Promise<boolean> {
  return a.status === 'draft' && !isStaff(a.author.role) && (await isMemberDraftRow(deps.dbh.db, a.id));
}
