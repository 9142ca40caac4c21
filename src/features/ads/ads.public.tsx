import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, render } from '../../platform/html/jsx.ts';
import { HTML, clientIp, htmlPage, siteOrigin } from '../../platform/http/app.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Guards } from '../members/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';
import { isHttpUrl } from './ads.schema.ts';
import type { Ads } from './ads.service.ts';
import { clickPingUrl, clickUrl, isValidClickSignature } from './ads.sign.ts';
import { parseId } from './ads.request.ts';
import { AdFragment } from './views/ad-fragment.tsx';
import { BookingForm, type BookingValues } from './views/booking-form.tsx';
import { AdsPage } from './views/public-page.tsx';

const visitorOf = (req: FastifyRequest) => ({ ip: clientIp(req), userAgent: req.headers['user-agent'] });

const a = t.ads;
const MAX_SLOTS = 8;

export interface AdsPublicDeps {
  ads: Ads;
  guards: Guards;
  chrome: ChromeBuilder;
  secret: Buffer;
  baseUrl: string | undefined;
}

/** Empty booking values: the first bookable position, starting tomorrow, for 7 days. */
export function defaultBooking(ads: Ads, position = ''): BookingValues {
  const d = new Date(`${ads.today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return { position, title: '', targetUrl: '', startsOn: d.toISOString().slice(0, 10), days: '7' };
}

/**
 * 广告服务 (`/ads/`), the JSON that fills ad slots on cached pages (`/ads/slots`), and the signed click
 * redirect (`/ads/click/<id>?sig=…`). See ADR 0008 for why slots are filled by a script.
 */
export function registerAdsPublic(app: FastifyInstance, deps: AdsPublicDeps): void {
  const { ads } = deps;

  async function renderPage(req: FastifyRequest, reply: FastifyReply) {
    const me = await deps.guards.optional(req);
    const positions = await ads.positions({ activeOnly: true });
    const rows = await Promise.all(positions.map(async (position) => ({ position, days: await ads.calendar(position) })));
    const chrome = await deps.chrome();
    const requested = typeof (req.query as Record<string, unknown>).position === 'string' ? String((req.query as Record<string, unknown>).position) : '';
    const booking = me ? (
      <BookingForm
        positions={positions}
        values={defaultBooking(ads, requested)}
        csrf={csrfToken(req, reply)}
        formKey={randomUUID()}
        balance={await ads.balance(me.id)}
      />
    ) : undefined;
    const origin = siteOrigin(req, deps.baseUrl);
    const head = { title: format(t.titleSuffix, { title: a.title, site: chrome.siteName }), description: a.intro, canonical: `${origin}/ads/` };
    return htmlPage(<AdsPage chrome={chrome} head={head} positions={rows} booking={booking} loginHref="/member/login?next=%2Fads%2F" />);
  }

  // Per visitor (the booking form and its token), and the calendar moves with every booking: not cached.
  app.get('/ads/', async (req, reply) => {
    const html = await renderPage(req, reply);
    return reply.header('cache-control', 'private, no-store').type(HTML).send(html);
  });

  app.get<{ Querystring: { positions?: string } }>('/ads/slots', async (req, reply) => {
    const codes = [...new Set(String(req.query.positions ?? '').split(','))].filter((c) => /^[a-z0-9-]{2,32}$/.test(c)).slice(0, MAX_SLOTS);
    const served = await ads.serve(codes, visitorOf(req));
    const slots: Record<string, { id: number; html: string }> = {};
    for (const [code, { ad, position }] of served)
      slots[code] = {
        id: ad.id,
        html: render(
          <AdFragment
            ad={ad}
            position={position}
            href={clickUrl(deps.secret, ad.id)}
            ping={ad.kind === 'html' ? clickPingUrl(deps.secret, ad.id) : undefined}
          />,
        ),
      };
    return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send({ slots });
  });

  app.get<{ Params: { id: string }; Querystring: { sig?: string } }>('/ads/click/:id', async (req, reply) => {
    const id = parseId(req.params.id);
    if (!isValidClickSignature(deps.secret, id, req.query.sig)) throw new NotFoundError();
    const target = await ads.click(id, visitorOf(req));
    if (!target || !isHttpUrl(target)) throw new NotFoundError();
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'origin').redirect(new URL(target).href, 302); // href: percent-encoded, as a header needs
  });

  // A click inside an HTML ad, reported by ads.js (a GET like the redirect: no cookie or form state).
  app.get<{ Params: { id: string }; Querystring: { sig?: string } }>('/ads/click/:id/ping', async (req, reply) => {
    const id = parseId(req.params.id);
    if (!isValidClickSignature(deps.secret, id, req.query.sig) || !(await ads.htmlClick(id, visitorOf(req)))) throw new NotFoundError();
    return reply.code(204).header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send();
  });
}
