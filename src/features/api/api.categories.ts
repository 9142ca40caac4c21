import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../../platform/errors.ts';
import { siteOrigin } from '../../platform/http/app.ts';
import { urls } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Categories, Category } from '../categories/index.ts';
import type { Member } from '../members/index.ts';
import { CategoryInputSchema, CategoryPatchSchema, listPage, withoutReadOnlyFields, type CategoryJson } from './api.schemas.ts';
import { apiActor, CONFLICT, jsonObject, param, parseWith, type ApiRoute } from './api.route.ts';
import { t } from '../../strings/index.ts';

export interface CategoryRouteDeps {
  categories: Categories;
  audit: Audit;
  baseUrl: string | undefined;
}

const SLUG = { slug: 'category slug' };
const SLUG_TAKEN = CONFLICT('The slug is taken by another category (`slug_taken`)');
const input = (req: FastifyRequest) => withoutReadOnlyFields(jsonObject(req), 'category');

export function categoryRoutes(deps: CategoryRouteDeps): ApiRoute[] {
  const { categories } = deps;

  /** The console's audit entry for a category written through the API. */
  async function audited(req: FastifyRequest, me: Member, action: 'category.create' | 'category.update', c: Category, before?: Category) {
    const detail = { slug: c.slug, name: c.name, ...(before && before.slug !== c.slug ? { oldSlug: before.slug } : {}), via: 'api' };
    await deps.audit.record({ ...apiActor(req, me), action, targetType: 'category', targetId: c.id, detail });
  }

  async function out(req: FastifyRequest, c: Category): Promise<CategoryJson> {
    const parent = c.parentId === null ? undefined : await categories.byId(c.parentId);
    return {
      slug: c.slug,
      name: c.name,
      parent: parent?.slug ?? null,
      description: c.description,
      sortOrder: c.sortOrder,
      url: siteOrigin(req, deps.baseUrl) + urls.category(c.slug),
    };
  }

  async function load(req: FastifyRequest): Promise<Category> {
    const c = await categories.bySlug(param(req, 'slug'));
    if (!c) throw new NotFoundError(t.errors.categoryNotFound, 'category_not_found');
    return c;
  }

  return [
    {
      method: 'GET',
      path: '/categories',
      tag: 'categories',
      summary: 'List all categories (tree order: parents name their children through `parent`)',
      access: 'read',
      responses: [{ status: 200, description: 'Every category', schema: 'CategoryList' }],
      async handler(req) {
        const items = await Promise.all((await categories.all()).map((c) => out(req, c)));
        return listPage(items, items.length);
      },
    },
    {
      method: 'GET',
      path: '/categories/:slug',
      tag: 'categories',
      summary: 'Get a category',
      access: 'read',
      params: SLUG,
      responses: [{ status: 200, description: 'The category', schema: 'Category' }],
      async handler(req) {
        return out(req, await load(req));
      },
    },
    {
      method: 'POST',
      path: '/categories',
      tag: 'categories',
      summary: 'Create a category',
      access: 'admin',
      body: 'CategoryInput',
      idempotent: true,
      responses: [{ status: 201, description: 'Created', schema: 'Category' }, SLUG_TAKEN],
      async handler(req, reply, me) {
        const c = await categories.create(parseWith(CategoryInputSchema, input(req)));
        await audited(req, me, 'category.create', c);
        reply.code(201).header('location', `/api/v1/categories/${c.slug}`);
        return out(req, c);
      },
    },
    {
      method: 'PATCH',
      path: '/categories/:slug',
      tag: 'categories',
      summary: 'Change some fields of a category (a new `slug` renames it)',
      access: 'admin',
      params: SLUG,
      body: 'CategoryPatch',
      responses: [{ status: 200, description: 'The updated category', schema: 'Category' }, SLUG_TAKEN],
      async handler(req, _reply, me) {
        const before = await load(req);
        const cur = await out(req, before);
        const patch = parseWith(CategoryPatchSchema, input(req));
        const c = await categories.update(cur.slug, { ...cur, ...patch });
        await audited(req, me, 'category.update', c, before);
        return out(req, c);
      },
    },
    {
      method: 'PUT',
      path: '/categories/:slug',
      tag: 'categories',
      summary: 'Replace a category',
      access: 'admin',
      params: SLUG,
      body: 'CategoryInput',
      responses: [{ status: 200, description: 'The replaced category', schema: 'Category' }, SLUG_TAKEN],
      async handler(req, _reply, me) {
        const before = await load(req);
        const c = await categories.update(before.slug, parseWith(CategoryInputSchema, input(req)));
        await audited(req, me, 'category.update', c, before);
        return out(req, c);
      },
    },
    {
      method: 'DELETE',
      path: '/categories/:slug',
      tag: 'categories',
      summary: 'Delete an empty category (409 while it has articles or subcategories)',
      access: 'admin',
      params: SLUG,
      responses: [{ status: 204, description: 'Deleted' }, CONFLICT('The category still has articles or subcategories (`category_not_empty`)')],
      async handler(req, reply, me) {
        const c = await load(req);
        await categories.remove(c.slug);
        const detail = { slug: c.slug, name: c.name, via: 'api' };
        await deps.audit.record({ ...apiActor(req, me), action: 'category.delete', targetType: 'category', targetId: c.id, detail });
        return reply.code(204).send();
      },
    },
  ];
}
