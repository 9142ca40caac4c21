import type { FastifyInstance } from 'fastify';

// JSON API /api/v1 and its OpenAPI document. Filled in by the API work.
export function registerApi(app: FastifyInstance, deps: Record<string, unknown>): void {
  void app;
  void deps;
}
