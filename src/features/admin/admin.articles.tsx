import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment, type SafeHtml } from '../../platform/html/jsx.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { FormErrors } from '../../platform/html/forms.tsx';
import { registerMultipart } from '../../platform/http/multipart.ts';
import { countAdminArticles, listAdminArticles, type ArticleDetail } from '../articles/index.ts';
import { COVER_MAX_BYTES, removeCoverByUrl } from '../submissions/index.ts';
import { CopyOfPublishedError } from '../review/index.ts';
import type { Member } from '../members/index.ts';
import { format, t } from '../../strings/index.ts';
import { changedFields, EDITABLE_STATUSES, keepExtras, patchFromValues, valuesFromArticle, type ArticleFormValues } from './admin.articles.form.ts';
import { listUrl, parseListQuery, queryFromBack, type ArticleListQuery } from './admin.articles.query.ts';
import { actor, ConfirmBox, flashOf, formOf, intOf, s, seeOther, topLevel } from './admin.shared.tsx';
import { ArticleListView, deleteArticleMessage } from './views/articles-list.tsx';
import { ArticleFormView } from './views/article-form.tsx';
import { createAdminApproval, statusMove, type ApprovalPatch, type ArticleAdminDeps } from './admin.articles.approve.ts';
import { CopyConfirm } from './admin.articles.copy.tsx';
import { registerArticleBatch } from './admin.articles.batch-run.tsx';
import { readArticleForm, takeCover } from './admin.articles.cover.ts';
import { registerArticleCreate } from './admin.articles.new.tsx';
import { restoreArticle } from './admin.articles.trash.tsx';

const PER_PAGE = 20;
type IdRoute = { Params: { id: string } };

/** 文章管理 (editors and admins): list with filters and the 回收站, add, edit, preview, quick actions, soft delete, restore. */
export function registerAdminArticles(app: FastifyInstance, deps: ArticleAdminDeps): void {
  app.register(async (scope) => {
    // The add and edit forms carry a cover upload.
    await registerMultipart(scope, { fileBytes: COVER_MAX_BYTES, fieldBytes: 4 * 1024 * 1024, fields: 30 });
    registerRoutes(scope, deps);
  });
}

