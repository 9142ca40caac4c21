import { registerMultipart } from '../../platform/http/multipart.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import { clientIp } from '../../platform/http/app.ts';
import { isAppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member, Members } from '../members/index.ts';
import type { Points } from '../points/index.ts';
import { adRefundKey } from './ads.decisions.ts';
import { IMAGE_MAX_BYTES } from './ads.image.ts';
import { defaultBooking } from './ads.public.tsx';
import { parseId, parsePage, readAdForm } from './ads.request.ts';
import { AD_STATUSES, type AdStatus } from './ads.schema.ts';
import type { Ad, AdPosition, Ads } from './ads.service.ts';
import { AdminAdsList, css, PositionForm, PositionsList, ReviewQueue, StaffAdForm, type PositionValues, type StaffAdValues } from './views/admin-pages.tsx';

const a = t.ads;
const PER_PAGE = 30;
const ADS = '/admin/ads/';
const REVIEW = '/admin/ads/review';
const POSITIONS = '/admin/ad-positions/';
const FLASH: Record<string, string> = {
  approved: a.approvedFlash,
  rejected: a.rejectedFlash,
  stopped: a.stoppedFlash,
  removed: a.removedFlash,
  saved: a.savedFlash,
};

type Q = Record<string, string | undefined>;
type Over<V> = { values?: V; errors?: Record<string, string>; message?: string; status?: number };

export interface AdsAdminDeps {
  ads: Ads;
  guards: Guards;
  console: Console;
  members: Members;
  points: Pick<Points, 'memberCreditsByKeys'>;
}

const isFormError = (e: unknown) => isAppError(e) && [409, 422].includes(e.status);

