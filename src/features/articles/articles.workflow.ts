import type { SubmissionFields, WorkflowArticle } from './articles.workflow-reads.ts';
import { changed, createWorkflowCore, type TxHooks, type WorkflowDeps } from './articles.workflow-core.ts';
import { createReviewDecisions } from './articles.workflow-review.ts';
import { createTrashActions } from './articles.workflow-trash.ts';

export {
  SubmissionFieldsSchema,
  type SubmissionFields,
  type WorkflowArticle,
  type Revision,
  type RevisionStatus,
  type OwnArticleRow,
  type QueueEntry,
} from './articles.workflow-reads.ts';
export { type TxHooks, type WorkflowDeps } from './articles.workflow-core.ts';
export { type ApproveInput } from './articles.workflow-review.ts';
// The review page previews an article with the article page's own parts; exported here so that
// articles/index.ts re-exports the whole workflow surface in one line.
export { ArticlePreview } from './views/article-preview.tsx';

/** What a member's write does: keep it private, send it to review, or publish it at once. */
export type SubmitStatus = 'draft' | 'pending' | 'published';

const EDITABLE = ['draft', 'pending', 'rejected'];

/**
 * The submission and review workflow: member submissions, edits while pending, withdrawals,
 * revisions of live articles, and the editors' decisions. Every write is one transaction; the
 * page cache is purged exactly when public content changes.
 */
export function createArticleWorkflow(deps: WorkflowDeps) {
  const core = createWorkflowCore(deps);
  const { dbh, repo, reads, nowIso, purgeIfPublic, prepare, columns, reload, sync } = core;

  /** A new article by a member. */
  async function create(authorId: number, f: SubmissionFields, status: SubmitStatus, hooks: TxHooks = {}): Promise<WorkflowArticle> {
    const p = await prepare(f);
    const now = nowIso();
    const id = await dbh.tx(async (trx) => {
      await hooks.before?.(trx);
      const row = await trx
        .insertInto('articles')
        .values({
          ...columns(p),
          subtitle: '',
          source_url: '',
          author_id: authorId,
          status,
          recommend_level: 0,
          verified: 0,
          published_at: status === 'published' ? now : null,
          submitted_at: status === 'draft' ? null : now,
          member_draft: status === 'draft' ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await repo.setTags(trx, row.id, p.tags);
      await sync(trx, row.id);
      await hooks.after?.(trx, row.id);
      return row.id;
    });
    const a = await reload(id);
    await purgeIfPublic(a, await repo.tagNames(id));
    return a;
  }

  /** A member's edit of an article not yet public (draft, pending or rejected). */
  async function editUnpublished(id: number, f: SubmissionFields, status: SubmitStatus, hooks: TxHooks = {}): Promise<WorkflowArticle> {
    const cur = await reload(id);
    if (!EDITABLE.includes(cur.status)) throw changed();
    const p = await prepare(f, cur);
    const now = nowIso();
    const entersQueue = status !== 'draft' && cur.status !== 'pending';
    await dbh.tx(async (trx) => {
      await hooks.before?.(trx);
      const r = await trx
        .updateTable('articles')
        .set({
          ...columns(p),
          status,
          reject_reason: '',
          member_draft: status === 'draft' ? 1 : 0,
          ...(entersQueue ? { submitted_at: now } : {}),
          published_at: status === 'published' ? now : null,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('status', '=', cur.status)
        .executeTakeFirst();
      if (!Number(r.numUpdatedRows)) throw changed();
      await repo.setTags(trx, id, p.tags);
      await sync(trx, id);
      await hooks.after?.(trx, id);
    });
    const a = await reload(id);
    await purgeIfPublic(a, await repo.tagNames(id));
    return a;
  }

  /** Take a pending submission back: it becomes a draft the member can edit and send again. */
  async function withdraw(id: number, hooks: TxHooks = {}): Promise<void> {
    await dbh.tx(async (trx) => {
      const r = await trx
        .updateTable('articles')
        .set({ status: 'draft', member_draft: 1, updated_at: nowIso() })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (!Number(r.numUpdatedRows)) throw changed();
      await sync(trx, id);
      await hooks.after?.(trx, id);
    });
  }

  /** A member's edit of a live article waits for review; one pending revision per article, updated in place. */
  async function proposeRevision(articleId: number, memberId: number, f: SubmissionFields, hooks: TxHooks = {}): Promise<number> {
    const cur = await reload(articleId);
    if (cur.status !== 'published') throw changed();
    const p = await prepare(f, cur);
    const data = JSON.stringify({
      title: p.title,
      summary: p.summary,
      body: p.body,
      category: p.category,
      tags: p.tags,
      source: p.source,
      original: p.original,
      cover: p.cover,
    });
    return dbh.tx(async (trx) => {
      await hooks.before?.(trx);
      const open = await reads.pendingRevision(articleId, trx);
      let revId: number;
      if (open) {
        await trx.updateTable('article_revisions').set({ data }).where('id', '=', open.id).execute();
        revId = open.id;
      } else {
        const row = await trx
          .insertInto('article_revisions')
          .values({ article_id: articleId, member_id: memberId, data, status: 'pending', reviewed_by: null, reviewed_at: null, created_at: nowIso() })
          .returning('id')
          .executeTakeFirstOrThrow();
        revId = row.id;
      }
      await sync(trx, articleId);
      await hooks.after?.(trx, articleId);
      return revId;
    });
  }

  /** Write a live article's member fields at once (authors who publish without review). */
  async function editPublished(articleId: number, f: SubmissionFields, hooks: TxHooks = {}): Promise<WorkflowArticle> {
    const cur = await reload(articleId);
    if (cur.status !== 'published') throw changed();
    const p = await prepare(f, cur);
    const oldTags = await repo.tagNames(articleId);
    await dbh.tx(async (trx) => {
      await hooks.before?.(trx);
      await trx
        .updateTable('articles')
        .set({ ...columns(p), updated_at: nowIso() })
        .where('id', '=', articleId)
        .execute();
      await repo.setTags(trx, articleId, p.tags);
      // A proposal still waiting is superseded by this direct edit.
      await trx.updateTable('article_revisions').set({ status: 'withdrawn' }).where('article_id', '=', articleId).where('status', '=', 'pending').execute();
      await sync(trx, articleId);
      await hooks.after?.(trx, articleId);
    });
    const a = await reload(articleId);
    await purgeIfPublic(cur, oldTags);
    await purgeIfPublic(a, await repo.tagNames(articleId));
    return a;
  }

  async function withdrawRevision(articleId: number, hooks: TxHooks = {}): Promise<void> {
    await dbh.tx(async (trx) => {
      const r = await trx
        .updateTable('article_revisions')
        .set({ status: 'withdrawn' })
        .where('article_id', '=', articleId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (!Number(r.numUpdatedRows)) throw changed();
      await sync(trx, articleId);
      await hooks.after?.(trx, articleId);
    });
  }

  return {
    ...reads,
    tagNames: repo.tagNames,
    create,
    editUnpublished,
    withdraw,
    proposeRevision,
    editPublished,
    withdrawRevision,
    ...createReviewDecisions(core),
    ...createTrashActions(core),
  };
}

export type ArticleWorkflow = ReturnType<typeof createArticleWorkflow>;
