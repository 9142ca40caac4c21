import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import { clientIp, HTML, htmlPage, sendPage, siteOrigin } from '../../platform/http/app.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import type { RateLimiter } from '../../platform/http/rate-limit.ts';
import { ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import { LINKS_TAG, type Links } from './links.service.ts';
import { AppliedPage, FriendLinksBlock, HONEYPOT, LINKS_PATH, LinksPage, type LinksPageData } from './views/public-pages.tsx';

export interface LinksPublicDeps {
  links: Links;
  chrome: ChromeBuilder;
  settings: SettingsService;
  cache: PageCache;
  rateLimiter: RateLimiter;
  baseUrl: string | undefined;
}

/** Posts of the form per IP per hour (refused ones count too, as for 网站留言): a site applies once. */
const IP_LIMIT = 5;
const WINDOW = 60 * 60_000;
const FIELDS = ['name', 'url', 'description', 'contact', 'note'] as const;
const l = t.links;

/** The home pages' 友情链接 block: fragment `friendlinks` (desktop) and `m-friendlinks` (mobile). */
export const BLOCK_FRAGMENT = 'friendlinks';

/**
 * 友情链接 for visitors: the home pages' block (a fragment, so a change re-renders only it), the page
 * `/links` (cached, same for everyone; the form's CSRF field is filled by public/site.js, and without
 * JavaScript the CSRF confirmation page repeats the post) and the uncached 已提交 page.
 */
export function registerLinksPages(app: FastifyInstance, deps: LinksPublicDeps): void {
  const { links, cache } = deps;

  for (const name of [BLOCK_FRAGMENT, `m-${BLOCK_FRAGMENT}`])
    cache.registerFragment(name, async () => ({ html: FriendLinksBlock({ links: await links.approved() }).value, tags: [LINKS_TAG] }));

  async function render(req: FastifyRequest, over: Partial<LinksPageData>): Promise<string> {
    const [items, chrome, settings] = await Promise.all([links.approved(), deps.chrome(), deps.settings.get()]);
    const origin = siteOrigin(req, deps.baseUrl);
    const head = { title: format(t.titleSuffix, { title: l.title, site: settings.siteName }), description: l.intro, canonical: origin + LINKS_PATH };
    return htmlPage(<LinksPage d={{ links: items, csrf: '', ...over }} chrome={chrome} head={head} />);
  }

  app.get(LINKS_PATH, async (req, reply) => {
    const origin = siteOrigin(req, deps.baseUrl);
    const page = await cache.page(`links|${origin}`, async () => ({
      status: 200,
      contentType: HTML,
      body: await render(req, {}),
      tags: [LINKS_TAG, 'settings'],
    }));
    return sendPage(req, reply, page);
  });

  /** The form again with what was typed (never cached). */
  async function again(req: FastifyRequest, reply: FastifyReply, status: number, values: Record<string, string>, over: Partial<LinksPageData>) {
    const html = await render(req, { values, csrf: csrfToken(req, reply), ...over });
    return reply.code(status).header('cache-control', 'no-store').type(HTML).send(html);
  }

  app.post<{ Body: Record<string, unknown> }>(LINKS_PATH, async (req, reply) => {
    const body = req.body ?? {};
    // A filled honeypot is a bot: thank it and write nothing.
    if (body[HONEYPOT]) return reply.redirect(`${LINKS_PATH}/applied`, 303);
    const values = Object.fromEntries(FIELDS.map((k) => [k, typeof body[k] === 'string' ? body[k] : ''])) as Record<string, string>;
    if (!(await deps.rateLimiter.hit(`links:ip:${clientIp(req)}`, IP_LIMIT, WINDOW))) return again(req, reply, 429, values, { message: l.tooMany });
    try {
      await links.apply(values, clientIp(req));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return again(req, reply, 422, values, { errors: e.fields ?? {}, message: e.message });
    }
    return reply.redirect(`${LINKS_PATH}/applied`, 303);
  });

  app.get(`${LINKS_PATH}/applied`, async (_req, reply) => {
    const html = htmlPage(<AppliedPage chrome={await deps.chrome()} />);
    return reply.header('cache-control', 'no-store').type(HTML).send(html);
  });
}
