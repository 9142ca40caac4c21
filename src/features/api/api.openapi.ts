import { z } from 'zod';
import { DEFAULT_BODY_LIMIT, formatBytes } from '../../platform/http/app.ts';
import { COMPONENTS } from './api.schemas.ts';
import { IDEMPOTENCY_422, IDEMPOTENCY_HEADER, IDEMPOTENCY_RESPONSES } from './api.idempotency.ts';
import type { Access, ApiDoc, ApiResponseDoc, ApiRoute } from './api.route.ts';

/**
 * The OpenAPI 3.1 document, built from the same route objects that are registered and from the zod
 * schemas that validate requests (JSON Schema 2020-12 via `z.toJSONSchema`, which 3.1 uses as is).
 */
export const API_PREFIX = '/api/v1';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const ACCESS_TEXT: Record<Access, string> = {
  public: 'No token needed.',
  read: 'Any valid API token.',
  staff: 'Token of an editor or admin.',
  admin: 'Token of an admin.',
};

const ERRORS: Record<number, string> = {
  400: 'Malformed JSON, not a JSON object, or not `application/json`',
  401: 'Missing or invalid token',
  403: 'The token’s member may not do this',
  404: 'No such resource',
  409: 'Conflicts with existing data (e.g. slug taken, category not empty)',
  422: 'Validation failed; `error.fields` names each bad field',
  429: 'Too many requests; `Retry-After` says in how many seconds to try again',
};

/** The largest request body a route accepts (article writes take more than the server's default). */
export const bodyLimitOf = (r: ApiRoute | ApiDoc): number => r.bodyLimit ?? DEFAULT_BODY_LIMIT;

function errorText(r: ApiRoute | ApiDoc, status: number): string {
  if (status === 413) return `Body larger than ${formatBytes(bodyLimitOf(r))}`;
  if (status === 404 && r.method === 'DELETE') return 'No such resource; deleting is not repeatable: a second DELETE gets this 404 (already deleted)';
  return ERRORS[status] ?? 'Error';
}

/** Fastify's `/articles/:id` → OpenAPI's `/api/v1/articles/{id}`. */
export function openApiPath(path: string): string {
  return API_PREFIX + path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function responsesOf(r: ApiRoute | ApiDoc): Json {
  const out: Json = {};
  const add = (d: ApiResponseDoc) => {
    const schema = d.schema === undefined ? undefined : typeof d.schema === 'string' ? ref(d.schema) : d.schema;
    out[String(d.status)] = { description: d.description, ...(schema ? { content: { 'application/json': { schema } } } : {}) };
  };
  r.responses.forEach(add);
  if (r.idempotent) {
    // Merged into a 409 the route already documents (slug taken), not in place of it.
    for (const d of IDEMPOTENCY_RESPONSES) {
      const had = out[String(d.status)] as { description: string } | undefined;
      add(had ? { ...d, description: `${had.description}; or ${d.description}` } : d);
    }
    add({ status: 422, description: `${ERRORS[422]}; ${IDEMPOTENCY_422}`, schema: 'Error' });
  }
  const errors: number[] = [];
  if (r.body) errors.push(400, 413, 422);
  if (r.query) errors.push(422);
  if (r.access !== 'public') errors.push(401, 403);
  if (r.params) errors.push(404);
  for (const status of [...new Set(errors)].sort()) if (!out[String(status)]) add({ status, description: errorText(r, status), schema: 'Error' });
  return out;
}

function parametersOf(r: ApiRoute | ApiDoc): Json[] {
  const params: Json[] = Object.entries(r.params ?? {}).map(([name, description]) => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string' },
  }));
  for (const [name, field] of Object.entries(r.query?.shape ?? {})) {
    const schema = jsonSchema(field as z.ZodType, 'output');
    const { description, ...rest } = schema;
    params.push({ name, in: 'query', required: false, ...(description ? { description } : {}), schema: rest });
  }
  for (const [name, h] of Object.entries({ ...(r.idempotent ? IDEMPOTENCY_HEADER : {}), ...r.headers }))
    params.push({ name, in: 'header', required: false, description: h.description, schema: h.schema });
  return params;
}

function operationOf(r: ApiRoute | ApiDoc): Json {
  return {
    operationId: `${r.method.toLowerCase()}${r.path.replace(/\/:?([a-zA-Z])/g, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '')}`,
    tags: [r.tag],
    summary: r.summary,
    description: ACCESS_TEXT[r.access],
    ...(r.access === 'public' ? { security: [] } : {}),
    ...(r.params || r.query || r.headers || r.idempotent ? { parameters: parametersOf(r) } : {}),
    ...(r.body
      ? { requestBody: { required: true, description: `At most ${formatBytes(bodyLimitOf(r))}.`, content: { 'application/json': { schema: ref(r.body) } } } }
      : {}),
    responses: responsesOf(r),
  };
}

/** The document without `servers` (which depends on the request's origin); `documented`: routes registered elsewhere. */
export function buildOpenApi(routes: ApiRoute[], documented: ApiDoc[] = []): Json {
  const paths: Record<string, Json> = {};
  for (const r of [...routes, ...documented]) (paths[openApiPath(r.path)] ??= {})[r.method.toLowerCase()] = operationOf(r);
  const components = { ...COMPONENTS, ...Object.assign({}, ...documented.map((d) => d.components ?? {})) } as typeof COMPONENTS;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Zixun API',
      version: '1',
      description:
        'Articles, categories, static pages and settings of a Zixun portal. Errors are `{"error":{"code","message","fields?"}}`; messages are in Simplified Chinese. Responses are never cached (`cache-control: no-store`).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearerAuth: [] }],
    tags: [...new Set([...routes, ...documented].map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (`zx_…`) from `zixun token create --user NAME`.' } },
      schemas: Object.fromEntries(Object.entries(components).map(([name, [schema, io]]) => [name, jsonSchema(schema, io)])),
    },
  };
}