function registerRoutes(app: FastifyInstance, deps: ArticleAdminDeps): void {
  const { guards, articles, categories, audit } = deps;
  const approval = createAdminApproval(deps);
  const writeOpts = { bodyLimit: 8 * 1024 * 1024 };

  async function find(idParam: string): Promise<ArticleDetail> {
    const id = intOf(idParam);
    const a = id && id > 0 ? await articles.getAny(id) : undefined;
    if (!a) throw new NotFoundError(s.notFound.article);
    return a;
  }

  async function load(idParam: string): Promise<ArticleDetail> {
    const a = await find(idParam);
    if (a.status === 'deleted') throw new NotFoundError(s.notFound.article);
    return a;
  }

  async function renderList(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    query: ArticleListQuery,
    opts: { status?: number; error?: string; result?: SafeHtml } = {},
  ) {
    const cat = query.category ? await categories.bySlug(query.category) : undefined;
    const scheduled = query.status === 'scheduled';
    const filter = {
      statuses: scheduled ? ['published'] : query.status ? [query.status] : [],
      ...(scheduled ? { publishedAfter: deps.clock.now().toISOString() } : {}),
      ...(query.category ? { categoryIds: !cat ? [] : query.own ? [cat.id] : await categories.subtreeIds(cat.id) } : {}),
      ...(query.level ? { recommendLevel: Number(query.level) } : {}),
      ...(query.q ? { titleContains: query.q } : {}),
      ...(query.author ? { author: query.author } : {}),
    };
    const total = await countAdminArticles(deps.dbh.db, filter);
    const rows = await listAdminArticles(deps.dbh.db, filter, PER_PAGE, (query.page - 1) * PER_PAGE);
    const d = {
      query,
      rows,
      total,
      pages: Math.max(1, Math.ceil(total / PER_PAGE)),
      categories: await categories.all(),
      csrf: deps.console.csrf(req, reply),
      now: deps.clock.now().toISOString(),
      isAdmin: me.role === 'admin',
      ...(opts.error ? { error: opts.error } : {}),
      ...(opts.result ? { result: opts.result } : {}),
    };
    return deps.console.admin(req, reply, me, {
      title: s.articles,
      current: '/admin/articles/',
      body: <ArticleListView d={d} />,
      flash: flashOf(req.query),
      status: opts.status,
    });
  }

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    a: ArticleDetail,
    values: ArticleFormValues,
    errors: FormErrors = {},
    below?: SafeHtml,
    coverKept = false,
  ) {
    const now = deps.clock.now().toISOString();
    const d = {
      coverKept,
      id: a.id,
      action: `/admin/articles/${a.id}/edit`,
      statuses: EDITABLE_STATUSES,
      authorName: a.author.username,
      createdAt: a.createdAt,
      isPublic: a.status === 'published' && !!a.publishedAt && a.publishedAt <= now,
      values,
      errors,
      categories: await categories.all(),
      csrf: deps.console.csrf(req, reply),
    };
    return deps.console.admin(req, reply, me, {
      title: s.editArticle,
      current: '/admin/articles/',
      body: (
        <>
          <ArticleFormView d={d} />
          {below ?? null}
          <p class="related-link">
            <a href={`/admin/related/${a.id}`}>{t.related.manageRelated}</a>
          </p>
        </>
      ),
      flash: flashOf(req.query),
      status: Object.keys(errors).length ? 422 : 200,
    });
  }

  app.get('/admin/articles/', async (req, reply) => {
    const me = await guards.staff(req);
    return renderList(req, reply, me, parseListQuery(req.query));
  });

  app.get<IdRoute>('/admin/articles/:id/edit', async (req, reply) => {
    const me = await guards.staff(req);
    const a = await load(req.params.id);
    return renderForm(req, reply, me, a, valuesFromArticle(a));
  });

  app.post<IdRoute>('/admin/articles/:id/edit', writeOpts, async (req, reply) => {
    const me = await guards.staff(req);
    const a = await load(req.params.id);
    const form = await readArticleForm(req);
    form.values = keepExtras(form.values, a);
    const values = form.values;
    const cover = await takeCover(deps, form, a.cover);
    const parsed = patchFromValues(values, a);
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...cover.errors };
    // A member's own draft stays theirs; their submission is published only as an approval (statusMove).
    const move = parsed.ok ? await statusMove(deps, a, parsed.patch.status as string | undefined) : ({ kind: 'edit' } as const);
    if (move.kind === 'refuse') errors.status = move.reason;
    // A stored upload is kept for the corrected form (its URL in the cover field), not chosen again.
    if (!parsed.ok || Object.keys(errors).length) return renderForm(req, reply, me, a, values, errors, undefined, !!cover.stored);
    let updated: ArticleDetail;
    const approving = move.kind === 'approve';
    try {
      if (approving) {
        // Publishing a submission here is its approval: review's own routine (copy check, write, audit, hooks).
        const changed = changedFields(valuesFromArticle(a), values).filter((k) => k !== 'status' && k !== 'author');
        // Review's routine writes the submission's own fields; the SEO ones, 允许评论 and 跳转链接 go first, while
        // it is still unpublished, so it never shows without them (e.g. with comments open that should be closed).
        const extras = { keywords: values.keywords, description: values.description, allowComments: values.allowComments, redirectUrl: values.redirectUrl };
        if (changed.some((k) => k in extras)) await articles.update(a.id, extras, me.id);
        updated = await approval.approve(req, me, a, parsed.patch as ApprovalPatch, { confirmCopy: form.confirmCopy === true, detail: { changed } });
      } else updated = await articles.update(a.id, parsed.patch, me.id);
    } catch (e) {
      // Whatever went wrong (a rule, the copy check, another editor deciding first), the upload is not kept.
      const uploadDropped = !!cover.stored;
      await cover.rollback();
      if (e instanceof CopyOfPublishedError) {
        const confirm = (
          <CopyConfirm
            action={`/admin/articles/${a.id}/edit`}
            csrf={deps.console.csrf(req, reply)}
            values={values}
            copyOf={e.copyOf}
            uploadDropped={uploadDropped}
          />
        );
        return renderForm(req, reply, me, a, values, topLevel(e.fields), confirm);
      }
      if (!(e instanceof ValidationError)) throw e;
      return renderForm(req, reply, me, a, values, topLevel(e.fields));
    }
    // The replaced cover's files, when they were an upload of ours, are not left on disk, unless the
    // member's pending edit of this article still shows them.
    if (updated.cover !== a.cover && (await approval.workflow.pendingRevision(a.id))?.data.cover !== a.cover)
      await removeCoverByUrl(deps.storage, a.cover).catch(() => undefined);
    if (!approving) {
      const changed = changedFields(valuesFromArticle(a), valuesFromArticle(updated));
      // Where a 跳转链接 now sends readers is worth keeping: it could be pointed at a phishing page.
      const redirect = changed.includes('redirectUrl') ? { redirectUrl: updated.redirectUrl } : {};
      await audit.record({
        ...actor(req, me),
        action: 'article.update',
        targetType: 'article',
        targetId: a.id,
        detail: { title: updated.title, changed, ...redirect },
      });
    }
    const scheduled = approving && !!updated.publishedAt && updated.publishedAt > deps.clock.now().toISOString();
    return seeOther(reply, `/admin/articles/${a.id}/edit?ok=${approving ? (scheduled ? 'approvedScheduled' : 'approved') : 'saved'}`);
  });

  app.post<IdRoute>('/admin/articles/:id/recommend', async (req, reply) => {
    const me = await guards.staff(req);
    const a = await load(req.params.id);
    const f = formOf(req.body);
    const query = queryFromBack(f.back);
    const level = intOf(f.level);
    try {
      if (level === undefined || level < 0 || level > 3) throw new ValidationError({ recommendLevel: s.e.level });
      await articles.update(a.id, { recommendLevel: level });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const msg = Object.values(topLevel(e.fields)).join('；');
      return renderList(req, reply, me, query, { status: 422, error: `${a.title}：${msg}` });
    }
    await audit.record({
      ...actor(req, me),
      action: 'article.recommend',
      targetType: 'article',
      targetId: a.id,
      detail: { title: a.title, from: a.recommendLevel, to: level },
    });
    return seeOther(reply, listUrl(query, { ok: 'recommend' }));
  });

  app.post<IdRoute>('/admin/articles/:id/verify', async (req, reply) => {
    const me = await guards.staff(req);
    const a = await load(req.params.id);
    const f = formOf(req.body);
    const verified = f.verified === '1';
    await articles.update(a.id, { verified });
    await audit.record({ ...actor(req, me), action: 'article.verify', targetType: 'article', targetId: a.id, detail: { title: a.title, verified } });
    return seeOther(reply, listUrl(queryFromBack(f.back), { ok: 'verified' }));
  });

  registerArticleBatch(app, deps, renderList, approval);
  registerArticleCreate(app, deps, { find });

  app.get<IdRoute>('/admin/articles/:id/delete', async (req, reply) => {
    const me = await guards.staff(req);
    const a = await load(req.params.id);
    const csrf = deps.console.csrf(req, reply);
    const body = (
      <ConfirmBox
        message={deleteArticleMessage(a.title)}
        action={`/admin/articles/${a.id}/delete`}
        csrf={csrf}
        cancel="/admin/articles/"
        warning={s.deleteToTrash}
      />
    );
    return deps.console.admin(req, reply, me, { title: s.deleteArticle, current: '/admin/articles/', body });
  });

  app.post<IdRoute>('/admin/articles/:id/delete', async (req, reply) => {
    const me = await guards.staff(req);
    const a = await load(req.params.id);
    await articles.remove(a.id, me.id);
    await audit.record({ ...actor(req, me), action: 'article.delete', targetType: 'article', targetId: a.id, detail: { title: a.title } });
    return seeOther(reply, '/admin/articles/?ok=deleted');
  });

  /** 恢复: a deleted article comes back from the 回收站 as a draft, or with `publish=1` (恢复并发布) published. */
  app.post<IdRoute>('/admin/articles/:id/restore', async (req, reply) => {
    const me = await guards.staff(req);
    const a = await find(req.params.id);
    const f = formOf(req.body);
    const query = queryFromBack(f.back);
    if (a.status !== 'deleted') throw new NotFoundError(s.notFound.article);
    const out = await restoreArticle(deps, approval, req, me, a, { publish: f.publish === '1' });
    if (out.skipped) {
      const list = format(s.batch.skippedOne, { title: a.title, reason: out.skipped });
      return renderList(req, reply, me, query, { status: 200, error: format(s.batch.restoreSkipped, { done: '0', list }) });
    }
    return seeOther(reply, listUrl(query, { ok: f.publish === '1' ? 'restoredPublished' : 'restored' }));
  });
}
