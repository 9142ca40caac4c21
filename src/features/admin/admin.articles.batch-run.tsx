import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { formatDateTime, type ArticleDetail } from '../articles/index.ts';
import type { Member } from '../members/index.ts';
import { format } from '../../strings/index.ts';
import { listUrl, parseListQuery, queryFromBack, type ArticleListQuery } from './admin.articles.query.ts';
import { actor, formOf, s, seeOther } from './admin.shared.tsx';
import { BatchDeleteConfirm } from './views/articles-list.tsx';
import { parseBatch, type BatchOp } from './admin.articles.batch.ts';
import { statusMove, type ArticleAdminDeps, type createAdminApproval } from './admin.articles.approve.ts';
import { CopyOfPublishedError } from '../review/index.ts';
import { purgeArticle, PurgeConfirm, restoreArticle, trashRefusal } from './admin.articles.trash.tsx';
import { ARTICLE_BATCH_RESULT, ArticleBatchResult, ArticleBatchResultView } from './admin.batch-result.tsx';

type RenderList = (
  req: FastifyRequest,
  reply: FastifyReply,
  me: Member,
  query: ArticleListQuery,
  opts?: { status?: number; error?: string; result?: SafeHtml },
) => unknown;

const RESULT_PATH = '/admin/articles/batch';

const titles = (rows: ArticleDetail[]) => rows.map((a) => `《${a.title}》`).join('');

/** Why this batch cannot run on these rows (checked before anything is written), or undefined. */
function refusal(op: BatchOp, rows: ArticleDetail[]): string | undefined {
  if (op.kind === 'unpublish') {
    const no = rows.filter((a) => a.status !== 'published');
    if (no.length) return format(s.batch.errUnpublish, { titles: titles(no) });
  }
  return undefined;
}

/**
 * Batch operations on the rows ticked in the list: move to a category (deleted articles too, so an
 * emptied category can go), recommend level, 已核实, 发布 (a pending or rejected submission is approved, as in review),
 * 下架 (back to draft), delete (after a confirmation page); in the 回收站 恢复 (as drafts, or 恢复并发布) and
 * 彻底删除 (admins, confirmed; admin.articles.trash.tsx). Everything is checked before anything is
 * written: one bad row, and nothing changes — except that 发布 skips, and names, members' drafts and
 * texts that copy a published article, and publishes the rest, and 推荐图文 skips, and names, articles
 * without a cover (even all of them: the result page says so, nothing written). A batch that skipped some rows or stopped
 * on an error keeps its result for the session and answers 303 to GET /admin/articles/batch/<key>, which
 * shows it above the list (Post/Redirect/Get: reloading that page shows the result and runs nothing).
 */
