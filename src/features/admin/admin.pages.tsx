import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { FormErrors } from '../../platform/html/forms.tsx';
import type { StaticPage } from '../pages/index.ts';
import type { Member } from '../members/index.ts';
import { format } from '../../strings/index.ts';
import { actor, ConfirmBox, flashOf, formOf, intOf, s, seeOther, topLevel, type AdminDeps } from './admin.shared.tsx';
import { PageFormView, PageListView, type PageFormValues } from './views/pages.tsx';

type SlugRoute = { Params: { slug: string } };
const HOME = '/admin/pages/';

function formValues(f: Record<string, string>): PageFormValues {
  return { slug: (f.slug ?? '').trim(), title: f.title ?? '', body: f.body ?? '', sortOrder: (f.sortOrder ?? '').trim(), inFooter: f.inFooter === '1' };
}

/** What the pages service takes; the sort order is checked here (the service checks the rest). */
function inputOf(v: PageFormValues): { input?: Record<string, unknown>; errors: FormErrors } {
  const sortOrder = v.sortOrder === '' ? 0 : intOf(v.sortOrder);
  if (sortOrder === undefined || Math.abs(sortOrder) > 1000) return { errors: { sortOrder: s.e.number } };
  return { input: { slug: v.slug, title: v.title, body: v.body, sortOrder, inFooter: v.inFooter }, errors: {} };
}

/** 单页管理 (admins): static pages such as 关于我们 and 联系方式. */
export function registerAdminPages(app: FastifyInstance, deps: AdminDeps): void {
  const { guards, pages, audit } = deps;

  async function load(slug: string): Promise<StaticPage> {
    const p = await pages.bySlug(slug);
    if (!p) throw new NotFoundError(s.notFound.page);
    return p;
  }

  function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    p: { title: string; action: string; values: PageFormValues; errors?: FormErrors; status?: number },
  ) {
    const errors = p.errors ?? {};
    const body = <PageFormView action={p.action} values={p.values} errors={errors} csrf={deps.console.csrf(req, reply)} />;
    return deps.console.admin(req, reply, me, {
      title: p.title,
      current: HOME,
      body,
      flash: flashOf(req.query),
      status: p.status ?? (Object.keys(errors).length ? 422 : 200),
    });
  }

  async function save(v: PageFormValues, write: (input: Record<string, unknown>) => Promise<StaticPage>) {
    const { input, errors } = inputOf(v);
    if (!input) return { errors };
    try {
      return { saved: await write(input), errors: {} };
    } catch (e) {
      if (e instanceof ValidationError) return { errors: topLevel(e.fields) };
      if (e instanceof ConflictError) return { errors: { slug: e.message }, status: 409 };
      throw e;
    }
  }

  app.get(HOME, async (req, reply) => {
    const me = await guards.admin(req);
    const [list, st] = await Promise.all([pages.list(), deps.settings.get()]);
    const inSettings = new Set(st.footerLinks.map((l) => l.href));
    const body = <PageListView pages={list} inSettings={(slug) => inSettings.has(`/page/${slug}.html`)} />;
    return deps.console.admin(req, reply, me, { title: s.pages, current: HOME, body, flash: flashOf(req.query) });
  });

  app.get('/admin/pages/new', async (req, reply) => {
    const me = await guards.admin(req);
    return renderForm(req, reply, me, {
      title: s.newPage,
      action: '/admin/pages/new',
      values: { slug: '', title: '', body: '', sortOrder: '0', inFooter: false },
    });
  });

  app.post('/admin/pages/new', async (req, reply) => {
    const me = await guards.admin(req);
    const values = formValues(formOf(req.body));
    const r = await save(values, (input) => pages.create(input));
    if (!r.saved) return renderForm(req, reply, me, { title: s.newPage, action: '/admin/pages/new', values, errors: r.errors, status: r.status });
    await audit.record({
      ...actor(req, me),
      action: 'page.create',
      targetType: 'page',
      targetId: r.saved.id,
      detail: { slug: r.saved.slug, title: r.saved.title },
    });
    return seeOther(reply, `${HOME}?ok=created`);
  });

  app.get<SlugRoute>('/admin/pages/:slug/edit', async (req, reply) => {
    const me = await guards.admin(req);
    const p = await load(req.params.slug);
    const values = { slug: p.slug, title: p.title, body: p.body, sortOrder: String(p.sortOrder), inFooter: p.inFooter };
    return renderForm(req, reply, me, { title: s.editPage, action: `/admin/pages/${p.slug}/edit`, values });
  });

  app.post<SlugRoute>('/admin/pages/:slug/edit', async (req, reply) => {
    const me = await guards.admin(req);
    const p = await load(req.params.slug);
    const values = formValues(formOf(req.body));
    const r = await save(values, (input) => pages.update(p.slug, input));
    if (!r.saved) return renderForm(req, reply, me, { title: s.editPage, action: `/admin/pages/${p.slug}/edit`, values, errors: r.errors, status: r.status });
    // Footer links to the old URL follow the page, and the old URL redirects to the new one.
    if (p.slug !== r.saved.slug) await deps.settings.pageRenamed(p.slug, r.saved.slug);
    const detail = { slug: r.saved.slug, title: r.saved.title, ...(p.slug !== r.saved.slug ? { oldSlug: p.slug } : {}) };
    await audit.record({ ...actor(req, me), action: 'page.update', targetType: 'page', targetId: p.id, detail });
    return seeOther(reply, `${HOME}?ok=saved`);
  });

  app.get<SlugRoute>('/admin/pages/:slug/delete', async (req, reply) => {
    const me = await guards.admin(req);
    const p = await load(req.params.slug);
    const links = await deps.settings.footerLinksTo(p.slug);
    const message =
      format(s.deletePageBody, { title: p.title }) + (links.length ? format(s.deletePageFooter, { links: links.map((l) => `“${l.label}”`).join('、') }) : '');
    const body = <ConfirmBox message={message} action={`/admin/pages/${p.slug}/delete`} csrf={deps.console.csrf(req, reply)} cancel={HOME} />;
    return deps.console.admin(req, reply, me, { title: s.deletePage, current: HOME, body });
  });

  app.post<SlugRoute>('/admin/pages/:slug/delete', async (req, reply) => {
    const me = await guards.admin(req);
    const p = await load(req.params.slug);
    await pages.remove(p.slug);
    // Footer links to the page go with it (the confirmation said so): no footer link leads to a 404.
    await deps.settings.pageRemoved(p.slug);
    await audit.record({ ...actor(req, me), action: 'page.delete', targetType: 'page', targetId: p.id, detail: { slug: p.slug, title: p.title } });
    return seeOther(reply, `${HOME}?ok=deleted`);
  });
}
