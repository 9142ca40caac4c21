import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import { clientIp, HTML, htmlPage, sendPage, siteOrigin } from '../../platform/http/app.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import type { RateLimiter } from '../../platform/http/rate-limit.ts';
import { ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import { LINKS_TAG, SpamApplicationError, type Links } from './links.service.ts';
import { AppliedPage, FriendLinksBlock, HONEYPOT, LINKS_PATH, LinksPage, type LinksPageData, type OurSite } from './views/public-pages.tsx';

export interface LinksPublicDeps {
  links: Links;
  chrome: ChromeBuilder;
  settings: SettingsService;
  cache: PageCache;
  rateLimiter: RateLimiter;
  baseUrl: string | undefined;
}

/**
 * Applications per IP per hour. Only accepted applications and refusals that look like spam (the honeypot,
 * banned words) count: a webmaster who mistypes the address three times can still apply. A site applies
 * once anyway (one link per host), so five is plenty for people.
 */
const IP_LIMIT = 5;
/**
 * Every post per IP per hour, refused ones included (a bad address, a duplicate, a full form from a script
 * probing hosts): bounds typos and probing, and posts racing past the check of the 5 above.
 */
const POST_LIMIT = 30;
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
    const origin = siteOrigin(req, deps.baseUrl).replace(/\/+$/, '');
    const head = { title: format(t.titleSuffix, { title: l.title, site: settings.siteName }), description: l.intro, canonical: origin + LINKS_PATH };
    // What an applicant puts on their own site (DedeCMS shows the same): this site's name, address and logo.
    const logo = settings.logoUrl ? new URL(settings.logoUrl, `${origin}/`).href : '';
    const site: OurSite = { name: settings.siteName, url: `${origin}/`, logo };
    return htmlPage(<LinksPage d={{ links: items, csrf: '', site, ...over }} chrome={chrome} head={head} />);
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
    const ip = clientIp(req);
    const counted = `links:ip:${ip}`;
    const count = () => deps.rateLimiter.hit(counted, IP_LIMIT, WINDOW);
    // A filled honeypot is a bot: thank it, count it and write nothing.
    if (body[HONEYPOT]) {
      await count();
      return reply.redirect(`${LINKS_PATH}/applied`, 303);
    }
    const values = Object.fromEntries(FIELDS.map((k) => [k, typeof body[k] === 'string' ? body[k] : ''])) as Record<string, string>;
    const allowed = (await deps.rateLimiter.hit(`links:post:${ip}`, POST_LIMIT, WINDOW)) && !(await deps.rateLimiter.isLimited(counted, IP_LIMIT));
    if (!allowed) return again(req, reply, 429, values, { message: l.tooMany });
    try {
      await links.apply(values, ip);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      if (e instanceof SpamApplicationError) await count();
      return again(req, reply, 422, values, { errors: e.fields ?? {}, message: e.message });
    }
    await count();
    return reply.redirect(`${LINKS_PATH}/applied`, 303);
  });

  app.get(`${LINKS_PATH}/applied`, async (_req, reply) => {
    const html = htmlPage(<AppliedPage chrome={await deps.chrome()} />);
    return reply.header('cache-control', 'no-store').type(HTML).send(html);
  });
}
