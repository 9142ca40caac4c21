import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../../platform/errors.ts';
import { siteOrigin } from '../../platform/http/app.ts';
import { urls } from '../articles/index.ts';
import type { Categories, Category } from '../categories/index.ts';
import { CategoryInputSchema, CategoryPatchSchema, type CategoryJson } from './api.schemas.ts';
import { jsonObject, param, parseWith, type ApiRoute } from './api.route.ts';

export interface CategoryRouteDeps {
  categories: Categories;
  baseUrl: string | undefined;
}

const SLUG = { slug: 'category slug' };

export function categoryRoutes(deps: CategoryRouteDeps): ApiRoute[] {
  const { categories } = deps;

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
    if (!c) throw new NotFoundError('栏目不存在', 'category_not_found');
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
        return { items: await Promise.all((await categories.all()).map((c) => out(req, c))) };
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
      access: 'staff',
      body: 'CategoryInput',
      responses: [{ status: 201, description: 'Created', schema: 'Category' }],
      async handler(req, reply) {
        const c = await categories.create(parseWith(CategoryInputSchema, jsonObject(req)));
        reply.code(201).header('location', `/api/v1/categories/${c.slug}`);
        return out(req, c);
      },
    },
    {
      method: 'PATCH',
      path: '/categories/:slug',
      tag: 'categories',
      summary: 'Change some fields of a category (a new `slug` renames it)',
      access: 'staff',
      params: SLUG,
      body: 'CategoryPatch',
      responses: [{ status: 200, description: 'The updated category', schema: 'Category' }],
      async handler(req) {
        const cur = await out(req, await load(req));
        const patch = parseWith(CategoryPatchSchema, jsonObject(req));
        return out(req, await categories.update(cur.slug, { ...cur, ...patch }));
      },
    },
    {
      method: 'PUT',
      path: '/categories/:slug',
      tag: 'categories',
      summary: 'Replace a category',
      access: 'staff',
      params: SLUG,
      body: 'CategoryInput',
      responses: [{ status: 200, description: 'The replaced category', schema: 'Category' }],
      async handler(req) {
        const cur = await load(req);
        return out(req, await categories.update(cur.slug, parseWith(CategoryInputSchema, jsonObject(req))));
      },
    },
    {
      method: 'DELETE',
      path: '/categories/:slug',
      tag: 'categories',
      summary: 'Delete an empty category (409 while it has articles or subcategories)',
      access: 'staff',
      params: SLUG,
      responses: [{ status: 204, description: 'Deleted' }],
      async handler(req, reply) {
        await categories.remove((await load(req)).slug);
        return reply.code(204).send();
      },
    },
  ];
}