/** 广告位, 广告管理 and 广告审核 in the admin console (editors and admins; HTML ads by admins only). */
export function registerAdsAdmin(app: FastifyInstance, deps: AdsAdminDeps): void {
  const { ads, guards } = deps;

  async function owners(items: Ad[]): Promise<Map<number, string>> {
    const ids = [...new Set(items.map((x) => x.memberId).filter((x): x is number => x !== null))];
    const out = new Map<number, string>();
    for (const id of ids) {
      const m = await deps.members.byId(id);
      if (m) out.set(id, m.username);
    }
    return out;
  }

  async function positionMap(): Promise<Map<number, AdPosition>> {
    return new Map((await ads.positions()).map((p) => [p.id, p]));
  }

  const page = (
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    title: string,
    current: string,
    body: JSX.Element,
    extra: { flash?: string; status?: number } = {},
  ) =>
    deps.console.admin(req, reply, me, {
      title,
      current,
      body: (
        <>
          {css()}
          {body}
        </>
      ),
      ...extra,
    });

  // ---- ads list and review ----------------------------------------------------------------------

  /** After 停用: the refund as the ledger recorded it for that ad (the URL names the ad, not an amount). */
  async function stoppedFlash(q: Q): Promise<string | undefined> {
    const id = /^[1-9]\d{0,9}$/.test(q.ad ?? '') && Number(q.ad) <= 2_147_483_647 ? Number(q.ad) : undefined;
    if (id === undefined) return a.stoppedFlash;
    const ad = await ads.byId(id).catch(() => undefined);
    if (!ad || ad.status !== 'stopped') return a.stoppedFlash;
    const n = (await deps.points.memberCreditsByKeys([adRefundKey(id)])).get(adRefundKey(id)) ?? 0;
    return n > 0 ? format(a.stoppedRefundFlash, { n }) : a.stoppedFlash;
  }

  async function renderList(
    req: FastifyRequest<{ Querystring: Q }>,
    reply: FastifyReply,
    me: Member,
    over: { flash?: string; message?: string; status?: number } = {},
  ) {
    const status = (AD_STATUSES as readonly string[]).includes(req.query.status ?? '') ? (req.query.status as AdStatus) : undefined;
    const p = parsePage(req.query.page);
    const { items, total } = await ads.list({ ...(status ? { status } : {}), page: p, perPage: PER_PAGE });
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    if (p > pages) throw new NotFoundError();
    const body = (
      <AdminAdsList
        status={status}
        items={items}
        positions={await positionMap()}
        owners={await owners(items)}
        page={p}
        pages={pages}
        csrf={deps.console.csrf(req, reply)}
        {...(over.message ? { message: over.message } : {})}
      />
    );
    return page(req, reply, me, a.adminAds, ADS, body, { ...(over.flash ? { flash: over.flash } : {}), status: over.status ?? 200 });
  }

  app.get<{ Querystring: Q }>(ADS, async (req, reply) => {
    const me = await guards.staff(req);
    const flash = req.query.done === 'stopped' ? await stoppedFlash(req.query) : FLASH[req.query.done ?? ''];
    return renderList(req, reply, me, flash ? { flash } : {});
  });

  async function renderReview(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    over: { error?: { id: number; message: string; reason: string }; flash?: string } = {},
  ) {
    const { items } = await ads.list({ status: 'pending', page: 1, perPage: 100 });
    const body = (
      <ReviewQueue
        items={items.reverse()}
        positions={await positionMap()}
        owners={await owners(items)}
        csrf={deps.console.csrf(req, reply)}
        {...(over.error ? { errors: over.error } : {})}
      />
    );
    return page(req, reply, me, a.adminReview, REVIEW, body, { ...(over.flash ? { flash: over.flash } : {}), status: over.error ? 422 : 200 });
  }

  app.get<{ Querystring: Q }>(REVIEW, async (req, reply) => {
    const me = await guards.staff(req);
    const flash = FLASH[req.query.done ?? ''];
    return renderReview(req, reply, me, flash ? { flash } : {});
  });

  app.post<{ Params: { id: string } }>('/admin/ads/:id/approve', async (req, reply) => {
    const me = await guards.staff(req);
    await ads.approve(parseId(req.params.id), me, clientIp(req));
    return reply.redirect(`${REVIEW}?done=approved`, 303);
  });

  app.post<{ Params: { id: string }; Body: Q }>('/admin/ads/:id/reject', async (req, reply) => {
    const me = await guards.staff(req);
    const id = parseId(req.params.id);
    const reason = req.body?.reason ?? '';
    try {
      await ads.reject(id, { reason }, me, clientIp(req));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderReview(req, reply, me, { error: { id, message: e.fields?.reason ?? e.message, reason } });
    }
    return reply.redirect(`${REVIEW}?done=rejected`, 303);
  });

  app.post<{ Params: { id: string }; Body: Q; Querystring: Q }>('/admin/ads/:id/stop', async (req, reply) => {
    const me = await guards.staff(req);
    const id = parseId(req.params.id);
    try {
      await ads.stop(id, me, clientIp(req), { reason: req.body?.reason ?? '' });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderList(req, reply, me, { message: e.fields?.reason ?? e.message, status: 422 });
    }
    return reply.redirect(`${ADS}?done=stopped&ad=${id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/ads/:id/delete', async (req, reply) => {
    const me = await guards.staff(req);
    await ads.remove(parseId(req.params.id), me, clientIp(req));
    return reply.redirect(`${ADS}?done=removed`, 303);
  });

  // ---- staff ads: create and edit (multipart for the picture) -----------------------------------

  function adValues(ad: Ad | undefined, positions: Map<number, AdPosition>, fallback: string): StaffAdValues {
    if (!ad) {
      const d = defaultBooking(ads);
      return { position: '', kind: 'image', title: '', targetUrl: '', imageUrl: '', html: '', startsOn: fallback || d.startsOn, days: '30' };
    }
    return {
      position: positions.get(ad.positionId)?.code ?? '',
      kind: ad.kind,
      title: ad.title,
      targetUrl: ad.targetUrl,
      imageUrl: ad.imageUrl,
      html: ad.html,
      startsOn: ad.startsOn,
      days: String(ad.days),
    };
  }

  async function renderAdForm(req: FastifyRequest, reply: FastifyReply, me: Member, id: number | undefined, over: Over<StaffAdValues> = {}) {
    const positions = await positionMap();
    const ad = id === undefined ? undefined : await ads.byId(id);
    const body = (
      <StaffAdForm
        action={id === undefined ? '/admin/ads/new' : `/admin/ads/${id}/edit`}
        positions={[...positions.values()]}
        values={over.values ?? adValues(ad, positions, ads.today())}
        isAdmin={me.role === 'admin'}
        csrf={deps.console.csrf(req, reply)}
        {...(over.errors ? { errors: over.errors } : {})}
        {...(over.message ? { message: over.message } : {})}
      />
    );
    return page(req, reply, me, id === undefined ? a.newAd : a.editAd, ADS, body, { status: over.status ?? 200 });
  }

  async function saveAd(req: FastifyRequest, reply: FastifyReply, me: Member, id: number | undefined) {
    const form = await readAdForm(req);
    try {
      await ads.saveStaffAd(id, form.raw, me, clientIp(req), form.upload);
    } catch (e) {
      if (!isFormError(e) || !isAppError(e)) throw e;
      const v = form.raw;
      const values: StaffAdValues = {
        position: v.position ?? '',
        kind: v.kind ?? '',
        title: v.title ?? '',
        targetUrl: v.targetUrl ?? '',
        imageUrl: v.imageUrl ?? '',
        html: v.html ?? '',
        startsOn: v.startsOn ?? '',
        days: v.days ?? '',
      };
      return renderAdForm(req, reply, me, id, { values, errors: e.fields ?? {}, message: e.message, status: e.status });
    }
    return reply.redirect(`${ADS}?done=saved`, 303);
  }

  app.register(async (scope) => {
    await registerMultipart(scope, { fileBytes: IMAGE_MAX_BYTES + 1, fieldBytes: 64 * 1024, fields: 20 });
    const writeOpts = { bodyLimit: IMAGE_MAX_BYTES + 256 * 1024 };
    scope.get('/admin/ads/new', async (req, reply) => renderAdForm(req, reply, await guards.staff(req), undefined));
    scope.post('/admin/ads/new', writeOpts, async (req, reply) => saveAd(req, reply, await guards.staff(req), undefined));
    scope.get<{ Params: { id: string } }>('/admin/ads/:id/edit', async (req, reply) => {
      const me = await guards.staff(req);
      return renderAdForm(req, reply, me, parseId(req.params.id));
    });
    scope.post<{ Params: { id: string } }>('/admin/ads/:id/edit', writeOpts, async (req, reply) => {
      const me = await guards.staff(req);
      const id = parseId(req.params.id);
      await ads.byId(id); // 404 before reading the upload
      return saveAd(req, reply, me, id);
    });
  });

  // ---- positions --------------------------------------------------------------------------------

  app.get<{ Querystring: Q }>(POSITIONS, async (req, reply) => {
    const me = await guards.staff(req);
    const body = <PositionsList positions={await ads.positions()} stats={await ads.positionStats()} csrf={deps.console.csrf(req, reply)} />;
    const flash = FLASH[req.query.done ?? ''];
    return page(req, reply, me, a.adminPositions, POSITIONS, body, flash ? { flash } : {});
  });

  function positionValues(p: AdPosition | undefined): PositionValues {
    if (!p)
      return {
        code: '',
        name: '',
        description: '',
        width: '300',
        height: '250',
        kind: 'image',
        pricePerDay: '10',
        capacity: '3',
        active: true,
        sortOrder: '0',
      };
    return {
      code: p.code,
      name: p.name,
      description: p.description,
      width: String(p.width),
      height: String(p.height),
      kind: p.kind,
      pricePerDay: String(p.pricePerDay),
      capacity: String(p.capacity),
      active: p.active,
      sortOrder: String(p.sortOrder),
    };
  }

  async function renderPositionForm(req: FastifyRequest, reply: FastifyReply, me: Member, id: number | undefined, over: Over<PositionValues> = {}) {
    const p = id === undefined ? undefined : await ads.positionById(id);
    const body = (
      <PositionForm
        action={id === undefined ? '/admin/ad-positions/new' : `/admin/ad-positions/${id}`}
        values={over.values ?? positionValues(p)}
        csrf={deps.console.csrf(req, reply)}
        {...(over.errors ? { errors: over.errors } : {})}
        {...(over.message ? { message: over.message } : {})}
      />
    );
    return page(req, reply, me, id === undefined ? a.newPosition : a.editPosition, POSITIONS, body, { status: over.status ?? 200 });
  }

  async function savePosition(req: FastifyRequest<{ Body: Q }>, reply: FastifyReply, me: Member, id: number | undefined) {
    const b = req.body ?? {};
    try {
      await ads.savePosition(id, b, me, clientIp(req));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const values: PositionValues = {
        code: b.code ?? '',
        name: b.name ?? '',
        description: b.description ?? '',
        width: b.width ?? '',
        height: b.height ?? '',
        kind: b.kind ?? '',
        pricePerDay: b.pricePerDay ?? '',
        capacity: b.capacity ?? '',
        active: b.active === '1',
        sortOrder: b.sortOrder ?? '',
      };
      return renderPositionForm(req, reply, me, id, { values, errors: e.fields ?? {}, message: e.message, status: 422 });
    }
    return reply.redirect(`${POSITIONS}?done=saved`, 303);
  }

  app.get('/admin/ad-positions/new', async (req, reply) => renderPositionForm(req, reply, await guards.staff(req), undefined));
  app.post<{ Body: Q }>('/admin/ad-positions/new', async (req, reply) => savePosition(req, reply, await guards.staff(req), undefined));
  app.get<{ Params: { id: string } }>('/admin/ad-positions/:id', async (req, reply) => {
    const me = await guards.staff(req);
    return renderPositionForm(req, reply, me, parseId(req.params.id));
  });
  app.post<{ Params: { id: string }; Body: Q }>('/admin/ad-positions/:id', async (req, reply) => {
    const me = await guards.staff(req);
    const id = parseId(req.params.id);
    await ads.positionById(id);
    return savePosition(req, reply, me, id);
  });
  app.post<{ Params: { id: string } }>('/admin/ad-positions/:id/delete', async (req, reply) => {
    const me = await guards.staff(req);
    await ads.deletePosition(parseId(req.params.id), me, clientIp(req));
    return reply.redirect(`${POSITIONS}?done=removed`, 303);
  });
}
