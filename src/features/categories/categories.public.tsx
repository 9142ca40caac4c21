import type { FastifyInstance } from 'fastify';

// Category list pages (desktop and mobile). Filled in by the pages work.
export function registerCategoryPages(app: FastifyInstance, deps: Record<string, unknown>): void {
  void app;
  void deps;
}
