import type { FastifyInstance } from 'fastify';

// Static pages, 网站地图 (HTML site map) and the RSS订阅 page. Filled in by the pages work.
export function registerStaticPages(app: FastifyInstance, deps: Record<string, unknown>): void {
  void app;
  void deps;
}
