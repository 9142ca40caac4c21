import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type RouteOptions } from 'fastify';
import { createTestApp } from '../../test/app.ts';
import { openApiPath, registerApi } from './index.ts';

test('every registered /api/v1 route is in the OpenAPI document, and nothing else is', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  // A bare Fastify instance that records what registerApi really registers.
  const app = Fastify();
  t.after(() => app.close());
  const registered: string[] = [];
  app.addHook('onRoute', (r: RouteOptions) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD' && r.url.startsWith('/api/v1/')) registered.push(`${m.toLowerCase()} ${r.url}`);
  });
  registerApi(app, { ...z, baseUrl: 'https://www.example.cn' });
  await app.ready();
  assert.ok(registered.length >= 20, `only ${registered.length} routes`);

  const res = await app.inject('/api/v1/openapi.json');
  assert.equal(res.statusCode, 200);
  const doc = JSON.parse(res.body) as {
    openapi: string;
    servers: Array<{ url: string }>;
    paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
    components: { securitySchemes: Record<string, { scheme: string }>; schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  assert.equal(doc.openapi, '3.1.0');
  assert.deepEqual(doc.servers, [{ url: 'https://www.example.cn' }]);

  const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
  const expected = registered.map((r) => {
    const [m, url] = r.split(' ') as [string, string];
    return `${m} ${openApiPath(url.slice('/api/v1'.length))}`;
  });
  assert.deepEqual([...documented].sort(), [...expected].sort());

  assert.equal(doc.components.securitySchemes.bearerAuth?.scheme, 'bearer');
  assert.deepEqual(doc.paths['/api/v1/openapi.json']?.get?.security, [], 'the document itself is public');
  assert.ok(doc.paths['/api/v1/articles']?.post?.responses['422'], 'validation errors are documented');
  assert.ok(doc.paths['/api/v1/settings']?.patch?.responses['403']);

  const article = doc.components.schemas.Article?.properties ?? {};
  for (const key of [
    'id',
    'title',
    'subtitle',
    'summary',
    'body',
    'category',
    'tags',
    'author',
    'source',
    'sourceUrl',
    'original',
    'originalClaimed',
    'status',
    'recommendLevel',
    'verified',
    'publishedAt',
    'cover',
    'keywords',
    'description',
    'allowComments',
    'redirectUrl',
    'url',
    'mobileUrl',
  ]) {
    assert.ok(key in article, `Article schema lacks ${key}`);
  }
  assert.ok(doc.components.schemas.ArticleInput?.properties?.recommendLevel, 'input schema generated from zod');
  assert.match(String((article.originalClaimed as { description?: string } | undefined)?.description), /read-only/);
  const claimed = doc.components.schemas.ArticleInput?.properties?.originalClaimed as { readOnly?: boolean } | undefined;
  assert.equal(claimed?.readOnly, true, 'originalClaimed is documented as read-only on input');
});

test('the served document covers every /api/v1 route of the whole app, including the tips endpoint with its key header and refusals', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const doc = JSON.parse((await z.app.inject('/api/v1/openapi.json')).body) as {
    paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: unknown; responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
  };
  const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
  const registered = z
    .routes()
    .filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'OPTIONS')
    .map((r) => `${r.method} ${openApiPath(r.url.slice('/api/v1'.length))}`);
  for (const r of registered) assert.ok(documented.has(r), `${r} is not documented`);

  const tip = doc.paths['/api/v1/articles/{id}/tips']?.post;
  assert.ok(tip, 'the tips endpoint is documented');
  assert.deepEqual(
    tip.parameters?.map((p) => `${p.in} ${p.name}`),
    ['path id', 'header Idempotency-Key'],
  );
  assert.deepEqual(Object.keys(tip.responses).sort(), ['200', '201', '400', '401', '403', '404', '413', '422', '429']);
  assert.match(JSON.stringify(tip.responses['422']), /points_insufficient/);
  assert.deepEqual(Object.keys(doc.components.schemas.TipRequest?.properties ?? {}), ['amount', 'message', 'anonymous']);
  assert.deepEqual(doc.components.schemas.TipRequest?.required, ['amount']);
  assert.deepEqual(Object.keys(doc.components.schemas.TipResult?.properties ?? {}), ['tip', 'replayed', 'balance']);
});
