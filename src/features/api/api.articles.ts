import type { FastifyRequest } from 'fastify';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { siteOrigin } from '../../platform/http/app.ts';
import { t } from '../../strings/index.ts';
import {
  ArticleInputSchema,
  ArticlePatchSchema,
  parseArticleFields,
  articleRecord,
  countArticleRecords,
  listArticleRecords,
  type ArticleRecord,
  type Articles,
  type RecordFilter,
} from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Categories } from '../categories/index.ts';
import { isStaff, type Member } from '../members/index.ts';
import { articleJson, recordOf, withoutReadOnly } from './api.article-json.ts';
import { ArticleListQuerySchema, listPage, type ArticleJson } from './api.schemas.ts';
import { apiActor, jsonObject, parseId, parseWith, type ApiRoute } from './api.route.ts';

export interface ArticleRouteDeps {
  dbh: DbHandle;
  clock: Clock;
  articles: Articles;
  categories: Categories;
  audit: Audit;
  baseUrl: string | undefined;
}

const ID = { id: 'article id' };
/** An article's JSON may carry a body of up to 500,000 characters (about 1.5 MB of UTF-8, more when escaped). */
const ARTICLE_BODY_LIMIT = 8 * 1024 * 1024;
const notFound = () => new NotFoundError(t.errors.articleNotFound, 'article_not_found');
const NOT_COMPARED = new Set(['id', 'url', 'mobileUrl']);

/** Names of the article's fields an update changed (for the audit entry, like the console's). */
function changedFields(before: ArticleJson, after: ArticleJson): string[] {
  return (Object.keys(after) as Array<keyof ArticleJson>).filter((k) => !NOT_COMPARED.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export function articleRoutes(deps: ArticleRouteDeps): ApiRoute[] {
  const { articles, categories } = deps;
  const out = (req: FastifyRequest, a: ArticleRecord) => articleJson(a, siteOrigin(req, deps.baseUrl));
  const nowIso = () => deps.clock.now().toISOString();
  const isPublic = (a: ArticleRecord) => a.status === 'published' && a.publishedAt !== null && a.publishedAt <= nowIso();

  /** Staff see every non-deleted article; other tokens only what the site shows (404 otherwise, not 403). */
  async function load(req: FastifyRequest, me: Member): Promise<ArticleRecord> {
    const a = await articleRecord(deps.dbh.db, parseId(req, t.errors.articleNotFound, 'article_not_found'));
    if (!a || (!isStaff(me.role) && !isPublic(a))) throw notFound();
    return a;
  }

  async function filterFor(q: { status: string; category?: string | undefined }, me: Member): Promise<RecordFilter> {
    if (q.status !== 'published' && !isStaff(me.role)) throw new ForbiddenError(t.errors.api.unpublishedStaffOnly);
    let categoryIds: number[] | undefined;
    if (q.category !== undefined) {
      const c = await deps.categories.bySlug(q.category);
      if (!c) throw new ValidationError({ category: t.errors.categoryNotFound });
      categoryIds = await deps.categories.subtreeIds(c.id);
    }
    return { statuses: [q.status], ...(categoryIds ? { categoryIds } : {}), ...(isStaff(me.role) ? {} : { publishedBy: nowIso() }) };
  }

  /** Writes a parsed PATCH or PUT and records it as the console's edit form does. */
  async function update(req: FastifyRequest, me: Member, current: ArticleRecord, patch: Record<string, unknown>): Promise<ArticleJson> {
    const after = out(req, recordOf(await articles.update(current.id, patch, me.id)));
    const changed = changedFields(out(req, current), after);
    await deps.audit.record({
      ...apiActor(req, me),
      action: 'article.update',
      targetType: 'article',
      targetId: current.id,
      detail: { title: after.title, changed, via: 'api' },
    });
    return after;
  }

  return [
    {
      method: 'GET',
      path: '/articles',
      tag: 'articles',
      summary: 'List articles (published by default; other statuses need editor or admin)',
      access: 'read',
      query: ArticleListQuerySchema,
      responses: [{ status: 200, description: 'A page of articles, the total and the number of pages', schema: 'ArticleList' }],
      async handler(req, _reply, me) {
        const q = parseWith(ArticleListQuerySchema, req.query);
        const f = await filterFor(q, me);
        const [items, total] = await Promise.all([
          listArticleRecords(deps.dbh.db, f, q.perPage, (q.page - 1) * q.perPage),
          countArticleRecords(deps.dbh.db, f),
        ]);
        return {
          ...listPage(
            items.map((a) => out(req, a)),
            total,
            q.page,
            q.perPage,
          ),
          perPage: q.perPage,
        };
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
      bodyLimit: ARTICLE_BODY_LIMIT,
      idempotent: true,
      responses: [{ status: 201, description: 'Created', schema: 'Article' }],
      async handler(req, reply, me) {
        const input = await parseArticleFields(categories, ArticleInputSchema, withoutReadOnly(jsonObject(req)));
        const a = recordOf(await articles.create(input));
        await deps.audit.record({
          ...apiActor(req, me),
          action: 'article.create',
          targetType: 'article',
          targetId: a.id,
          detail: { title: a.title, via: 'api' },
        });
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
      bodyLimit: ARTICLE_BODY_LIMIT,
      responses: [{ status: 200, description: 'The updated article', schema: 'Article' }],
      async handler(req, _reply, me) {
        const current = await load(req, me);
        const patch = await parseArticleFields(categories, ArticlePatchSchema, withoutReadOnly(jsonObject(req), current), current);
        return update(req, me, current, patch);
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
      bodyLimit: ARTICLE_BODY_LIMIT,
      responses: [{ status: 200, description: 'The replaced article', schema: 'Article' }],
      async handler(req, _reply, me) {
        const current = await load(req, me);
        const input = await parseArticleFields(categories, ArticleInputSchema, withoutReadOnly(jsonObject(req), current), current);
        return update(req, me, current, input);
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
        const a = await load(req, me);
        await articles.remove(a.id, me.id);
        await deps.audit.record({
          ...apiActor(req, me),
          action: 'article.delete',
          targetType: 'article',
          targetId: a.id,
          detail: { title: a.title, via: 'api' },
        });
        return reply.code(204).send();
      },
    },
  ];
}
