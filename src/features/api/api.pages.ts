import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../../platform/errors.ts';
import type { Audit } from '../audit/index.ts';
import type { Member } from '../members/index.ts';
import type { SettingsService } from '../settings/index.ts';
import { PageInputSchema, PagePatchSchema, type Pages, type StaticPage } from '../pages/index.ts';
import { listPage, withoutReadOnlyFields } from './api.schemas.ts';
import { apiActor, CONFLICT, jsonObject, param, parseWith, type ApiRoute } from './api.route.ts';
import { t } from '../../strings/index.ts';

const SLUG = { slug: 'page slug' };
const SLUG_TAKEN = CONFLICT('The slug is taken by another page (`slug_taken`)');

const out = (p: StaticPage) => ({ slug: p.slug, title: p.title, body: p.body, sortOrder: p.sortOrder, inFooter: p.inFooter, updatedAt: p.updatedAt });
const input = (req: FastifyRequest) => withoutReadOnlyFields(jsonObject(req), 'page');

/**
 * Static pages (关于我们, 联系方式, …), addressed by slug; writes are for admins, as in the console, and
 * as there a rename keeps the old URL (301) and the footer links following it, a delete takes its footer links.
 */
export function pageRoutes(deps: { pages: Pages; audit: Audit; settings: SettingsService }): ApiRoute[] {
  const { pages } = deps;

  async function load(req: FastifyRequest): Promise<StaticPage> {
    const p = await pages.bySlug(param(req, 'slug'));
    if (!p) throw new NotFoundError(t.errors.pageNotFound, 'page_not_found');
    return p;
  }

  /** The console's audit entry for a page written through the API. */
  async function audited(req: FastifyRequest, me: Member, action: 'page.create' | 'page.update' | 'page.delete', p: StaticPage, before?: StaticPage) {
    const detail = { slug: p.slug, title: p.title, ...(before && before.slug !== p.slug ? { oldSlug: before.slug } : {}), via: 'api' };
    await deps.audit.record({ ...apiActor(req, me), action, targetType: 'page', targetId: p.id, detail });
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
        const items = (await pages.list()).map(out);
        return listPage(items, items.length);
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
      access: 'admin',
      body: 'PageInput',
      idempotent: true,
      responses: [{ status: 201, description: 'Created', schema: 'Page' }, SLUG_TAKEN],
      async handler(req, reply, me) {
        const p = await pages.create(parseWith(PageInputSchema, input(req)));
        await audited(req, me, 'page.create', p);
        reply.code(201).header('location', `/api/v1/pages/${p.slug}`);
        return out(p);
      },
    },
    {
      method: 'PATCH',
      path: '/pages/:slug',
      tag: 'pages',
      summary: 'Change some fields of a static page (a new `slug` renames it)',
      access: 'admin',
      params: SLUG,
      body: 'PagePatch',
      responses: [{ status: 200, description: 'The updated page', schema: 'Page' }, SLUG_TAKEN],
      async handler(req, _reply, me) {
        const cur = await load(req);
        const p = await pages.update(cur.slug, parseWith(PagePatchSchema, input(req)));
        await deps.settings.pageRenamed(cur.slug, p.slug);
        await audited(req, me, 'page.update', p, cur);
        return out(p);
      },
    },
    {
      method: 'PUT',
      path: '/pages/:slug',
      tag: 'pages',
      summary: 'Replace a static page',
      access: 'admin',
      params: SLUG,
      body: 'PageInput',
      responses: [{ status: 200, description: 'The replaced page', schema: 'Page' }, SLUG_TAKEN],
      async handler(req, _reply, me) {
        const cur = await load(req);
        const p = await pages.update(cur.slug, parseWith(PageInputSchema, input(req)));
        await deps.settings.pageRenamed(cur.slug, p.slug);
        await audited(req, me, 'page.update', p, cur);
        return out(p);
      },
    },
    {
      method: 'DELETE',
      path: '/pages/:slug',
      tag: 'pages',
      summary: 'Delete a static page',
      access: 'admin',
      params: SLUG,
      responses: [{ status: 204, description: 'Deleted' }],
      async handler(req, reply, me) {
        const p = await load(req);
        await pages.remove(p.slug);
        await deps.settings.pageRemoved(p.slug);
        await audited(req, me, 'page.delete', p);
        return reply.code(204).send();
      },
    },
  ];
}
