import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { FormErrors } from '../../platform/html/forms.tsx';
import { countAdminArticles, listAdminArticles, type ArticleDetail } from '../articles/index.ts';
import type { Member } from '../members/index.ts';
import { format, t } from '../../strings/index.ts';
import { changedFields, patchFromValues, valuesFromArticle, valuesFromForm, type ArticleFormValues } from './admin.articles.form.ts';
import { listUrl, parseListQuery, queryFromBack, type ArticleListQuery } from './admin.articles.query.ts';
import { actor, ConfirmBox, flashOf, formOf, intOf, s, seeOther, topLevel, type AdminDeps } from './admin.shared.tsx';
import { ArticleListView, BatchDeleteConfirm, deleteArticleMessage } from './views/articles-list.tsx';
import { parseBatch } from './admin.articles.batch.ts';
import { ArticleFormView } from './views/article-form.tsx';

const PER_PAGE = 20;
type IdRoute = { Params: { id: string } };

/** 文章管理 (editors and admins): list with filters, edit any article, quick actions, soft delete. */
export function registerAdminArticles(app: FastifyInstance, deps: AdminDeps): void {
  const { guards, articles, categories, audit } = deps;

  async function load(idParam: string): Promise<ArticleDetail> {
    const id = intOf(idParam);
    const a = id && id > 0 ? await articles.getAny(id) : undefined;
    if (!a || a.status === 'deleted') throw new NotFoundError(s.notFound.article);
    return a;
  }

  async function renderList(req: FastifyRequest, reply: FastifyReply, me: Member, query: ArticleListQuery, opts: { status?: number; error?: string } = {}) {
    const cat = query.category ? await categories.bySlug(query.category) : undefined;
    const filter = {
      statuses: query.status ? [query.status] : [],
      ...(query.category ? { categoryIds: cat ? await categories.subtreeIds(cat.id) : [] } : {}),
      ...(query.level ? { recommendLevel: Number(query.level) } : {}),
      ...(query.q ? { titleContains: query.q } : {}),
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
      ...(opts.error ? { error: opts.error } : {}),
    };
    return deps.console.admin(req, reply, me, {
      title: s.articles,
      current: '/admin/articles/',
      body: <ArticleListView d={d} />,
      flash: flashOf(req.query),
      status: opts.status,
    });
  }

  async function renderForm(req: FastifyRequest, reply: FastifyReply, me: Member, a: ArticleDetail, values: ArticleFormValues, errors: FormErrors = {}) {
    const now = deps.clock.now().toISOString();
    const d = {
      id: a.id,
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

  app.post<IdRoute>('/admin/articles/:id/edit', async (req, reply) => {
    const me = await guards.staff(req);
    const a = await load(req.params.id);
    const values = valuesFromForm(formOf(req.body));
    const parsed = patchFromValues(values, a);
    if (!parsed.ok) return renderForm(req, reply, me, a, values, parsed.errors);
    let updated: ArticleDetail;
    try {
      updated = await articles.update(a.id, parsed.patch, me.id);
    } catch (e) {
      if (e instanceof ValidationError) return renderForm(req, reply, me, a, values, topLevel(e.fields));
      throw e;
    }
    const changed = changedFields(valuesFromArticle(a), valuesFromArticle(updated));
    await audit.record({ ...actor(req, me), action: 'article.update', targetType: 'article', targetId: a.id, detail: { title: updated.title, changed } });
    return seeOther(reply, `/admin/articles/${a.id}/edit?ok=saved`);
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

  /**
   * Batch operations on the rows ticked in the list: move to a category, recommend level, 已核实, delete
   * (after a confirmation page). Everything is checked before anything is written: one bad row, and
   * nothing changes.
   */
  app.post('/admin/articles/batch', async (req, reply) => {
    const me = await guards.staff(req);
    const f = formOf(req.body);
    const query = queryFromBack(f.back);
    const refuse = (error: string) => renderList(req, reply, me, query, { status: 422, error });
    const b = parseBatch(req.body);
    if (!b.ok) return refuse(b.error);
    const found = await Promise.all(b.ids.map((id) => articles.getAny(id)));
    const gone = b.ids.filter((_, i) => !found[i] || found[i]?.status === 'deleted');
    if (gone.length) return refuse(format(s.batch.errGone, { ids: gone.join('、') }));
    const rows = found as ArticleDetail[];
    const op = b.op;
    const target = op.kind === 'move' ? await categories.bySlug(op.category) : undefined;
    if (op.kind === 'move' && !target) return refuse(s.batch.errCategory);
    if (op.kind === 'level' && op.level === 2) {
      const bare = rows.filter((a) => !a.cover);
      if (bare.length) return refuse(format(s.batch.errCover, { titles: bare.map((a) => `《${a.title}》`).join('') }));
    }
    if (op.kind === 'delete' && f.confirm !== '1') {
      const csrf = deps.console.csrf(req, reply);
      const body = <BatchDeleteConfirm rows={rows} csrf={csrf} back={f.back ?? ''} />;
      return deps.console.admin(req, reply, me, { title: s.batch.confirmTitle, current: '/admin/articles/', body });
    }
    let done = 0;
    try {
      for (const a of rows) {
        const who = { ...actor(req, me), targetType: 'article', targetId: a.id };
        if (op.kind === 'move') {
          if (a.categoryId === target?.id) continue;
          await articles.update(a.id, { category: op.category }, me.id);
          await audit.record({ ...who, action: 'article.update', detail: { title: a.title, changed: ['category'], batch: true } });
        } else if (op.kind === 'level') {
          if (a.recommendLevel === op.level) continue;
          await articles.update(a.id, { recommendLevel: op.level });
          await audit.record({ ...who, action: 'article.recommend', detail: { title: a.title, from: a.recommendLevel, to: op.level, batch: true } });
        } else if (op.kind === 'verify') {
          if (a.verified === op.verified) continue;
          await articles.update(a.id, { verified: op.verified });
          await audit.record({ ...who, action: 'article.verify', detail: { title: a.title, verified: op.verified, batch: true } });
        } else {
          await articles.remove(a.id, me.id);
          await audit.record({ ...who, action: 'article.delete', detail: { title: a.title, batch: true } });
        }
        done++;
      }
    } catch (e) {
      // Only a write racing this one (an article deleted meanwhile) gets here: say how far it went.
      if (!(e instanceof ValidationError) && !(e instanceof NotFoundError)) throw e;
      return refuse(format(s.batch.failedAfter, { done: String(done), message: e.message }));
    }
    return seeOther(reply, listUrl(query, { ok: 'batch' }));
  });

  app.get<IdRoute>('/admin/articles/:id/delete', async (req, reply) => {
    const me = await guards.staff(req);
    const a = await load(req.params.id);
    const csrf = deps.console.csrf(req, reply);
    const body = <ConfirmBox message={deleteArticleMessage(a.title)} action={`/admin/articles/${a.id}/delete`} csrf={csrf} cancel="/admin/articles/" />;
    return deps.console.admin(req, reply, me, { title: s.deleteArticle, current: '/admin/articles/', body });
  });

  app.post<IdRoute>('/admin/articles/:id/delete', async (req, reply) => {
    const me = await guards.staff(req);
    const a = await load(req.params.id);
    await articles.remove(a.id, me.id);
    await audit.record({ ...actor(req, me), action: 'article.delete', targetType: 'article', targetId: a.id, detail: { title: a.title } });
    return seeOther(reply, '/admin/articles/?ok=deleted');
  });
}
