import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { escapeHtml } from '../html/jsx.ts';
import type { FastLane } from './fast-lane.ts';

/**
 * A closed site (maintenance): every request that is not on an always-open path and whose visitor may not
 * enter is answered 503 with the operator's message and Retry-After, as a page in the site's layout (the
 * app's error page) or as JSON under /api/. Search engines read 503 as "come back later" and keep the index.
 *
 * Those who may enter (the caller decides: logged-in staff, a staff API token) get the site as it is, with
 * a banner inserted after <body> and `Cache-Control: private, no-store`, so neither the browser's
 * revalidation nor a shared cache in front keeps that view. Their cached pages stay banner-free: the page
 * cache is shared with everyone and cleared when the site opens again.
 *
 * The fast lane serves cached pages before Fastify and so before this gate: it is held while the site is
 * closed, and held (pessimistically) after every page-cache clear until the next request has read the state
 * again, so a toggle made on another instance (which arrives as a clear) never lets a cached page out.
 */
export interface SiteState {
  closed: boolean;
  message: string;
}

export interface MaintenanceOptions {
  /** The current state (an in-memory copy, read on every request). */
  state(): Promise<SiteState>;
  /** Whether this request's visitor may see the closed site. Called only while it is closed. */
  mayEnter(req: FastifyRequest): Promise<boolean>;
  /** Paths that stay reachable for everyone (log-in, static files). */
  isOpen(path: string): boolean;
  /** Text of the banner those who enter see. */
  banner: string;
  /** Seconds a client is told to wait (Retry-After). */
  retryAfter?: number;
  /** Subscribes to page-cache clears (the lane is held until the state is read again). */
  onClear?: (fn: () => void) => void;
}

export const SITE_CLOSED_CODE = 'site_closed';
const ENTERED = Symbol('zixun.closedSiteEntered');
const BODY_OPEN = /<body\b[^>]*>/i;

/** The options a closed site is checked with, per app (set by `registerMaintenance`). */
const gates = new WeakMap<FastifyInstance, { opts?: MaintenanceOptions; lane?: FastLane }>();

/**
 * The gate's hooks, added by createHttpApp before any route or plugin scope exists: Fastify copies a
 * scope's hooks when the scope is registered, so a root hook added later would miss every route inside
 * an earlier plugin scope (the API, multipart forms). Open until `registerMaintenance` configures it.
 */
export function installMaintenanceGate(app: FastifyInstance): void {
  const gate: { opts?: MaintenanceOptions; lane?: FastLane } = {};
  gates.set(app, gate);

  app.addHook('onRequest', async (req, reply) => {
    const opts = gate.opts;
    if (!opts) return;
    const st = await opts.state();
    gate.lane?.hold(st.closed);
    if (!st.closed) return;
    const q = req.url.indexOf('?');
    if (opts.isOpen(q < 0 ? req.url : req.url.slice(0, q))) return;
    if (await opts.mayEnter(req)) {
      (req as unknown as Record<symbol, boolean>)[ENTERED] = true;
      // The banner goes into the HTML as sent: no gzipped cached bytes, no 304 for a copy kept before closing.
      delete req.headers['accept-encoding'];
      delete req.headers['if-none-match'];
      return;
    }
    reply.header('retry-after', String(opts.retryAfter ?? 3600));
    throw new AppError(SITE_CLOSED_CODE, st.message, 503);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!(req as unknown as Record<symbol, boolean>)[ENTERED] || !gate.opts) return payload;
    reply.header('cache-control', 'private, no-store');
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    const html = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    if (html === undefined) return payload;
    const m = BODY_OPEN.exec(html);
    if (!m) return payload;
    const at = m.index + m[0].length;
    reply.removeHeader('content-length');
    reply.removeHeader('etag');
    const banner = `<div class="site-closed-banner" role="status">${escapeHtml(gate.opts.banner)}</div>`;
    return html.slice(0, at) + banner + html.slice(at);
  });
}

/** Turns the gate on for `app` (the root instance createHttpApp made) with these rules. */
export function registerMaintenance(app: FastifyInstance, lane: FastLane, opts: MaintenanceOptions): void {
  const gate = gates.get(app);
  if (!gate) throw new Error('maintenance gate not installed on this app');
  gate.opts = opts;
  gate.lane = lane;
  opts.onClear?.(() => lane.hold(true));
}