export function registerArticleBatch(app: FastifyInstance, deps: ArticleAdminDeps, renderList: RenderList, approval: ReturnType<typeof createAdminApproval>) {
  const { guards, articles, categories, audit } = deps;

  app.get<{ Params: { key: string } }>(`${RESULT_PATH}/:key`, async (req, reply) => {
    const me = await guards.staff(req);
    const kept = ArticleBatchResult.safeParse(await deps.batchResults.read(req, me.id, ARTICLE_BATCH_RESULT, req.params.key));
    if (!kept.success) return renderList(req, reply, me, parseListQuery({}), { status: 404, error: s.batch.resultGone });
    return renderList(req, reply, me, queryFromBack(kept.data.back), { status: 200, result: <ArticleBatchResultView r={kept.data} /> });
  });

  app.post('/admin/articles/batch', async (req, reply) => {
    const me = await guards.staff(req);
    const f = formOf(req.body);
    const query = queryFromBack(f.back);
    const refuse = (error: string) => renderList(req, reply, me, query, { status: 422, error });
    const b = parseBatch(req.body);
    if (!b.ok) return refuse(b.error);
    const found = await Promise.all(b.ids.map((id) => articles.getAny(id)));
    const gone = b.ids.filter((_, i) => !found[i]);
    if (gone.length) return refuse(format(s.batch.errGone, { ids: gone.join('、') }));
    const rows = found as ArticleDetail[];
    const op = b.op;
    const target = op.kind === 'move' ? await categories.bySlug(op.category) : undefined;
    if (op.kind === 'move' && !target) return refuse(s.batch.errCategory);
    const why = (await trashRefusal(approval, me, op, rows)) ?? refusal(op, rows);
    if (why) return refuse(why);
    if ((op.kind === 'delete' || op.kind === 'purge') && f.confirm !== '1') {
      const csrf = deps.console.csrf(req, reply);
      const purge = op.kind === 'purge';
      const body = purge ? <PurgeConfirm rows={rows} csrf={csrf} back={f.back ?? ''} /> : <BatchDeleteConfirm rows={rows} csrf={csrf} back={f.back ?? ''} />;
      return deps.console.admin(req, reply, me, { title: purge ? s.batch.purgeConfirmTitle : s.batch.confirmTitle, current: '/admin/articles/', body });
    }
    let done = 0;
    const doneTitles: string[] = [];
    const showResult = async (message: string, failed: boolean) => {
      const result: ArticleBatchResult = { back: f.back ?? '', message, done: doneTitles, failed };
      return seeOther(reply, `${RESULT_PATH}/${await deps.batchResults.keep(req, me.id, ARTICLE_BATCH_RESULT, result)}`);
    };
    // 发布 leaves out, and names, what may not be published from here: a member's draft never sent for
    // review, and a text review's copy check finds already published (each checked before its own write).
    const skipped: Array<{ title: string; reason: string }> = [];
    try {
      for (const a of rows) {
        const who = { ...actor(req, me), targetType: 'article', targetId: a.id };
        if (op.kind === 'move') {
          if (a.categoryId === target?.id) continue;
          const detail = { title: a.title, changed: ['category'], batch: true };
          if (a.status === 'deleted')
            await approval.workflow.moveDeleted(a.id, (target as { id: number }).id, {
              after: (trx) => audit.record({ ...who, action: 'article.update', detail }, trx),
            });
          else {
            await articles.update(a.id, { category: op.category }, me.id);
            await audit.record({ ...who, action: 'article.update', detail });
          }
        } else if (op.kind === 'level') {
          if (a.recommendLevel === op.level) continue;
          // 推荐图文 shows the cover: an article without one is left as it is and named.
          if (op.level === 2 && !a.cover) {
            skipped.push({ title: a.title, reason: s.batch.skipNoCover });
            continue;
          }
          await articles.update(a.id, { recommendLevel: op.level });
          await audit.record({ ...who, action: 'article.recommend', detail: { title: a.title, from: a.recommendLevel, to: op.level, batch: true } });
        } else if (op.kind === 'verify') {
          if (a.verified === op.verified) continue;
          await articles.update(a.id, { verified: op.verified });
          await audit.record({ ...who, action: 'article.verify', detail: { title: a.title, verified: op.verified, batch: true } });
        } else if (op.kind === 'publish') {
          // Already live, or scheduled: left as it is and named (a scheduled date is changed on the article's page).
          if (a.status === 'published') {
            const scheduled = a.publishedAt !== null && Date.parse(a.publishedAt) > deps.clock.now().getTime();
            skipped.push({
              title: a.title,
              reason: scheduled ? format(s.batch.skipScheduled, { at: formatDateTime(a.publishedAt as string) }) : s.batch.skipLive,
            });
            continue;
          }
          const move = await statusMove(deps, a, 'published');
          if (move.kind === 'refuse') {
            skipped.push({ title: a.title, reason: move.reason });
            continue;
          }
          if (move.kind === 'approve') {
            try {
              await approval.approve(req, me, a, {}, { detail: { batch: true } });
            } catch (e) {
              if (!(e instanceof CopyOfPublishedError)) throw e;
              // The list has no 仍然发布 box: the editor decides on the article's own page.
              skipped.push({ title: a.title, reason: format(s.e.copyInBatch, { title: e.copyOf.title, percent: Math.round(e.copyOf.similarity * 100) }) });
              continue;
            }
          } else {
            await articles.update(a.id, { status: 'published' }, me.id);
            await audit.record({ ...who, action: 'article.update', detail: { title: a.title, changed: ['status'], to: 'published', batch: true } });
          }
        } else if (op.kind === 'restore') {
          const out = await restoreArticle(deps, approval, req, me, a, { publish: op.publish, batch: true });
          if (out.skipped) skipped.push({ title: a.title, reason: out.skipped });
        } else if (op.kind === 'purge') {
          await purgeArticle(deps, approval, req, me, a);
        } else if (op.kind === 'unpublish') {
          await articles.update(a.id, { status: 'draft' }, me.id);
          await audit.record({ ...who, action: 'article.update', detail: { title: a.title, changed: ['status'], to: 'draft', batch: true } });
        } else {
          await articles.remove(a.id, me.id);
          await audit.record({ ...who, action: 'article.delete', detail: { title: a.title, batch: true } });
        }
        done++;
        doneTitles.push(a.title);
      }
    } catch (e) {
      // A write racing this one (an article deleted or decided meanwhile), or a rule of one article
      // (推荐图文 without a cover on publishing): say how far it went.
      if (!(e instanceof ValidationError) && !(e instanceof NotFoundError) && !(e instanceof ConflictError)) throw e;
      const msg = e instanceof ValidationError && e.fields ? Object.values(e.fields).join('；') : e.message;
      return showResult(format(s.batch.failedAfter, { done: String(done), message: msg }), true);
    }
    if (skipped.length) {
      const list = skipped.map((x) => format(s.batch.skippedOne, { title: x.title, reason: x.reason })).join('；');
      // A restored article that was not published still counts as restored, not as done.
      const template = op.kind === 'restore' ? s.batch.restoreSkipped : op.kind === 'level' ? s.batch.levelSkipped : s.batch.skipped;
      const published = op.kind === 'restore' ? done - skipped.length : done;
      return showResult(format(template, { done: String(published), list }), false);
    }
    return seeOther(reply, listUrl(query, { ok: 'batch' }));
  });
}
