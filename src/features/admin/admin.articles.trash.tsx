import type { FastifyRequest } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import type { ArticleDetail } from '../articles/index.ts';
import type { Member } from '../members/index.ts';
import { removeCoverByUrl } from '../submissions/index.ts';
import { format } from '../../strings/index.ts';
import { actor, s } from './admin.shared.tsx';
import { TRASH_OPS, type BatchOp } from './admin.articles.batch.ts';
import { statusMove, type ArticleAdminDeps, type createAdminApproval } from './admin.articles.approve.ts';
import { BatchConfirm } from './views/articles-list.tsx';

type Approval = ReturnType<typeof createAdminApproval>;

const titles = (rows: ArticleDetail[]) => rows.map((a) => `《${a.title}》`).join('');

/**
 * Why this batch cannot run on these rows as far as the 回收站 is concerned, or undefined: deleted
 * articles take only 移动栏目, 恢复 and 彻底删除; those two take only deleted articles; 彻底删除 is for
 * admins and never for an article the points ledger names (打赏, 排名推广).
 */
export async function trashRefusal(approval: Approval, me: Member, op: BatchOp, rows: ArticleDetail[]): Promise<string | undefined> {
  const deleted = rows.filter((a) => a.status === 'deleted');
  if (deleted.length && !TRASH_OPS.has(op.kind)) return format(s.batch.errDeleted, { titles: titles(deleted) });
  if (op.kind !== 'restore' && op.kind !== 'purge') return undefined;
  const live = rows.filter((a) => a.status !== 'deleted');
  if (live.length) return format(s.batch.errNotDeleted, { titles: titles(live) });
  if (op.kind === 'purge') {
    if (me.role !== 'admin') return s.batch.errPurgeAdmin;
    const blocked: ArticleDetail[] = [];
    for (const a of rows) if ((await approval.workflow.purgeBlockers(a.id)).length) blocked.push(a);
    if (blocked.length) return format(s.batch.errPurgeMoney, { titles: titles(blocked) });
  }
  return undefined;
}

/**
 * 恢复 one deleted article: back as a draft (audited `article.restore`), then with `publish` (恢复并发布)
 * published as 文章管理's 发布 would: a member's unsent draft stays a draft, and the reason is returned.
 */
export async function restoreArticle(
  deps: ArticleAdminDeps,
  approval: Approval,
  req: FastifyRequest,
  me: Member,
  a: ArticleDetail,
  opts: { publish: boolean; batch?: boolean },
): Promise<{ skipped?: string }> {
  const who = { ...actor(req, me), targetType: 'article' as const };
  const batch = opts.batch ? { batch: true } : {};
  await approval.workflow.restore(a.id, {
    after: (trx, id) => deps.audit.record({ ...who, action: 'article.restore', targetId: id, detail: { title: a.title, to: 'draft', ...batch } }, trx),
  });
  if (!opts.publish) return {};
  const restored = await deps.articles.getAny(a.id);
  if (!restored) return {};
  const move = await statusMove(deps, restored, 'published');
  if (move.kind !== 'edit') return { skipped: move.kind === 'refuse' ? move.reason : s.e.submissionToReview };
  await deps.articles.update(a.id, { status: 'published' }, me.id);
  await deps.audit.record({ ...who, action: 'article.update', targetId: a.id, detail: { title: a.title, changed: ['status'], to: 'published', ...batch } });
  // Back on the site: the articles service's onPublished gives back what its take-downs reversed (points).
  return {};
}

/** 彻底删除 one deleted article (the caller checked `trashRefusal`), audited `article.purge` in its transaction. */
export async function purgeArticle(deps: ArticleAdminDeps, approval: Approval, req: FastifyRequest, me: Member, a: ArticleDetail): Promise<void> {
  const detail = { title: a.title, author: a.author.username, category: a.category.slug, publishedAt: a.publishedAt, batch: true };
  const { cover } = await approval.workflow.purge(a.id, {
    after: (trx, id) => deps.audit.record({ ...actor(req, me), action: 'article.purge', targetType: 'article', targetId: id, detail }, trx),
  });
  // An uploaded cover of ours goes with it, unless another article still shows the same file.
  if (cover && !(await deps.dbh.db.selectFrom('articles').select('id').where('cover', '=', cover).limit(1).executeTakeFirst()))
    await removeCoverByUrl(deps.storage, cover).catch(() => undefined);
}

/** 彻底删除's confirmation: the articles named and what goes with them. */
export function PurgeConfirm({ rows, csrf, back }: { rows: ArticleDetail[]; csrf: string; back: string }): SafeHtml {
  const question = format(s.batch.purgeConfirmBody, { n: String(rows.length) });
  return (
    <BatchConfirm
      rows={rows}
      csrf={csrf}
      back={back}
      op="purge"
      question={question}
      note={s.batch.purgeWarning}
      noteClass="error"
      button={s.batch.confirmPurge}
    />
  );
}
