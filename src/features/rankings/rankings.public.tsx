import type { FastifyInstance } from 'fastify';

// The 点击排行 page (/hot/). Filled in by the pages work.
export function registerHotPages(app: FastifyInstance, deps: Record<string, unknown>): void {
  void app;
  void deps;
}
