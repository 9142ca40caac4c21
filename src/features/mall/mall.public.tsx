import { randomUUID } from 'node:crypto';
import { assetUrl } from '../../platform/html/asset-url.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import { clientIp, HTML, htmlPage, LOGIN_PATH, sendPage, siteOrigin } from '../../platform/http/app.ts';
import { ErrorSummary } from '../../platform/html/forms.tsx';
import { csrfToken } from '../../platform/http/csrf.ts';
import { isAppError, NotFoundError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';
import { MALL_TAG, type Gift, type Gifts } from './mall.gifts.ts';
import type { MallPoints, Orders } from './mall.orders.ts';
import { MyOrders } from './views/member-orders.tsx';
import { GiftPage, MallListPage, mallUrl, giftUrl, redeemUrl, RedeemPage, type RedeemValues } from './views/public-pages.tsx';

const s = t.mall;
const PER_PAGE = 20;
/** Public mall pages are purged on every change; the TTL lets a window open or close on time. */
const PAGE_TTL_MS = 60_000;

export interface MallPublicDeps {
  gifts: Gifts;
  orders: Orders;
  points: MallPoints;
  groupNames: () => Promise<Map<number, string>>;
  guards: Guards;
  console: Console;
  chrome: ChromeBuilder;
  cache: PageCache;
  baseUrl: string | undefined;
}

export function parseId(v: string | undefined): number {
  if (!v || !/^[1-9]\d{0,9}$/.test(v) || Number(v) > 2_147_483_647) throw new NotFoundError();
  return Number(v);
}

/** A list's page number: absent is page 1; anything but a plain page number is "not found", as on every list. */
export function parsePage(v: string | undefined): number {
  if (v === undefined || v === '') return 1;
  if (!/^[1-9]\d{0,4}$/.test(v)) throw new NotFoundError();
  return Number(v);
}

/** The number of pages of a list; a page past the last one is "not found". */
export function pagesOf(total: number, perPage: number, page: number): number {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (page > pages) throw new NotFoundError();
  return pages;
}

/** Refusals shown on the form again with what was typed: bad input (422) and conflicts (409). */
function isFormError(e: unknown): e is { status: number; message: string; fields: Record<string, string> | undefined } {
  return isAppError(e) && (e.status === 422 || e.status === 409);
}

type Body = Record<string, string | undefined>;

/** 积分换礼 for everyone (`/mall/`, `/mall/<id>`), the member's redeem form, and 我的订单. */
export function registerMallPages(app: FastifyInstance, deps: MallPublicDeps): void {
  const { gifts, orders, guards } = deps;

  /** A gift the public may see: active ones only. */
  async function publicGift(id: number): Promise<Gift> {
    const g = await gifts.byId(id);
    if (!g || !g.active) throw new NotFoundError(s.giftGone, 'mall_gift_not_found');
    return g;
  }

  app.get('/mall/', async (req, reply) => {
    const origin = siteOrigin(req, deps.baseUrl);
    const page = await deps.cache.page(`mall|${origin}|list`, async () => {
      const [list, chrome, groupNames] = await Promise.all([gifts.listPublic(), deps.chrome(), deps.groupNames()]);
      const head = { title: format(t.titleSuffix, { title: s.title, site: chrome.siteName }), description: s.intro, canonical: origin + mallUrl };
      const body = htmlPage(<MallListPage chrome={chrome} head={head} gifts={list} groupNames={groupNames} now={gifts.now()} />);
      return { status: 200, contentType: HTML, body, tags: [MALL_TAG, 'settings'], ttlMs: PAGE_TTL_MS };
    });
    return sendPage(req, reply, page);
  });

  app.get<{ Params: { id: string } }>('/mall/:id', async (req, reply) => {
    const id = parseId(req.params.id);
    const origin = siteOrigin(req, deps.baseUrl);
    const page = await deps.cache.page(`mall|${origin}|gift|${id}`, async () => {
      const g = await publicGift(id);
      const [chrome, groupNames] = await Promise.all([deps.chrome(), deps.groupNames()]);
      const head = { title: format(t.titleSuffix, { title: `${g.name}_${s.title}`, site: chrome.siteName }), canonical: origin + giftUrl(id) };
      const body = htmlPage(<GiftPage chrome={chrome} head={head} g={g} groupNames={groupNames} now={gifts.now()} />);
      return { status: 200, contentType: HTML, body, tags: [MALL_TAG, 'settings'], ttlMs: PAGE_TTL_MS };
    });
    return sendPage(req, reply, page);
  });

  async function renderRedeem(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    g: Gift,
    values: RedeemValues,
    over: { errors?: Record<string, string>; message?: string; status?: number } = {},
  ) {
    const [chrome, groupNames, balance, refusal] = await Promise.all([
      deps.chrome(),
      deps.groupNames(),
      deps.points.balance(me.id),
      orders.refusalFor(me.id, g),
    ]);
    const html = htmlPage(
      <RedeemPage
        chrome={chrome}
        g={g}
        groupNames={groupNames}
        balance={balance}
        csrf={csrfToken(req, reply)}
        values={values}
        {...(refusal ? { refusal } : {})}
        {...(over.errors ? { errors: over.errors } : {})}
        {...(over.message ? { message: over.message } : {})}
      />,
    );
    return reply
      .code(over.status ?? 200)
      .header('cache-control', 'no-store')
      .type(HTML)
      .send(html);
  }

  app.get<{ Params: { id: string } }>('/mall/:id/redeem', async (req, reply) => {
    const id = parseId(req.params.id);
    const me = await guards.optional(req);
    if (!me) return reply.redirect(`${LOGIN_PATH}?next=${encodeURIComponent(redeemUrl(id))}`, 303);
    const g = await publicGift(id);
    return renderRedeem(req, reply, me, g, { quantity: '1', contactName: '', phone: '', address: '', key: randomUUID() });
  });

  app.post<{ Params: { id: string }; Body: Body }>('/mall/:id/redeem', async (req, reply) => {
    const id = parseId(req.params.id);
    const me = await guards.optional(req);
    if (!me) return reply.redirect(`${LOGIN_PATH}?next=${encodeURIComponent(redeemUrl(id))}`, 303);
    const b = req.body ?? {};
    const values: RedeemValues = {
      quantity: String(b.quantity ?? ''),
      contactName: String(b.contactName ?? ''),
      phone: String(b.phone ?? ''),
      address: String(b.address ?? ''),
      key: /^[A-Za-z0-9-]{8,64}$/.test(String(b.key ?? '')) ? String(b.key) : randomUUID(),
    };
    try {
      const r = await orders.redeem(me.id, id, b);
      return reply.redirect(`/member/orders?ok=redeemed#o${r.order.id}`, 303);
    } catch (e) {
      if (!isFormError(e)) throw e;
      const g = await publicGift(id);
      return renderRedeem(req, reply, me, g, values, { errors: e.fields ?? {}, message: e.fields ? s.redeemFailed : e.message, status: e.status });
    }
  });

  /** The line above 我的订单: the amount of a cancellation is read from the member's own order, never from the URL. */
  async function ordersFlash(me: Member, q: Body): Promise<string | undefined> {
    if (q.ok === 'redeemed') return s.redeemedFlash;
    const id = /^[1-9]\d{0,9}$/.test(q.cancelled ?? '') ? Number(q.cancelled) : undefined;
    const o = id !== undefined && id <= 2_147_483_647 ? await orders.byId(id) : undefined;
    return o && o.memberId === me.id && o.status === 'cancelled' ? format(s.memberCancelledFlash, { id: o.id, n: o.totalPoints }) : undefined;
  }

  async function renderOrders(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    page: number,
    over: { flash?: string; message?: string; status?: number } = {},
  ) {
    const { items, total } = await orders.listForMember(me.id, page, PER_PAGE);
    const pages = pagesOf(total, PER_PAGE, page);
    // A gift taken down has no page any more (404): its name is shown without a link.
    const onSale = await gifts.activeIds([...new Set(items.map((o) => o.giftId))]);
    const body = (
      <>
        <link rel="stylesheet" href={assetUrl('mall.css')} />
        {over.message ? <ErrorSummary message={over.message} /> : null}
        <MyOrders items={items} onSale={onSale} page={page} pages={pages} csrf={deps.console.csrf(req, reply)} />
      </>
    );
    return deps.console.member(req, reply, me, {
      title: s.myOrders,
      current: '/member/orders',
      body,
      ...(over.flash ? { flash: over.flash } : {}),
      status: over.status ?? 200,
    });
  }

  app.get<{ Querystring: Body }>('/member/orders', async (req, reply) => {
    const me = await guards.member(req);
    const flash = await ordersFlash(me, req.query);
    return renderOrders(req, reply, me, parsePage(req.query.page), flash ? { flash } : {});
  });

  // 取消订单 by its member while it waits to be shipped: the staff cancel's transaction (refund and stock exactly once).
  app.post<{ Params: { id: string } }>('/member/orders/:id/cancel', async (req, reply) => {
    const me = await guards.member(req);
    const id = parseId(req.params.id);
    try {
      await orders.cancelOwn(id, me.id, clientIp(req));
    } catch (e) {
      if (!isAppError(e) || e.status !== 409) throw e;
      return renderOrders(req, reply, me, 1, { message: e.message, status: 409 });
    }
    return reply.redirect(`/member/orders?cancelled=${id}#o${id}`, 303);
  });
}
