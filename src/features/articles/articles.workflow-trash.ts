import { isStaff, type Role } from '../members/index.ts';
import type { TxHooks, WorkflowCore } from './articles.workflow-core.ts';
import { changed } from './articles.workflow-core.ts';
import type { WorkflowArticle } from './articles.workflow-reads.ts';

/**
 * The recycle bin (回收站) of 文章管理: soft-deleted articles come back as drafts (the status they had
 * before is not recorded), and may be moved to another category while deleted (so that an emptied
 * category can be removed). Nothing public changes: a deleted or draft article shows nowhere.
 */
export function createTrashActions(core: WorkflowCore) {
  const { dbh, repo, nowIso, purgeIfPublic, reload, sync } = core;

  /** A deleted article back as a draft; refused (409) when it is no longer deleted. */
  async function restore(id: number, hooks: TxHooks = {}): Promise<WorkflowArticle> {
    const cur = await reload(id);
    if (cur.status !== 'deleted') throw changed();
    // A member's submission that never went live comes back as the member's own draft again.
    const origin = await dbh.db
      .selectFrom('articles')
      .innerJoin('members', 'members.id', 'articles.author_id')
      .select(['articles.submitted_at', 'articles.published_at', 'members.role'])
      .where('articles.id', '=', id)
      .executeTakeFirst();
    const memberDraft = origin && origin.submitted_at !== null && origin.published_at === null && !isStaff(origin.role as Role) ? 1 : 0;
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

  return { restore, moveDeleted };
}
