import { createRequire } from 'node:module';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifyCookie from '@fastify/cookie';
import { AppError, isAppError, NOT_FOUND_MESSAGE } from '../errors.ts';
import type { AssembledPage } from '../cache/page-cache.ts';
import { FRAME_HEADERS, FastLane, PAGE_CACHE_CONTROL, fastLaneServerFactory, matchesEtag } from './fast-lane.ts';
import { acceptsGzip, GZIP_MIN_BYTES, gzipEtag, pageGzip } from './gzip.ts';
import { handleClientError } from './client-errors.ts';
import { trustFunction, type TrustProxy } from './trust-proxy.ts';
import { registerAssets } from './assets.ts';
import { withoutFileSlash } from './canonical.ts';
import { installMaintenanceGate } from './maintenance.ts';
import { t, format } from '../../strings/index.ts';

export { FastLane } from './fast-lane.ts';

export const LOGIN_PATH = '/member/login';

// Fastify builds its JSON-schema compilers (ajv, fast-json-stringify: ≈ 200 ms of module loading) when the
// app is created, though no route here declares a schema (zod validates in the handlers). Loaded only if
// a route ever asks for one; the same compilers Fastify would use.
type CompilerFactory = (...args: unknown[]) => unknown;
const fastifyRequire = () => createRequire(createRequire(import.meta.url).resolve('fastify'));
const lazyCompiler = (pkg: string) => {
  let selected: CompilerFactory | undefined;
  return (...args: unknown[]) => (selected ??= (fastifyRequire()(pkg) as () => CompilerFactory)())(...args);
};
const lazyCompilers = { buildValidator: lazyCompiler('@fastify/ajv-compiler'), buildSerializer: lazyCompiler('@fastify/fast-json-stringify-compiler') };

export type ErrorPageRenderer = (req: FastifyRequest, status: number, message: string) => Promise<string>;

export interface HttpOptions {
  logLevel: string;
  /** ZIXUN_TRUST_PROXY: proxies whose X-Forwarded-For/-Proto/-Host are believed (trust-proxy.ts). */
  trustProxy: TrustProxy;
  publicDir: string;
  uploadsDir: string;
  bodyLimit?: number;
}

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

const MESSAGES: Record<number, string> = {
  400: t.http.badRequest,
  401: t.http.loginFirst,
  403: t.http.forbidden,
  404: NOT_FOUND_MESSAGE,
  405: t.http.methodNotAllowed,
  413: t.http.tooLarge,
  415: t.http.unsupportedType,
  422: t.http.invalid,
  429: t.http.tooManyRequests,
  500: t.http.serverError,
};

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** `1 MB`, `8 MB`, `512 KB`: a body limit the way a person reads it. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Number((n / 1024 / 1024).toFixed(1))} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

/**
 * Fastify app with the platform's error mapping: AppError → its status; Fastify's own client errors
 * keep their status; anything else is a 500 whose details go to the log, never to the client.
 */
export interface RouteInfo {
  method: string;
  url: string;
}

