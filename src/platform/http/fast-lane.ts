import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import type { AssembledPage } from '../cache/page-cache.ts';
import { redirectFileSlash } from './canonical.ts';
import { acceptsGzip, GZIP_MIN_BYTES, gzipEtag, pageGzip } from './gzip.ts';
import { clientAddress, lastEntry, type TrustFn } from './trust-proxy.ts';

/**
 * The fast lane answers cache hits of opted-in GET routes before Fastify sees the request (ADR 0009).
 *
 * A route opts in with the function that turns a path into its cache key: the same function its
 * handler uses, so both always agree. The lane serves a request only when that key names a fresh
 * page whose fragments are all fresh (`PageCache.peek`); it then writes exactly what `sendPage`
 * would (ETag, Cache-Control, X-Cache: HIT, Content-Type, Content-Length, or a 304) and calls the
 * route's `onHit`. Anything else (another method, a path it cannot read plainly, a miss, a stale
 * fragment) goes to Fastify unchanged, which renders and stores the page as before.
 */
export interface RequestFacts {
  /** Scheme and host the way Fastify's `req.protocol` / `req.host` read them. */
  protocol: string;
  host: string;
  ip: string;
  userAgent: string | undefined;
  /** Sec-Fetch-Dest, when sent (a view is counted only for a page the browser opens). */
  fetchDest: string | string[] | undefined;
}

export interface FastRoute {
  /** The cache key the route's handler would use for `rest` (the path after the prefix), or undefined. */
  key(rest: string, req: RequestFacts): string | undefined;
  /** Called after the lane served a hit (e.g. counting a view), as the handler would. */
  onHit?(rest: string, req: RequestFacts): void;
  cacheControl?: string;
}

export type PageLookup = (key: string) => AssembledPage | undefined;

/**
 * Sent with every response: no other site may frame this one (clickjacking: a framed one-button page
 * such as 收藏 or 全部标为已读 could be clicked through a decoy). CSP for current browsers, X-Frame-Options for old ones.
 */
export const FRAME_HEADERS = ['x-frame-options', 'SAMEORIGIN', 'content-security-policy', "frame-ancestors 'self'"] as const;

/** `sendPage`'s default: browsers revalidate, shared caches keep a page a minute. */
export const PAGE_CACHE_CONTROL = 'public, max-age=0, must-revalidate, s-maxage=60, stale-while-revalidate=30';

/** Only plain paths: no escapes, dot segments stay inside a name, no empty segments. */
const PLAIN_PATH = /^\/(?:[A-Za-z0-9_.-]+\/?)*$/;

export interface FastLaneStats {
  served: number;
  notModified: number;
  passed: number;
}

export class FastLane {
  private readonly exact = new Map<string, FastRoute>();
  private readonly prefixes: Array<{ prefix: string; route: FastRoute }> = [];
  private lookup: PageLookup | undefined;
  private held = false;
  private readonly s: FastLaneStats = { served: 0, notModified: 0, passed: 0 };

  constructor(
    /** Which proxies' X-Forwarded-* headers are believed: the function Fastify is given (undefined: none). */
    private readonly trust: TrustFn | undefined,
    /** Where a failing key function or hit hook is reported; the request itself is still answered. */
    private readonly onError: (e: unknown) => void = (e) => console.error('fast lane:', e),
  ) {}

  /**
   * Hold the lane (true) or open it: while held, every request goes to Fastify, so a gate there
   * (maintenance.ts: a closed site) sees it and no cached page goes out around it.
   */
  hold(held: boolean): void {
    this.held = held;
  }

  /** Where cached pages come from (the page cache); without it the lane passes everything on. */
  usePages(lookup: PageLookup): void {
    this.lookup = lookup;
  }

