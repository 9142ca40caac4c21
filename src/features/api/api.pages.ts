import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../../platform/errors.ts';
import { PageInputSchema, PagePatchSchema, type Pages, type StaticPage } from '../pages/index.ts';
import { jsonObject, param, parseWith, type ApiRoute } from './api.route.ts';

const SLUG = { slug: 'page slug' };

const out = (p: StaticPage) => ({ slug: p.slug, title: p.title, body: p.body, sortOrder: p.sortOrder, inFooter: p.inFooter, updatedAt: p.updatedAt });

/** Static pages (关于我们, 联系方式, …), addressed by slug. */
export function pageRoutes(deps: { pages: Pages }): ApiRoute[] {
  const { pages } = deps;

  async function load(req: FastifyRequest): Promise<StaticPage> {
    const p = await pages.bySlug(param(req, 'slug'));
    if (!p) throw new NotFoundError('页面不存在', 'page_not_found');
    return p;
  }

  return [
    {
      method: 'GET',
      path: '/pages',
      tag: 'pages',
      summary: 'List static pages',
      access: 'read',
      responses: [{ status: 200, description: 'Every static page', schema: 'PageList' }],
      async handler() {
        return { items: (await pages.list()).map(out) };
      },
    },
    {
      method: 'GET',
      path: '/pages/:slug',
      tag: 'pages',
      summary: 'Get a static page',
      access: 'read',
      params: SLUG,
      responses: [{ status: 200, description: 'The page', schema: 'Page' }],
      async handler(req) {
        return out(await load(req));
      },
    },
    {
      method: 'POST',
      path: '/pages',
      tag: 'pages',
      summary: 'Create a static page',
      access: 'staff',
      body: 'PageInput',
      responses: [{ status: 201, description: 'Created', schema: 'Page' }],
      async handler(req, reply) {
        const p = await pages.create(parseWith(PageInputSchema, jsonObject(req)));
        reply.code(201).header('location', `/api/v1/pages/${p.slug}`);
        return out(p);
      },
    },
    {
      method: 'PATCH',
      path: '/pages/:slug',
      tag: 'pages',
      summary: 'Change some fields of a static page (a new `slug` renames it)',
      access: 'staff',
      params: SLUG,
      body: 'PagePatch',
      responses: [{ status: 200, description: 'The updated page', schema: 'Page' }],
      async handler(req) {
        const cur = await load(req);
        return out(await pages.update(cur.slug, parseWith(PagePatchSchema, jsonObject(req))));
      },
    },
    {
      method: 'PUT',
      path: '/pages/:slug',
      tag: 'pages',
      summary: 'Replace a static page',
      access: 'staff',
      params: SLUG,
      body: 'PageInput',
      responses: [{ status: 200, description: 'The replaced page', schema: 'Page' }],
      async handler(req) {
        const cur = await load(req);
        return out(await pages.update(cur.slug, parseWith(PageInputSchema, jsonObject(req))));
      },
    },
    {
      method: 'DELETE',
      path: '/pages/:slug',
      tag: 'pages',
      summary: 'Delete a static page',
      access: 'staff',
      params: SLUG,
      responses: [{ status: 204, description: 'Deleted' }],
      async handler(req, reply) {
        await pages.remove((await load(req)).slug);
        return reply.code(204).send();
      },
    },
  ];
}
