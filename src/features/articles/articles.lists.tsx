import type { FastifyInstance } from 'fastify';

// Tag and author list pages (desktop and mobile). Filled in by the pages work.
export function registerArticleListPages(app: FastifyInstance, deps: Record<string, unknown>): void {
  void app;
  void deps;
}
