import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { FormErrors } from '../../platform/html/forms.tsx';
import { categoryFieldProblems, type Category, type CategoryInput } from '../categories/index.ts';
import type { Member } from '../members/index.ts';
import { format } from '../../strings/index.ts';
import { actor, ConfirmBox, flashOf, formOf, intOf, s, seeOther, topLevel, type AdminDeps } from './admin.shared.tsx';
import { CategoryBlocked, CategoryFormView, CategoryListView, type CategoryFormValues } from './views/categories.tsx';

type SlugRoute = { Params: { slug: string } };
const HOME = '/admin/categories/';

function valuesOf(c: Category, all: Category[]): CategoryFormValues {
  const parent = all.find((x) => x.id === c.parentId);
  return { slug: c.slug, name: c.name, parent: parent?.slug ?? '', description: c.description, sortOrder: String(c.sortOrder) };
}

function formValues(f: Record<string, string>): CategoryFormValues {
  return { slug: (f.slug ?? '').trim(), name: f.name ?? '', parent: f.parent ?? '', description: f.description ?? '', sortOrder: (f.sortOrder ?? '').trim() };
}

/** The service's input, or every problem of the form at once (the service checks the parent and duplicates). */
function inputOf(v: CategoryFormValues): { input?: CategoryInput; errors: FormErrors } {
  const errors: FormErrors = { ...categoryFieldProblems(v) };
  // Left empty: a new category goes after its siblings, an edited one keeps its place.
  const sortOrder = v.sortOrder === '' ? null : intOf(v.sortOrder);
  if (sortOrder === undefined || (sortOrder !== null && Math.abs(sortOrder) > 100_000)) errors.sortOrder = s.e.number;
  if (v.description.length > 500) errors.description = s.e.tooLong;
  if (Object.keys(errors).length) return { errors };
  const input: CategoryInput = { slug: v.slug, name: v.name, parent: v.parent || null, description: v.description.trim() };
  return { input: sortOrder === null ? input : { ...input, sortOrder }, errors };
}

/** 栏目管理 (admins): the category tree, create, edit, delete (refused while not empty). */
export function registerAdminCategories(app: FastifyInstance, deps: AdminDeps): void {
  const { guards, categories, audit } = deps;

  async function load(slug: string): Promise<Category> {
    const c = await categories.bySlug(slug);
    if (!c) throw new NotFoundError(s.notFound.category);
    return c;
  }

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    p: { title: string; action: string; values: CategoryFormValues; errors?: FormErrors; self?: Category; status?: number },
  ) {
    const all = await categories.all();
    const exclude = new Set(p.self ? await categories.subtreeIds(p.self.id) : []);
    const errors = p.errors ?? {};
    const body = <CategoryFormView action={p.action} values={p.values} errors={errors} all={all} exclude={exclude} csrf={deps.console.csrf(req, reply)} />;
    return deps.console.admin(req, reply, me, {
      title: p.title,
      current: HOME,
      body,
      flash: flashOf(req.query),
      status: p.status ?? (Object.keys(errors).length ? 422 : 200),
    });
  }

  /** Runs a create or update; validation and slug conflicts come back as field messages. */
  async function save(
    v: CategoryFormValues,
    write: (input: CategoryInput) => Promise<Category>,
  ): Promise<{ saved?: Category; errors: FormErrors; status?: number }> {
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
    const body = <CategoryListView all={await categories.all()} />;
    return deps.console.admin(req, reply, me, { title: s.categories, current: HOME, body, flash: flashOf(req.query) });
  });

  app.get('/admin/categories/new', async (req, reply) => {
    const me = await guards.admin(req);
    return renderForm(req, reply, me, {
      title: s.newCategory,
      action: '/admin/categories/new',
      values: { slug: '', name: '', parent: '', description: '', sortOrder: '' },
    });
  });

  app.post('/admin/categories/new', async (req, reply) => {
    const me = await guards.admin(req);
    const values = formValues(formOf(req.body));
    const r = await save(values, (input) => categories.create(input));
    if (!r.saved) return renderForm(req, reply, me, { title: s.newCategory, action: '/admin/categories/new', values, errors: r.errors, status: r.status });
    await audit.record({
      ...actor(req, me),
      action: 'category.create',
      targetType: 'category',
      targetId: r.saved.id,
      detail: { slug: r.saved.slug, name: r.saved.name },
    });
    return seeOther(reply, `${HOME}?ok=created`);
  });

  app.get<SlugRoute>('/admin/categories/:slug/edit', async (req, reply) => {
    const me = await guards.admin(req);
    const c = await load(req.params.slug);
    const action = `/admin/categories/${c.slug}/edit`;
    return renderForm(req, reply, me, { title: s.editCategory, action, values: valuesOf(c, await categories.all()), self: c });
  });

  app.post<SlugRoute>('/admin/categories/:slug/edit', async (req, reply) => {
    const me = await guards.admin(req);
    const c = await load(req.params.slug);
    const values = formValues(formOf(req.body));
    const r = await save(values, (input) => categories.update(c.slug, input));
    const action = `/admin/categories/${c.slug}/edit`;
    if (!r.saved) return renderForm(req, reply, me, { title: s.editCategory, action, values, errors: r.errors, self: c, status: r.status });
    const detail = { slug: r.saved.slug, name: r.saved.name, ...(c.slug !== r.saved.slug ? { oldSlug: c.slug } : {}) };
    await audit.record({ ...actor(req, me), action: 'category.update', targetType: 'category', targetId: c.id, detail });
    return seeOther(reply, `${HOME}?ok=saved`);
  });

  /** The confirmation page; while the category still has articles (live or deleted) or children, it says which instead. */
  async function confirm(req: FastifyRequest, reply: FastifyReply, me: Member, c: Category, error?: string) {
    const usage = await categories.usage(c.id);
    const blocked = usage.articles > 0 || usage.deleted > 0 || usage.children.length > 0;
    const message = format(s.deleteCategoryBody, { name: c.name });
    const body = blocked ? (
      <CategoryBlocked category={c} usage={usage} error={error} />
    ) : (
      <ConfirmBox message={message} action={`/admin/categories/${c.slug}/delete`} csrf={deps.console.csrf(req, reply)} cancel={HOME} error={error} />
    );
    return deps.console.admin(req, reply, me, { title: s.deleteCategory, current: HOME, body, status: error ? 409 : 200 });
  }

  app.get<SlugRoute>('/admin/categories/:slug/delete', async (req, reply) => {
    const me = await guards.admin(req);
    return confirm(req, reply, me, await load(req.params.slug));
  });

  app.post<SlugRoute>('/admin/categories/:slug/delete', async (req, reply) => {
    const me = await guards.admin(req);
    const c = await load(req.params.slug);
    try {
      await categories.remove(c.slug);
    } catch (e) {
      if (e instanceof ConflictError) return confirm(req, reply, me, c, e.message);
      throw e;
    }
    await audit.record({ ...actor(req, me), action: 'category.delete', targetType: 'category', targetId: c.id, detail: { slug: c.slug, name: c.name } });
    return seeOther(reply, `${HOME}?ok=deleted`);
  });
}
