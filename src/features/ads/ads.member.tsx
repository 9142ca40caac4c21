import { randomUUID } from 'node:crypto';
import { registerMultipart } from '../../platform/http/multipart.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import { isAppError, NotFoundError } from '../../platform/errors.ts';
import { clientIp } from '../../platform/http/app.ts';
import { format, t } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import type { Points } from '../points/index.ts';
import { adRefundKey } from './ads.decisions.ts';
import type { Ad } from './ads.model.ts';
import { IMAGE_MAX_BYTES } from './ads.image.ts';
import { defaultBooking } from './ads.public.tsx';
import { readAdForm } from './ads.request.ts';
import type { Ads } from './ads.service.ts';
import { BookingForm, type BookingValues } from './views/booking-form.tsx';
import { MyAds } from './views/member-pages.tsx';
import { css } from './views/admin-pages.tsx';

const a = t.ads;
const LIST = '/member/ads/';

export interface AdsMemberDeps {
  ads: Ads;
  guards: Guards;
  console: Console;
  points: Pick<Points, 'memberCreditsByKeys'>;
}

/** Statuses in which a booking may have had points back. */
const ENDED: readonly string[] = ['rejected', 'stopped', 'cancelled'];

/**
 * The line above 我的广告 after booking or withdrawing: the URL names the member's own booking and the
 * amounts are read from it (the price paid, the refund the ledger recorded), never from the URL.
 */
function flashFor(q: { ok?: string; ad?: string }, list: Ad[], refunds: Map<number, number>): string | undefined {
  const ad = list.find((x) => String(x.id) === q.ad);
  if (q.ok === 'booked' && ad) return ad.price > 0 ? format(a.booked, { n: ad.price }) : a.bookedFree;
  if (q.ok === 'cancelled' && ad?.status === 'cancelled') {
    const n = refunds.get(ad.id) ?? 0;
    return n > 0 ? format(a.cancelledFlash, { n }) : a.cancelledFreeFlash;
  }
  return undefined;
}

/** 我的广告 (`/member/ads/`) and booking (`/member/ads/new`), which the 广告服务 page's form posts to. */
export function registerAdsMember(app: FastifyInstance, deps: AdsMemberDeps): void {
  const { ads, guards } = deps;

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    over: { values?: BookingValues; errors?: Record<string, string>; message?: string; status?: number } = {},
  ) {
    const requested = typeof (req.query as Record<string, unknown>).position === 'string' ? String((req.query as Record<string, unknown>).position) : '';
    const body = (
      <>
        {css()}
        <BookingForm
          positions={await ads.positions({ activeOnly: true })}
          values={over.values ?? defaultBooking(ads, requested)}
          csrf={deps.console.csrf(req, reply)}
          formKey={randomUUID()}
          balance={await ads.balance(me.id)}
          {...(over.errors ? { errors: over.errors } : {})}
          {...(over.message ? { message: over.message } : {})}
        />
      </>
    );
    return deps.console.member(req, reply, me, { title: a.bookTitle, current: LIST, body, status: over.status ?? 200 });
  }

  app.register(async (scope) => {
    await registerMultipart(scope, { fileBytes: IMAGE_MAX_BYTES + 1, fieldBytes: 64 * 1024, fields: 20 });

    scope.get<{ Querystring: { ok?: string; ad?: string; page?: string } }>(LIST, async (req, reply) => {
      const me = await guards.member(req);
      // One page holds every booking: any other page number is not found, as on every list.
      if (req.query.page !== undefined && req.query.page !== '1') throw new NotFoundError();
      const [list, positions] = await Promise.all([ads.memberAds(me.id), ads.positions()]);
      // What each ended booking got back, as the ledger recorded it.
      const credits = await deps.points.memberCreditsByKeys(list.filter((ad) => ad.price > 0 && ENDED.includes(ad.status)).map((ad) => adRefundKey(ad.id)));
      const refunds = new Map(list.map((ad) => [ad.id, credits.get(adRefundKey(ad.id)) ?? 0]));
      const flash = flashFor(req.query, list, refunds);
      const body = (
        <>
          {css()}
          <MyAds ads={list} refunds={refunds} positions={new Map(positions.map((p) => [p.id, p]))} today={ads.today()} csrf={deps.console.csrf(req, reply)} />
        </>
      );
      return deps.console.member(req, reply, me, { title: a.myAds, current: LIST, body, ...(flash ? { flash } : {}) });
    });

    // 撤销预订: the member's own booking, before it is shown; the points come back in full.
    scope.post<{ Params: { id: string } }>('/member/ads/:id/cancel', async (req, reply) => {
      const me = await guards.member(req);
      const id = /^[1-9]\d{0,9}$/.test(req.params.id) ? Number(req.params.id) : 0;
      if (!id) throw new NotFoundError();
      await ads.cancel(id, me, clientIp(req));
      return reply.redirect(`${LIST}?ok=cancelled&ad=${id}`, 303);
    });

    scope.get('/member/ads/new', async (req, reply) => renderForm(req, reply, await guards.member(req)));

    scope.post('/member/ads/new', { bodyLimit: IMAGE_MAX_BYTES + 256 * 1024 }, async (req, reply) => {
      const me = await guards.member(req);
      const form = await readAdForm(req);
      try {
        const r = await ads.book(me, form.raw, form.upload);
        return reply.redirect(`${LIST}?ok=booked&ad=${r.id}`, 303);
      } catch (e) {
        if (!isAppError(e) || ![409, 422].includes(e.status)) throw e;
        const v = form.raw;
        const values = { position: v.position ?? '', title: v.title ?? '', targetUrl: v.targetUrl ?? '', startsOn: v.startsOn ?? '', days: v.days ?? '' };
        return renderForm(req, reply, me, { values, errors: e.fields ?? {}, message: e.message, status: e.status === 409 ? 409 : 422 });
      }
    });
  });
}
