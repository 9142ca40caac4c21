import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Hits } from '../rankings/index.ts';
import type { ApiRoute } from './api.route.ts';

const started = Date.now();

/** Operational figures for admins and monitoring: page cache hit/miss counts, hit counter, database. */
export function statusRoutes(deps: { cache: PageCache; hits: Hits; dbh: DbHandle }): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/status',
      tag: 'meta',
      summary: 'Page cache hit/miss counts, hit counter figures, database dialect and uptime',
      access: 'admin',
      responses: [{ status: 200, description: 'Status', schema: { type: 'object' } }],
      async handler() {
        const mem = process.memoryUsage();
        return {
          database: deps.dbh.dialect,
          uptimeSeconds: Math.round((Date.now() - started) / 1000),
          memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
          pageCache: deps.cache.stats(),
          hits: deps.hits.stats(),
        };
      },
    },
  ];
}
