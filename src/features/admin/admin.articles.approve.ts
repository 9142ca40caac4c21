import type { FastifyRequest } from 'fastify';
import { createArticleWorkflow, type ArticleDetail } from '../articles/index.ts';
import type { Member } from '../members/index.ts';
import { withAutoSummary } from '../submissions/index.ts';
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
 * Publishing a pending submission from 文章管理 (the edit form or a batch 发布) is an approval, whatever
 * the page: the review workflow's own write (refused if someone decided meanwhile), `article.approve`
 * or `article.schedule` in its transaction, then the author's points reward and 站内信 — as
 * /admin/review/<id>/approve does.
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

  async function approve(req: FastifyRequest, me: Member, a: ArticleDetail, patch: ApprovalPatch, extra: Record<string, unknown> = {}): Promise<ArticleDetail> {
    const fields = withAutoSummary({
      title: patch.title ?? a.title,
      summary: patch.summary ?? a.summary,
      body: patch.body ?? a.body,
      category: patch.category ?? a.category.slug,
      tags: patch.tags ?? a.tags,
      source: patch.source ?? a.source,
      original: patch.original ?? a.original,
      cover: patch.cover ?? a.cover,
    });
    const recommendLevel = patch.recommendLevel ?? a.recommendLevel;
    const verified = patch.verified ?? a.verified;
    const now = deps.clock.now().toISOString();
    const publishAt = patch.publishedAt ? new Date(patch.publishedAt).toISOString() : undefined;
    const scheduled = !!publishAt && publishAt > now;
    const action = scheduled ? 'article.schedule' : 'article.approve';
    const detail = { title: fields.title, publishAt: scheduled ? publishAt : null, recommendLevel, verified, ...extra };
    const approved = await workflow.approve(
      a.id,
      {
        fields,
        recommendLevel,
        verified,
        ...(publishAt ? { publishAt, keepPastTime: true } : {}),
        ...(patch.subtitle !== undefined ? { subtitle: patch.subtitle } : {}),
        ...(patch.sourceUrl !== undefined ? { sourceUrl: patch.sourceUrl } : {}),
      },
      { after: (trx, id) => deps.audit.record({ ...actor(req, me), action, targetType: 'article', targetId: id, detail }, trx) },
    );
    await deps.onArticleApproved?.({ id: approved.id, authorId: approved.authorId, title: approved.title });
    if (approved.authorId !== me.id)
      await deps.onDecided?.({
        kind: scheduled ? 'scheduled' : 'approved',
        articleId: approved.id,
        memberId: approved.authorId,
        title: approved.title,
        publishAt: scheduled ? approved.publishedAt : null,
      });
    return (await deps.articles.getAny(a.id)) as ArticleDetail;
  }

  return { approve, workflow };
}

/** True when this write publishes a pending submission: it must go the review way. */
export function isApproval(a: { status: string }, toStatus: unknown): boolean {
  return a.status === 'pending' && toStatus === 'published';
}
