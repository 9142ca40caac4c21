import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { FormErrors } from '../../platform/html/forms.tsx';
import { ArticlePreview, urls, type ArticleDetail } from '../articles/index.ts';
import { isStaff, type Member } from '../members/index.ts';
import { format } from '../../strings/index.ts';
import { NEW_STATUSES, patchFromValues, type ArticleFormValues } from './admin.articles.form.ts';
import { actor, s, seeOther, topLevel } from './admin.shared.tsx';
import { ArticleFormView } from './views/article-form.tsx';
import type { ArticleAdminDeps } from './admin.articles.approve.ts';
import { readArticleForm, takeCover } from './admin.articles.cover.ts';

type IdRoute = { Params: { id: string } };

const EMPTY: ArticleFormValues = {
  title: '',
  subtitle: '',
  author: '',
  summary: '',
  body: '',
  category: '',
  tags: '',
  cover: '',
  source: '',
  sourceUrl: '',
  original: false,
  recommendLevel: '0',
  verified: false,
  status: 'draft',
  publishedAt: '',
  keywords: '',
  description: '',
  allowComments: true,
  redirectUrl: '',
};

/**
 * 添加文章: a staff article written in the console with every field of the edit form (subtitle,
 * recommend level, 已核实, a publication time that schedules it), by the staff member or in a chosen
 * member's name; and 预览: any article as its page will show it, whatever its status.
 */
export function registerArticleCreate(app: FastifyInstance, deps: ArticleAdminDeps, helpers: { find: (id: string) => Promise<ArticleDetail> }): void {
  const { guards, articles, categories, audit, members } = deps;

  async function renderNew(req: FastifyRequest, reply: FastifyReply, me: Member, values: ArticleFormValues, errors: FormErrors = {}, coverKept = false) {
    const d = {
      coverKept,
      action: '/admin/articles/new',
      statuses: NEW_STATUSES,
      authorName: me.username,
      isPublic: false,
      values,
      errors,
      categories: await categories.all(),
      csrf: deps.console.csrf(req, reply),
    };
    return deps.console.admin(req, reply, me, {
      title: s.newArticle,
      current: '/admin/articles/',
      body: <ArticleFormView d={d} />,
      status: Object.keys(errors).length ? 422 : 200,
    });
  }

  app.get('/admin/articles/new', async (req, reply) => renderNew(req, reply, await guards.staff(req), EMPTY));

  app.post('/admin/articles/new', { bodyLimit: 8 * 1024 * 1024 }, async (req, reply) => {
    const me = await guards.staff(req);
    const form = await readArticleForm(req);
    const values = form.values;
    const cover = await takeCover(deps, form, '');
    const parsed = patchFromValues(values, { publishedAt: null }, NEW_STATUSES);
    const errors: FormErrors = { ...(parsed.ok ? {} : parsed.errors), ...cover.errors };
    const author = values.author ? await members.byUsername(values.author) : me;
    if (!author) errors.author = format(s.e.noMember, { name: values.author });
    // A banned member's byline would put new content under an account the site has closed.
    else if (author.status !== 'active') errors.author = format(s.e.bannedMember, { name: author.username });
    // A stored upload is kept for the corrected form (its URL in the cover field), not chosen again.
    if (!parsed.ok || !author || Object.keys(errors).length) return renderNew(req, reply, me, values, errors, !!cover.stored);
    let created: ArticleDetail;
    try {
      created = await articles.create({ ...parsed.patch, author: author.username });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderNew(req, reply, me, values, topLevel(e.fields), !!cover.stored);
    }
    await audit.record({
      ...actor(req, me),
      action: 'article.create',
      targetType: 'article',
      targetId: created.id,
      detail: { title: created.title, status: created.status, author: author.username, publishedAt: created.publishedAt },
    });
    return seeOther(reply, `/admin/articles/${created.id}/edit?ok=created`);
  });

  /** 预览: drafts, pending, scheduled and deleted articles too; staff only, never cached (console pages are no-store, noindex). */
  app.get<IdRoute>('/admin/articles/:id/preview', async (req, reply) => {
    const me = await guards.staff(req);
    const a = await helpers.find(req.params.id);
    const now = deps.clock.now().toISOString();
    const scheduled = a.status === 'published' && !!a.publishedAt && a.publishedAt > now;
    const isPublic = a.status === 'published' && !scheduled;
    const status = scheduled ? s.scheduled : (s.statuses[a.status] ?? a.status);
    const settings = await deps.settings.get();
    reply.header('x-robots-tag', 'noindex, nofollow');
    const body = (
      <>
        <p class="flash preview-notice" role="note">
          {format(s.previewNotice, { status })}{' '}
          {isPublic ? (
            <a href={urls.article(a.id)} target="_blank" rel="noopener">
              {s.view}
            </a>
          ) : null}{' '}
          {a.status !== 'deleted' ? <a href={`/admin/articles/${a.id}/edit`}>{s.edit}</a> : null}
        </p>
        {a.redirectUrl ? (
          <p class="flash preview-redirect" role="note">
            {s.previewRedirect}
            <a href={a.redirectUrl} target="_blank" rel="noopener nofollow">
              {a.redirectUrl}
            </a>
          </p>
        ) : null}
        <ArticlePreview article={a} disclaimer={settings.disclaimer} isStaffAuthor={isStaff(a.author.role)} />
      </>
    );
    return deps.console.admin(req, reply, me, { title: format(s.previewTitle, { title: a.title }), current: '/admin/articles/', body });
  });
}