  /** Opt in a GET route: `path` exactly, or every path below `prefix` (which ends with '/'). */
  add(at: { path: string } | { prefix: string }, route: FastRoute): void {
    if ('path' in at) {
      this.exact.set(at.path, route);
      return;
    }
    if (!at.prefix.endsWith('/')) throw new Error(`fast lane prefix must end with '/': ${at.prefix}`);
    this.prefixes.push({ prefix: at.prefix, route });
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length); // longest first
  }

  stats(): FastLaneStats {
    return { ...this.s };
  }

  /** Answer `req` from the cache if possible; false means "not handled, pass it on". */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || !this.lookup || this.held) return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    let route = this.exact.get(path);
    let rest = '';
    if (!route) {
      for (const p of this.prefixes) {
        if (path.startsWith(p.prefix)) {
          route = p.route;
          rest = path.slice(p.prefix.length);
          break;
        }
      }
      if (!route) return false;
    }
    if (!PLAIN_PATH.test(path)) return this.pass();
    const facts = this.facts(req);
    if (!facts) return this.pass();
    let page: AssembledPage | undefined;
    try {
      const key = route.key(rest, facts);
      page = key === undefined ? undefined : this.lookup(key);
    } catch (e) {
      this.onError(e); // Fastify takes the request and answers it (or its error page) as usual
      return this.pass();
    }
    if (!page) return this.pass();
    // Browsers that take gzip get the gzipped bytes once sendPage has made them; until then Fastify answers.
    let body = page.body;
    let etag = page.etag;
    const gz = page.status === 200 && body.length >= GZIP_MIN_BYTES && acceptsGzip(req.headers['accept-encoding']);
    if (gz) {
      const ready = pageGzip.ready(page);
      if (!ready) return this.pass();
      body = ready;
      etag = gzipEtag(etag);
    }
    const cacheControl = route.cacheControl ?? PAGE_CACHE_CONTROL;
    const inm = req.headers['if-none-match'];
    if (inm && page.status === 200 && matchesEtag(inm, etag)) {
      this.s.notModified++;
      res.writeHead(304, ['vary', 'Accept-Encoding', 'etag', etag, 'cache-control', cacheControl, 'x-cache', 'HIT', ...FRAME_HEADERS]);
      res.end();
    } else {
      this.s.served++;
      const head = [
        'vary',
        'Accept-Encoding',
        'etag',
        etag,
        'cache-control',
        cacheControl,
        'x-cache',
        'HIT',
        'content-type',
        page.contentType,
        'content-length',
        String(body.length),
        ...FRAME_HEADERS,
      ];
      if (gz) head.push('content-encoding', 'gzip');
      res.writeHead(page.status, head);
      res.end(body);
    }
    try {
      route.onHit?.(rest, facts);
    } catch (e) {
      this.onError(e);
    }
    return true;
  }

  private pass(): false {
    this.s.passed++;
    return false;
  }

  private facts(req: IncomingMessage): RequestFacts | undefined {
    return requestFacts(req, this.trust);
  }
}

/**
 * What Fastify's request would say, for the few facts a cache key or a hit needs, given the same
 * trust function Fastify has (app.ts): `ip` as `req.ip`, `protocol`/`host` as `req.protocol`/`req.host`.
 */
export function requestFacts(req: IncomingMessage, trust: TrustFn | undefined): RequestFacts | undefined {
  const h = req.headers;
  const socket = req.socket;
  let protocol = (socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  let host = h.host ?? '';
  if (trust) {
    const fwdHost = h['x-forwarded-host'];
    const fwdProto = h['x-forwarded-proto'];
    if (Array.isArray(fwdHost) || Array.isArray(fwdProto) || Array.isArray(h['x-forwarded-for'])) return undefined;
    // Host and scheme come from the nearest proxy when it is trusted (the last of several values).
    const nearestTrusted = trust(socket.remoteAddress, 0);
    if (fwdHost && nearestTrusted) host = lastEntry(fwdHost);
    if (fwdProto && nearestTrusted) protocol = lastEntry(fwdProto);
  }
  const ip = clientAddress(req, trust);
  if (ip === undefined) return undefined;
  return { protocol, host, ip, userAgent: h['user-agent'], fetchDest: h['sec-fetch-dest'] };
}

/** The same test as sendPage: one of the comma-separated validators equals ours. */
export function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  return ifNoneMatch === etag || ifNoneMatch.split(/\s*,\s*/).includes(etag);
}

/**
 * A Fastify `serverFactory` that puts `lane` in front of Fastify's handler, configuring the server
 * the way Fastify does when it creates one itself (timeouts, keep-alive).
 */
export function fastLaneServerFactory(lane: FastLane): FastifyServerFactory {
  return (handler, options) => {
    // Fastify hands over its options with defaults applied.
    const opts = options as {
      http?: http.ServerOptions;
      keepAliveTimeout?: number;
      requestTimeout?: number;
      connectionTimeout?: number;
      maxRequestsPerSocket?: number;
    };
    const server = http.createServer(opts.http ?? {}, (req, res) => {
      if (redirectFileSlash(req, res)) return;
      if (!lane.handle(req, res)) handler(req, res);
    });
    server.keepAliveTimeout = opts.keepAliveTimeout ?? 72_000;
    server.requestTimeout = opts.requestTimeout ?? 0;
    server.setTimeout(opts.connectionTimeout ?? 0);
    if (opts.maxRequestsPerSocket && opts.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
    return server;
  };
}
