import type { FastifyInstance } from 'fastify';

// RSS, Atom, sitemaps and robots.txt. Filled in by the feeds work.
export function registerFeeds(app: FastifyInstance, deps: Record<string, unknown>): void {
  void app;
  void deps;
}
