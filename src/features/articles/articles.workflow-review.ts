import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { sanitizeRichText } from '../../platform/html/sanitize.ts';
import type { Article } from './articles.model.ts';
import { splitPages, type ArticleDetail } from './articles.service.ts';
import type { SubmissionFields, WorkflowArticle } from './articles.workflow-reads.ts';
import { changed, type TxHooks, type WorkflowCore } from './articles.workflow-core.ts';
import { t } from '../../strings/index.ts';

export interface ApproveInput {
  fields: SubmissionFields;
  recommendLevel: number;
  verified: boolean;
  /** ISO instant; a future one schedules the article, anything else publishes now. */
  publishAt?: string;
  /** A past `publishAt` is kept as the publication time (an editor's backdating in 文章管理) instead of now. */
  keepPastTime?: boolean;
  /** Columns only the admin console's form writes (the review form leaves them as they are). */
  subtitle?: string;
  sourceUrl?: string;
  /** The status being decided: a pending submission, or one turned down earlier that staff now publish. */
  from?: 'pending' | 'rejected';
}

/** The editors' side of the workflow: decisions on submissions and revisions, and previews. */
export function createReviewDecisions(core: WorkflowCore) {
  const { dbh, categories, members, repo, reads, nowIso, purgeIfPublic, prepare, columns, reload, sync } = core;

  /** An editor publishes a pending (or earlier rejected) submission, with their edits, now or at a later time. */
  async function approve(id: number, input: ApproveInput, hooks: TxHooks = {}): Promise<WorkflowArticle> {
    const from = input.from ?? 'pending';
    const cur = await reload(id);
    if (cur.status !== from) throw changed();
    const p = await prepare(input.fields, undefined, input.recommendLevel);
    const now = nowIso();
    const publishedAt = input.publishAt && (input.publishAt > now || input.keepPastTime) ? input.publishAt : now;
    await dbh.tx(async (trx) => {
      const r = await trx
        .updateTable('articles')
        .set({
          ...columns(p),
          ...(input.subtitle !== undefined ? { subtitle: input.subtitle } : {}),
          ...(input.sourceUrl !== undefined ? { source_url: input.sourceUrl } : {}),
          recommend_level: input.recommendLevel,
          verified: input.verified ? 1 : 0,
          status: 'published',
          published_at: publishedAt,
          reject_reason: '',
          member_draft: 0,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      if (!Number(r.numUpdatedRows)) throw changed();
      await repo.setTags(trx, id, p.tags);
      await sync(trx, id);
      await hooks.after?.(trx, id);
    });
    const a = await reload(id);
    await purgeIfPublic(a, await repo.tagNames(id)); // a scheduled one is purged by the release job
    return a;
  }

  /** An editor turns a pending submission down; the member sees the reason. Nothing public changes. */
  async function reject(id: number, reason: string, hooks: TxHooks = {}): Promise<void> {
    await dbh.tx(async (trx) => {
      const r = await trx
        .updateTable('articles')
        .set({ status: 'rejected', reject_reason: reason, updated_at: nowIso() })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (!Number(r.numUpdatedRows)) throw changed();
      await sync(trx, id);
      await hooks.after?.(trx, id);
    });
  }

  /** Apply a pending revision to its live article. */
  async function approveRevision(revId: number, reviewerId: number, hooks: TxHooks = {}): Promise<WorkflowArticle> {
    const rev = await reads.revision(revId);
    if (!rev || rev.status !== 'pending') throw changed();
    const cur = await reload(rev.articleId);
    if (cur.status === 'deleted') throw new ConflictError(t.errors.articleDeletedNoApply, 'article_deleted');
    const p = await prepare(rev.data, cur);
    const oldTags = await repo.tagNames(cur.id);
    const now = nowIso();
    await dbh.tx(async (trx) => {
      const r = await trx
        .updateTable('article_revisions')
        .set({ status: 'approved', reviewed_by: reviewerId, reviewed_at: now })
        .where('id', '=', revId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (!Number(r.numUpdatedRows)) throw changed();
      await trx
        .updateTable('articles')
        .set({ ...columns(p), updated_at: now })
        .where('id', '=', cur.id)
        .execute();
      await repo.setTags(trx, cur.id, p.tags);
      await sync(trx, cur.id);
      await hooks.after?.(trx, cur.id);
    });
    const a = await reload(cur.id);
    await purgeIfPublic(cur, oldTags);
    await purgeIfPublic(a, await repo.tagNames(cur.id));
    return a;
  }

  /** Turn a revision down; the live article stays as it was. */
  async function rejectRevision(revId: number, reviewerId: number, reason: string, hooks: TxHooks = {}): Promise<void> {
    const rev = await reads.revision(revId);
    if (!rev) throw new NotFoundError(t.errors.revisionRecordNotFound);
    await dbh.tx(async (trx) => {
      const r = await trx
        .updateTable('article_revisions')
        .set({ status: 'rejected', reason, reviewed_by: reviewerId, reviewed_at: nowIso() })
        .where('id', '=', revId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (!Number(r.numUpdatedRows)) throw changed();
      await sync(trx, rev.articleId);
      await hooks.after?.(trx, rev.articleId);
    });
  }

  /**
   * The article as it would appear with these fields (an editor's or a member's unsaved input, or a
   * revision): for previews only, nothing is written. Unknown categories fall back to the current one.
   */
  async function preview(
    a: Article,
    over: Partial<SubmissionFields> & { recommendLevel?: number; verified?: boolean } = {},
  ): Promise<ArticleDetail | undefined> {
    const category = (over.category !== undefined ? await categories.bySlug(over.category) : undefined) ?? (await categories.byId(a.categoryId));
    const author = await members.byId(a.authorId);
    if (!category || !author) return undefined;
    const body = over.body !== undefined ? sanitizeRichText(over.body) : a.body;
    const merged: Article = {
      ...a,
      title: over.title ?? a.title,
      summary: over.summary ?? a.summary,
      body,
      cover: over.cover ?? a.cover,
      source: over.source ?? a.source,
      original: over.original ?? a.original,
      recommendLevel: over.recommendLevel ?? a.recommendLevel,
      verified: over.verified ?? a.verified,
      categoryId: category.id,
    };
    const tags = over.tags ?? (await repo.tagNames(a.id));
    return { ...merged, author, category, categoryChain: await categories.ancestry(category.id), tags, pages: splitPages(body) };
  }

  return { approve, reject, approveRevision, rejectRevision, preview };
}