export async function createHttpApp(
  opts: HttpOptions,
): Promise<{ app: FastifyInstance; fastLane: FastLane; setErrorPage(fn: ErrorPageRenderer): void; routes(): RouteInfo[] }> {
  // Cache hits of opted-in routes are answered in front of Fastify (fast-lane.ts, ADR 0009).
  // One trust function for both, so req.ip/protocol/host and the lane's facts always agree.
  const trust = trustFunction(opts.trustProxy);
  const fastLane = new FastLane(trust, (e) => app.log.error(e));
  const app = Fastify({
    serverFactory: fastLaneServerFactory(fastLane),
    logger: opts.logLevel === 'silent' ? false : { level: opts.logLevel },
    trustProxy: trust ?? false,
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // A URL or headers over 16 KB, a malformed request: a page for browsers, JSON for the API.
    clientErrorHandler: handleClientError,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    schemaController: { compilersFactory: lazyCompilers as never },
    // The router's own refusals answered like every other error (JSON under /api/, no-store): a path
    // parameter over maxParamLength names nothing that exists (404), a malformed URL component is a 400.
    frameworkErrors: (err, req, reply) =>
      err.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? sendError(req, reply, 404, 'not_found', MESSAGES[404] as string)
        : sendError(req, reply, err.statusCode ?? 400, 'bad_request', MESSAGES[err.statusCode ?? 400] ?? (MESSAGES[400] as string)),
  });
  let errorPage: ErrorPageRenderer = async (_req, status, message) => `<!doctype html><meta charset="utf-8"><title>${status}</title><p>${message}</p>`;

  // Every route, for the permission-matrix test and diagnostics.
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  // The router ignores trailing slashes: `/news/66.html/` is sent to `/news/66.html` rather than answered
  // twice (the server factory does the same in front of the fast lane; this covers inject and the rest).
  app.addHook('onRequest', async (req, reply) => {
    reply.header(FRAME_HEADERS[0], FRAME_HEADERS[1]).header(FRAME_HEADERS[2], FRAME_HEADERS[3]);
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    const to = withoutFileSlash(req.url);
    if (to !== undefined) return reply.code(301).header('cache-control', 'public, max-age=3600').redirect(to, 301);
  });
  await app.register(fastifyCookie);
  // 关闭网站's gate: after the cookie parser, before every plugin scope, so it covers their routes too (maintenance.ts).
  installMaintenanceGate(app);
  await app.register(formbody);
  // /static/: the public files from memory, versioned and gzipped (assets.ts); anything else there from disk.
  await app.register(fastifyStatic, { root: path.resolve(opts.publicDir), serve: false, maxAge: '5m' });
  registerAssets(app, path.resolve(opts.publicDir), (_req, reply, name) => reply.sendFile(name));
  // Uploads are re-encoded images; nosniff keeps a browser from reading one as anything else.
  await app.register(fastifyStatic, {
    root: path.resolve(opts.uploadsDir),
    prefix: '/uploads/',
    decorateReply: false,
    maxAge: '30d',
    setHeaders: (res) => void res.header('x-content-type-options', 'nosniff'),
  });

  async function sendError(req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string, fields?: Record<string, string>) {
    reply.code(status).header('cache-control', 'no-store');
    // A person who must log in is sent to the log-in page and brought back afterwards.
    if (status === 401 && !isApiRequest(req)) return reply.redirect(`${LOGIN_PATH}?next=${encodeURIComponent(req.method === 'GET' ? req.url : '/')}`, 303);
    if (isApiRequest(req)) return reply.send({ error: { code, message, ...(fields ? { fields } : {}) } });
    let html: string;
    try {
      html = await errorPage(req, status, message);
    } catch (e) {
      req.log.error(e);
      html = `<!doctype html><meta charset="utf-8"><title>${status}</title><p>${MESSAGES[status] ?? ''}</p>`;
    }
    return reply.type('text/html; charset=utf-8').send(html);
  }

  app.setNotFoundHandler((req, reply) => sendError(req, reply, 404, 'not_found', MESSAGES[404] as string));
  app.setErrorHandler((err, req, reply) => {
    if (isAppError(err)) return sendError(req, reply, err.status, err.code, err.message, err.fields);
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
      // Too large: the message names the limit of the route the body was sent to.
      const message =
        status === 413
          ? format(t.http.tooLargeLimit, { limit: formatBytes(req.routeOptions?.bodyLimit ?? opts.bodyLimit ?? DEFAULT_BODY_LIMIT) })
          : MESSAGES[status];
      return sendError(req, reply, status, code, message ?? MESSAGES[400]!);
    }
    req.log.error(err);
    // A shared store (Redis) out of reach: the request could not be served now, and may be later.
    if (isStoreUnavailable(err)) return sendError(req, reply.header('retry-after', '30'), 503, 'unavailable', t.http.unavailable);
    return sendError(req, reply, 500, 'internal', MESSAGES[500] as string);
  });

  return { app, fastLane, setErrorPage: (fn) => (errorPage = fn), routes: () => [...routes] };
}

/** ioredis's errors when Redis cannot be reached (retries spent, connection closed while waiting). */
export function isStoreUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === 'MaxRetriesPerRequestError' || err.message === 'Connection is closed.' || /ECONNREFUSED|ETIMEDOUT/.test(err.message);
}

/**
 * Send an assembled page with ETag/304 and CDN-friendly cache headers. A cached page goes gzipped to a
 * client that takes gzip (about a quarter of the bytes: what a phone on a slow network notices); the
 * gzipped bytes are made once per page version and then sent by the fast lane too. A page just rendered
 * goes as it is, so an uncached site spends no CPU on compression. `Vary: Accept-Encoding` on every answer.
 */
export function sendPage(req: FastifyRequest, reply: FastifyReply, page: AssembledPage, cacheControl = PAGE_CACHE_CONTROL) {
  const gz = page.hit && page.status === 200 && page.body.length >= GZIP_MIN_BYTES && acceptsGzip(req.headers['accept-encoding']);
  const etag = gz ? gzipEtag(page.etag) : page.etag;
  reply
    .header('vary', 'Accept-Encoding')
    .header('etag', etag)
    .header('cache-control', cacheControl)
    .header('x-cache', page.hit ? 'HIT' : 'MISS');
  const inm = req.headers['if-none-match'];
  if (inm && page.status === 200 && matchesEtag(inm, etag)) return reply.code(304).send();
  if (!gz) return reply.code(page.status).type(page.contentType).send(page.body);
  reply.code(200).type(page.contentType).header('content-encoding', 'gzip');
  const ready = pageGzip.ready(page);
  return ready ? reply.send(ready) : pageGzip.make(page).then((b) => reply.send(b));
}

export function clientIp(req: FastifyRequest): string {
  return req.ip;
}

export { AppError };

/** Scheme and host for absolute URLs: the configured base URL, else what the request says. */
export function siteOrigin(req: { protocol: string; host: string }, baseUrl: string | undefined): string {
  if (baseUrl) return baseUrl;
  return `${req.protocol}://${req.host}`;
}

/** Renders a full HTML document from a SafeHtml root. */
export function htmlPage(root: { value: string }): string {
  return '<!doctype html>\n' + root.value;
}

export const HTML = 'text/html; charset=utf-8';
