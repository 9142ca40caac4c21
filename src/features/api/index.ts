import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { siteOrigin } from '../../platform/http/app.ts';
import { createBearerGuard } from '../../platform/http/auth.ts';
import type { Articles } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Categories } from '../categories/index.ts';
import type { Members } from '../members/index.ts';
import type { Pages } from '../pages/index.ts';
import type { SettingsService } from '../settings/index.ts';
import { articleRoutes } from './api.articles.ts';
import { categoryRoutes } from './api.categories.ts';
import { pageRoutes } from './api.pages.ts';
import { settingsRoutes } from './api.settings.ts';
import { statusRoutes } from './api.status.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { Hits } from '../rankings/index.ts';
import { API_PREFIX, buildOpenApi } from './api.openapi.ts';
import { isAllowed, type Access, type ApiDoc, type ApiRoute } from './api.route.ts';
import { requireJsonBody } from './api.member.ts';
import { createIdempotency } from './api.idempotency.ts';
import { t } from '../../strings/index.ts';

export { articleJson, recordOf } from './api.article-json.ts';
export { API_PREFIX, openApiPath } from './api.openapi.ts';
export { CategoryInputSchema } from './api.schemas.ts';
export type { ArticleJson } from './api.schemas.ts';
export type { ApiDoc } from './api.route.ts';
export { BadRequestError, jsonObject } from './api.route.ts';
export { memberApi } from './api.member.ts';

export interface ApiDeps {
  dbh: DbHandle;
  clock: Clock;
  articles: Articles;
  categories: Categories;
  pages: Pages;
  settings: SettingsService;
  members: Members;
  cache: PageCache;
  hits: Hits;
  /** API writes are recorded like the console's, with the token's member as actor. */
  audit: Audit;
  baseUrl: string | undefined;
  /** /api/v1 routes other features register themselves (e.g. tips), for the OpenAPI document. */
  documented?: ApiDoc[];
}

/** Every /api/v1 endpoint, including the OpenAPI document that describes them all. */
export function apiRoutes(deps: ApiDeps): ApiRoute[] {
  const routes: ApiRoute[] = [...articleRoutes(deps), ...categoryRoutes(deps), ...pageRoutes(deps), ...settingsRoutes(deps), ...statusRoutes(deps)];
  let doc: Record<string, unknown> | undefined;
  routes.push({
    method: 'GET',
    path: '/openapi.json',
    tag: 'meta',
    summary: 'This OpenAPI 3.1 document',
    access: 'public',
    responses: [{ status: 200, description: 'The document', schema: { type: 'object' } }],
    async handler(req) {
      doc ??= buildOpenApi(routes, deps.documented);
      return { ...doc, servers: [{ url: siteOrigin(req, deps.baseUrl) }] };
    },
  });
  return routes;
}

const accessOf = (req: FastifyRequest): Access => (req.routeOptions.config as { access?: Access }).access ?? 'read';

/**
 * JSON API under /api/v1 with bearer tokens. Before the body is read: 401 without a valid token, 403
 * when the member's role may not call the route, 400 unless the body is `application/json`.
 */
export function registerApi(app: FastifyInstance, deps: ApiDeps): void {
  const routes = apiRoutes(deps);
  const idempotency = createIdempotency(deps);
  const guard = createBearerGuard((token) => deps.members.memberForToken(token), { realm: 'zixun', isPublic: (req) => accessOf(req) === 'public' });

  void app.register(
    async (api) => {
      // A DELETE carries no body, but clients often send `Content-Type: application/json` on every call:
      // an empty body is then nothing to parse, not a 400 (any body that is there must still be JSON).
      const parseJson = api.getDefaultJsonParser('error', 'error');
      api.removeContentTypeParser('application/json');
      api.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
        if (req.method === 'DELETE' && body === '') return done(null, undefined);
        parseJson(req, body as string, done);
      });
      api.addHook('onRequest', async (req, reply) => {
        reply.header('cache-control', 'no-store');
        const access = accessOf(req);
        await guard.authenticate(req, reply);
        if (access !== 'public' && !isAllowed(access, guard.principal(req)))
          throw new ForbiddenError(access === 'admin' ? t.errors.api.adminOnly : t.errors.api.staffOnly);
        requireJsonBody(req);
      });
      for (const r of routes) {
        api.route({
          method: r.method,
          url: r.path,
          config: { access: r.access } as object,
          ...(r.bodyLimit ? { bodyLimit: r.bodyLimit } : {}),
          handler: (req, reply) => {
            if (r.access === 'public') return r.handler(req, reply);
            const me = guard.principal(req);
            if (r.idempotent) return idempotency.run(req, reply, me, `${r.method} ${r.path}`, () => r.handler(req, reply, me));
            return r.handler(req, reply, me);
          },
        });
      }
    },
    { prefix: API_PREFIX },
  );
}
