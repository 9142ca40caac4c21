import type { FastifyRequest } from 'fastify';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { siteOrigin } from '../../platform/http/app.ts';
import {
  ArticleInputSchema,
  ArticlePatchSchema,
  articleRecord,
  countArticleRecords,
  listArticleRecords,
  type ArticleRecord,
  type Articles,
  type RecordFilter,
} from '../articles/index.ts';
import type { Categories } from '../categories/index.ts';
import { isStaff, type Member } from '../members/index.ts';
import { articleJson, recordOf, withoutReadOnly } from './api.article-json.ts';
import { ArticleListQuerySchema } from './api.schemas.ts';
import { jsonObject, parseId, parseWith, type ApiRoute } from './api.route.ts';

export interface ArticleRouteDeps {
  dbh: DbHandle;
  clock: Clock;
  articles: Articles;
  categories: Categories;
  baseUrl: string | undefined;
}

const ID = { id: 'article id' };
const notFound = () => new NotFoundError('文章不存在', 'article_not_found');

export function articleRoutes(deps: ArticleRouteDeps): ApiRoute[] {
  const { articles } = deps;
  const out = (req: FastifyRequest, a: ArticleRecord) => articleJson(a, siteOrigin(req, deps.baseUrl));
  const nowIso = () => deps.clock.now().toISOString();
  const isPublic = (a: ArticleRecord) => a.status === 'published' && a.publishedAt !== null && a.publishedAt <= nowIso();

  /** Staff see every non-deleted article; other tokens only what the site shows (404 otherwise, not 403). */
  async function load(req: FastifyRequest, me: Member): Promise<ArticleRecord> {
    const a = await articleRecord(deps.dbh.db, parseId(req, '文章', 'article_not_found'));
    if (!a || (!isStaff(me.role) && !isPublic(a))) throw notFound();
    return a;
  }

  async function filterFor(q: { status: string; category?: string | undefined }, me: Member): Promise<RecordFilter> {
    if (q.status !== 'published' && !isStaff(me.role)) throw new ForbiddenError('只有编辑和管理员可以查看未发布的文章');
    let categoryIds: number[] | undefined;
    if (q.category !== undefined) {
      const c = await deps.categories.bySlug(q.category);
      if (!c) throw new ValidationError({ category: '栏目不存在' });
      categoryIds = await deps.categories.subtreeIds(c.id);
    }
    return { statuses: [q.status], ...(categoryIds ? { categoryIds } : {}), ...(isStaff(me.role) ? {} : { publishedBy: nowIso() }) };
  }

  return [
    {
      method: 'GET',
      path: '/articles',
      tag: 'articles',
      summary: 'List articles (published by default; other statuses need editor or admin)',
      access: 'read',
      query: ArticleListQuerySchema,
      responses: [{ status: 200, description: 'A page of articles and the total', schema: 'ArticleList' }],
      async handler(req, _reply, me) {
        const q = parseWith(ArticleListQuerySchema, req.query);
        const f = await filterFor(q, me);
        const [items, total] = await Promise.all([
          listArticleRecords(deps.dbh.db, f, q.perPage, (q.page - 1) * q.perPage),
          countArticleRecords(deps.dbh.db, f),
        ]);
        return { items: items.map((a) => out(req, a)), total, page: q.page, perPage: q.perPage };
      },
    },
    {
      method: 'GET',
      path: '/articles/:id',
      tag: 'articles',
      summary: 'Get an article (unpublished ones only for editors and admins)',
      access: 'read',
      params: ID,
      responses: [{ status: 200, description: 'The article', schema: 'Article' }],
      async handler(req, _reply, me) {
        return out(req, await load(req, me));
      },
    },
    {
      method: 'POST',
      path: '/articles',
      tag: 'articles',
      summary: 'Create an article; a new author username becomes a member',
      access: 'staff',
      body: 'ArticleInput',
      responses: [{ status: 201, description: 'Created', schema: 'Article' }],
      async handler(req, reply) {
        const a = recordOf(await articles.create(parseWith(ArticleInputSchema, withoutReadOnly(jsonObject(req)))));
        reply.code(201).header('location', `/api/v1/articles/${a.id}`);
        return out(req, a);
      },
    },
    {
      method: 'PATCH',
      path: '/articles/:id',
      tag: 'articles',
      summary: 'Change some fields of an article',
      access: 'staff',
      params: ID,
      body: 'ArticlePatch',
      responses: [{ status: 200, description: 'The updated article', schema: 'Article' }],
      async handler(req, _reply, me) {
        const current = await load(req, me);
        const id = current.id;
        const patch = parseWith(ArticlePatchSchema, withoutReadOnly(jsonObject(req), current));
        return out(req, recordOf(await articles.update(id, patch, me.id)));
      },
    },
    {
      method: 'PUT',
      path: '/articles/:id',
      tag: 'articles',
      summary: 'Replace an article (omitted optional fields take their defaults; publishedAt is kept when omitted)',
      access: 'staff',
      params: ID,
      body: 'ArticleInput',
      responses: [{ status: 200, description: 'The replaced article', schema: 'Article' }],
      async handler(req, _reply, me) {
        const current = await load(req, me);
        const id = current.id;
        const input = parseWith(ArticleInputSchema, withoutReadOnly(jsonObject(req), current));
        return out(req, recordOf(await articles.update(id, input, me.id)));
      },
    },
    {
      method: 'DELETE',
      path: '/articles/:id',
      tag: 'articles',
      summary: 'Delete an article (it disappears from the site and the API)',
      access: 'staff',
      params: ID,
      responses: [{ status: 204, description: 'Deleted' }],
      async handler(req, reply, me) {
        await articles.remove(parseId(req, '文章', 'article_not_found'), me.id);
        return reply.code(204).send();
      },
    },
  ];
}
