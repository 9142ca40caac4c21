import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { clientIp, HTML, htmlPage } from '../../platform/http/app.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { RateLimitedError, type RateLimiter } from '../../platform/http/rate-limit.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import type { Guards } from '../members/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';
import { parseId, URL_MAX } from './reports.schema.ts';
import type { RawReport, Reports } from './reports.service.ts';
import { HONEYPOT, phoneHref, ReportFormPage, ThanksPage, type ReportFormData } from './views/report-pages.tsx';

export interface ReportsPublicDeps {
  reports: Reports;
  guards: Guards;
  chrome: ChromeBuilder;
  rateLimiter: RateLimiter;
  baseUrl: string | undefined;
}

type Fields = Record<string, string | undefined>;

/** Reports per hour: a guest per IP, a member per account (and per IP, generously, for shared offices). */
const GUEST_LIMIT = 10;
const MEMBER_LIMIT = 30;
const HOUR = 3600_000;

/** The target named in a query or form: `article=<id>`, `comment=<id>`, or neither (a URL report). */
function targetFrom(q: Fields): Pick<RawReport, 'article' | 'comment'> {
  const article = parseId(q.article);
  const comment = parseId(q.comment);
  if (article === null || comment === null || (article !== undefined && comment !== undefined)) throw new NotFoundError();
  return { ...(article !== undefined ? { article } : {}), ...(comment !== undefined ? { comment } : {}) };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `?article=<id>` / `?comment=<id>` naming a target, or nothing. */
function targetQuery(target: Pick<RawReport, 'article' | 'comment'>): string {
  return target.article !== undefined ? `?article=${target.article}` : target.comment !== undefined ? `?comment=${target.comment}` : '';
}

/**
 * A page of the report flow opened from the phone site (`m=1`, as the comment-writing and 打赏 pages): its
 * phone layout, with `desktopHref` (the same page without `m=1`) for 电脑版.
 */
function phoneOf(m: unknown, desktopHref: string): { desktopHref: string } | undefined {
  return m === '1' ? { desktopHref } : undefined;
}

/** 违规举报: `/report/` (a URL), `/report/?article=<id>`, `/report/?comment=<id>`; guests and members. */
export function registerReportPages(app: FastifyInstance, deps: ReportsPublicDeps): void {
  const { reports, guards } = deps;

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    target: Pick<RawReport, 'article' | 'comment'>,
    over: Partial<ReportFormData>,
    phone: { desktopHref: string } | undefined,
  ) {
    const kind = target.article !== undefined ? 'article' : target.comment !== undefined ? 'comment' : 'url';
    const id = target.article ?? target.comment;
    const info =
      kind === 'url' ? undefined : await reports.describe(kind === 'article' ? { type: 'article', id: id as number } : { type: 'comment', id: id as number });
    if (info && !info.visible) throw new NotFoundError(t.reports.errTarget, 'report_target_not_found');
    const d: ReportFormData = {
      kind,
      ...(kind !== 'url' ? { hidden: { name: kind, value: String(id) } } : {}),
      ...(info ? { info } : {}),
      values: {},
      csrf: csrfToken(req, reply),
      loggedIn: (await guards.optional(req)) !== undefined,
      ...(phone ? { phone } : {}),
      ...over,
    };
    const html = htmlPage(<ReportFormPage d={d} chrome={await deps.chrome()} />);
    return reply.code(status).header('cache-control', 'no-store').type(HTML).send(html);
  }

  // `?url=` prefills the URL field (a "report this page" link can pass the page it is on). A mangled link
  // (`?article=abc`) opens the plain URL form, saying so, rather than a 404.
  app.get<{ Querystring: Fields }>('/report/', async (req, reply) => {
    const url = { values: { url: str(req.query.url)?.slice(0, URL_MAX) ?? '' } };
    let target: Pick<RawReport, 'article' | 'comment'>;
    try {
      target = targetFrom(req.query);
    } catch {
      return renderForm(req, reply, 200, {}, { ...url, message: t.reports.errTargetLink }, phoneOf(req.query.m, '/report/'));
    }
    return renderForm(req, reply, 200, target, url, phoneOf(req.query.m, `/report/${targetQuery(target)}`));
  });

  app.post<{ Body: Fields }>('/report/', async (req, reply) => {
    const body = req.body ?? {};
    const target = targetFrom(body);
    const q = targetQuery(target);
    const phone = phoneOf(body.m, `/report/${q}`);
    // From the phone site the thanks page stays in the phone layout and leads back to what was reported.
    const thanks = phone ? `/report/thanks${q ? `${q}&` : '?'}m=1` : '/report/thanks';
    const me = await guards.optional(req);
    const ip = clientIp(req);
    // A filled honeypot is a bot: thank it and write nothing.
    if (str(body[HONEYPOT])) return reply.redirect(thanks, 303);
    const allowed = me ? await deps.rateLimiter.hit(`report:m:${me.id}`, MEMBER_LIMIT, HOUR) : await deps.rateLimiter.hit(`report:ip:${ip}`, GUEST_LIMIT, HOUR);
    if (!allowed) throw new RateLimitedError(t.reports.tooMany);
    const values = { url: str(body.url) ?? '', reason: str(body.reason) ?? '', description: str(body.description) ?? '' };
    try {
      await reports.submit({ ...target, ...values }, { reporterId: me?.id ?? null, ip, siteHosts: siteHosts(req, deps.baseUrl) });
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'validation_failed' && e.code !== 'report_duplicate')) throw e;
      return renderForm(req, reply, e.status, target, { values, ...(e.fields ? { errors: e.fields } : {}), message: e.message }, phone);
    }
    return reply.redirect(thanks, 303);
  });

  app.get<{ Querystring: Fields }>('/report/thanks', async (req, reply) => {
    const loggedIn = (await guards.optional(req)) !== undefined;
    const phone = req.query.m === '1' ? { desktopHref: '/report/thanks', back: await phoneBack(req.query) } : undefined;
    const html = htmlPage(<ThanksPage chrome={await deps.chrome()} loggedIn={loggedIn} phone={phone} />);
    return reply.header('cache-control', 'no-store').type(HTML).send(html);
  });

  /** The phone page of the article or comment named in the thanks page's query, while it is still shown. */
  async function phoneBack(q: Fields): Promise<{ href: string; kind: 'article' | 'comment' } | undefined> {
    let target: Pick<RawReport, 'article' | 'comment'>;
    try {
      target = targetFrom(q);
    } catch {
      return undefined;
    }
    const kind = target.article !== undefined ? 'article' : target.comment !== undefined ? 'comment' : undefined;
    if (!kind) return undefined;
    const info = await reports.describe({ type: kind, id: (target.article ?? target.comment) as number });
    const href = info.visible ? phoneHref(info.href) : undefined;
    return href ? { href, kind } : undefined;
  }
}

/**
 * The hosts this site is reached by, as `URL#host` spells them: the configured base URL's alone when
 * there is one (the Host header is the client's to choose), else the request's own (development).
 */
function siteHosts(req: FastifyRequest, baseUrl: string | undefined): string[] {
  try {
    return [new URL(baseUrl ?? `${req.protocol}://${req.host}`).host.toLowerCase()];
  } catch {
    return []; // a malformed Host header or base URL names no site
  }
}
