import { isStaff, type Role } from '../members/index.ts';
import type { TxHooks, WorkflowCore } from './articles.workflow-core.ts';
import { changed } from './articles.workflow-core.ts';
import type { WorkflowArticle } from './articles.workflow-reads.ts';

/**
 * The recycle bin (回收站) of 文章管理: soft-deleted articles come back as drafts (the status they had
 * before is not recorded; 文章管理 offers 恢复并发布 on top), may be moved to another category while
 * deleted (so that an emptied category can be removed), and may be deleted for good (彻底删除, admins).
 * Nothing public changes: a deleted or draft article shows nowhere.
 */
export function createTrashActions(core: WorkflowCore) {
  const { dbh, repo, nowIso, purgeIfPublic, reload, sync } = core;

  /** A deleted article back as a draft; refused (409) when it is no longer deleted. */
  async function restore(id: number, hooks: TxHooks = {}): Promise<WorkflowArticle> {
    const cur = await reload(id);
    if (cur.status !== 'deleted') throw changed();
    // A member's submission that never went live comes back as the member's own draft again, and so does
    // a draft the member never sent (its member_draft mark survives the deletion): staff do not publish
    // either from 文章管理 (恢复并发布 included).
    const origin = await dbh.db
      .selectFrom('articles')
      .innerJoin('members', 'members.id', 'articles.author_id')
      .select(['articles.submitted_at', 'articles.published_at', 'articles.member_draft', 'members.role'])
      .where('articles.id', '=', id)
      .executeTakeFirst();
    const submission = !!origin && origin.submitted_at !== null && origin.published_at === null && !isStaff(origin.role as Role);
    const memberDraft = submission || origin?.member_draft === 1 ? 1 : 0;
    await dbh.tx(async (trx) => {
      const r = await trx
        .updateTable('articles')
        .set({ status: 'draft', member_draft: memberDraft, updated_at: nowIso() })
        .where('id', '=', id)
        .where('status', '=', 'deleted')
        .executeTakeFirst();
      if (!Number(r.numUpdatedRows)) throw changed();
      await sync(trx, id);
      await hooks.after?.(trx, id);
    });
    const a = await reload(id);
    await purgeIfPublic(a, await repo.tagNames(id));
    return a;
  }

  /** Moves a deleted article to another category (by id; the caller checked it exists). */
  async function moveDeleted(id: number, categoryId: number, hooks: TxHooks = {}): Promise<void> {
    await dbh.tx(async (trx) => {
      const r = await trx
        .updateTable('articles')
        .set({ category_id: categoryId, updated_at: nowIso() })
        .where('id', '=', id)
        .where('status', '=', 'deleted')
        .executeTakeFirst();
      if (!Number(r.numUpdatedRows)) throw changed();
      await sync(trx, id);
      await hooks.after?.(trx, id);
    });
  }

  /**
   * What keeps a deleted article from being deleted for good: 打赏 and 排名推广 records, whose points
   * movements in the ledger name the article (the ledger is history and is never rewritten).
   */
  async function purgeBlockers(id: number): Promise<Array<'tips' | 'promotion'>> {
    const [tip, bid] = await Promise.all([
      dbh.db.selectFrom('tips').select('id').where('article_id', '=', id).limit(1).executeTakeFirst(),
      dbh.db.selectFrom('promotion_bids').select('id').where('article_id', '=', id).limit(1).executeTakeFirst(),
    ]);
    return [...(tip ? (['tips'] as const) : []), ...(bid ? (['promotion'] as const) : [])];
  }

  /**
   * 彻底删除: a deleted article's row goes for good with what only it used: its comments (and their
   * likes), favorites, tags, hit buckets, revisions, 相关文章 pins and queue entries; the indexes
   * (search, fingerprints, related lists, which re-queue the articles that listed it) follow through
   * `sync` on the missing row. The ledger, reports and the audit log keep their records. Refused (409)
   * when it is no longer deleted; the caller checks `purgeBlockers` first. Returns the cover URL (the
   * caller removes an uploaded file).
   */
  async function purge(id: number, hooks: TxHooks = {}): Promise<{ cover: string }> {
    const cur = await reload(id);
    if (cur.status !== 'deleted') throw changed();
    await dbh.tx(async (trx) => {
      await hooks.after?.(trx, id);
      const comments = trx.selectFrom('comments').select('id').where('article_id', '=', id);
      await trx.deleteFrom('comment_likes').where('comment_id', 'in', comments).execute();
      await trx.deleteFrom('comments').where('article_id', '=', id).execute();
      await trx.deleteFrom('favorites').where('article_id', '=', id).execute();
      await trx.deleteFrom('article_tags').where('article_id', '=', id).execute();
      await trx.deleteFrom('article_hit_buckets').where('article_id', '=', id).execute();
      await trx.deleteFrom('article_revisions').where('article_id', '=', id).execute();
      await trx
        .deleteFrom('related_overrides')
        .where((eb) => eb.or([eb('article_id', '=', id), eb('related_id', '=', id)]))
        .execute();
      await trx.deleteFrom('related_queue').where('article_id', '=', id).execute();
      const r = await trx.deleteFrom('articles').where('id', '=', id).where('status', '=', 'deleted').executeTakeFirst();
      if (!Number(r.numDeletedRows)) throw changed();
      await sync(trx, id);
    });
    // Nothing public showed it, but its page, comment and related fragments may still be kept.
    core.purge([`article:${id}`, `related:${id}`, `comments:${id}`, `favorites:${id}`]);
    return { cover: cur.cover };
  }

  return { restore, moveDeleted, purgeBlockers, purge };
}
