import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import { clientIp, HTML, htmlPage, sendPage, siteOrigin } from '../../platform/http/app.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import type { RateLimiter } from '../../platform/http/rate-limit.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Guards } from '../members/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import { GUESTBOOK_TAG, type Guestbook } from './guestbook.service.ts';
import { GuestbookPage, guestbookUrl, HONEYPOT, PostedPage, type GuestbookPageData } from './views/public-pages.tsx';

export interface GuestbookPublicDeps {
  guestbook: Guestbook;
  guards: Guards;
  chrome: ChromeBuilder;
  settings: SettingsService;
  cache: PageCache;
  rateLimiter: RateLimiter;
  baseUrl: string | undefined;
}

const PER_PAGE = 20;
/** Messages per ten minutes: a guest per IP, a member per account. */
const GUEST_LIMIT = 5;
const MEMBER_LIMIT = 10;
const WINDOW = 10 * 60_000;
const g = t.reports.guestbook;

function pageOf(v: unknown): number | undefined {
  if (v === undefined) return 1;
  return typeof v === 'string' && /^[1-9]\d{0,4}$/.test(v) ? Number(v) : undefined;
}

/**
 * 网站留言 at `/guestbook/`: the published messages with staff replies, and the form. The page is
 * the same for every visitor, so it is cached (tag `guestbook`, purged by every change that shows);
 * the form's CSRF field is filled in by public/site.js, and the posted page is a separate, uncached route.
 */
export function registerGuestbookPages(app: FastifyInstance, deps: GuestbookPublicDeps): void {
  const { guestbook } = deps;

  async function render(req: FastifyRequest, page: number, over: Partial<GuestbookPageData>): Promise<string> {
    const [{ items, total }, chrome, settings] = await Promise.all([guestbook.published(page, PER_PAGE), deps.chrome(), deps.settings.get()]);
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    if (page > pages) throw new NotFoundError();
    const origin = siteOrigin(req, deps.baseUrl);
    const head = {
      title:
        page > 1
          ? format(t.titlePaged, { title: g.title, n: page, site: settings.siteName })
          : format(t.titleSuffix, { title: g.title, site: settings.siteName }),
      description: g.intro,
      canonical: origin + guestbookUrl(page),
      ...(page > 1 ? { prev: origin + guestbookUrl(page - 1) } : {}),
      ...(page < pages ? { next: origin + guestbookUrl(page + 1) } : {}),
    };
    return htmlPage(<GuestbookPage d={{ items, page, pages, csrf: '', ...over }} chrome={chrome} head={head} />);
  }

  app.get<{ Querystring: Record<string, string | undefined> }>('/guestbook/', async (req, reply) => {
    const page = pageOf(req.query.page);
    if (page === undefined) throw new NotFoundError();
    const origin = siteOrigin(req, deps.baseUrl);
    const assembled = await deps.cache.page(`guestbook|${origin}|${page}`, async () => ({
      status: 200,
      contentType: HTML,
      body: await render(req, page, {}),
      tags: [GUESTBOOK_TAG, 'settings'],
    }));
    return sendPage(req, reply, assembled);
  });

  app.post<{ Body: Record<string, string | undefined> }>('/guestbook/', async (req, reply) => {
    const body = req.body ?? {};
    const me = await deps.guards.optional(req);
    const ip = clientIp(req);
    // A filled honeypot is a bot: thank it and write nothing.
    if (body[HONEYPOT]) return reply.redirect('/guestbook/posted?s=pending', 303);
    const values = { nickname: body.nickname ?? '', contact: body.contact ?? '', body: body.body ?? '' };
    const allowed = me
      ? await deps.rateLimiter.hit(`guestbook:m:${me.id}`, MEMBER_LIMIT, WINDOW)
      : await deps.rateLimiter.hit(`guestbook:ip:${ip}`, GUEST_LIMIT, WINDOW);
    // Too many: the form comes back with what was typed (an error page would lose the message).
    if (!allowed) {
      const html = await render(req, 1, { values, message: g.tooMany, csrf: csrfToken(req, reply) });
      return reply.code(429).header('cache-control', 'no-store').type(HTML).send(html);
    }
    try {
      const r = await guestbook.post(values, { member: me, ip });
      return reply.redirect(`/guestbook/posted?s=${r.status === 'visible' ? 'visible' : 'pending'}`, 303);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const html = await render(req, 1, { values, errors: e.fields ?? {}, message: e.message, csrf: csrfToken(req, reply) });
      return reply.code(422).header('cache-control', 'no-store').type(HTML).send(html);
    }
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/guestbook/posted', async (req, reply) => {
    const html = htmlPage(<PostedPage chrome={await deps.chrome()} pending={req.query.s !== 'visible'} />);
    return reply.header('cache-control', 'no-store').type(HTML).send(html);
  });
}
