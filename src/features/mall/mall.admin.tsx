import { assetUrl } from '../../platform/html/asset-url.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import type { Clock } from '../../platform/clock.ts';
import { isAppError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { clientIp } from '../../platform/http/app.ts';
import { readForm, registerMultipart } from '../../platform/http/multipart.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { t } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member, Members } from '../members/index.ts';
import { COVER_MAX_BYTES, processCover, storeCover, type ProcessedCover } from '../submissions/index.ts';
import type { Gift, Gifts, PictureChange, RawGiftForm } from './mall.gifts.ts';
import type { Orders } from './mall.orders.ts';
import { ORDER_STATUSES, toBeijingLocal, type OrderStatus } from './mall.schema.ts';
import { pagesOf, parseId, parsePage } from './mall.public.tsx';
import {
  ADMIN_GIFTS,
  ADMIN_ORDERS,
  DeactivateConfirm,
  GiftForm,
  GiftsList,
  OrderDetail,
  OrdersList,
  type GiftFormValues,
  type OrderActionValues,
} from './views/admin-pages.tsx';

const s = t.mall;
const PER_PAGE = 30;
// A function: asset versions are known only after start-up (platform/http/assets.ts), not when this module loads.
const css = () => <link rel="stylesheet" href={assetUrl('mall.css')} />;

export interface MallAdminDeps {
  gifts: Gifts;
  orders: Orders;
  members: Members;
  groupNames: () => Promise<Map<number, string>>;
  guards: Guards;
  console: Console;
  storage: Storage;
  clock: Clock;
}

interface ReceivedGiftForm {
  raw: RawGiftForm;
  file?: { data: Buffer; truncated: boolean };
}

/** The gift form (multipart with its picture, or urlencoded without). Repeated fields become arrays. */
async function readGiftForm(req: FastifyRequest): Promise<ReceivedGiftForm> {
  const { fields, files } = await readForm(req, { files: ['pictureFile'], repeated: 'all' });
  const picture = files.pictureFile;
  return { raw: fields, ...(picture ? { file: { data: picture.data, truncated: picture.truncated } } : {}) };
}

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined): number[] => (Array.isArray(v) ? v : v ? [v] : []).filter((x) => /^\d{1,9}$/.test(x)).map(Number);

function valuesOf(g: Gift): GiftFormValues {
  return {
    name: g.name,
    description: g.descriptionHtml,
    price: String(g.price),
    stock: String(g.stock),
    stockSeen: String(g.stock),
    perMemberLimit: String(g.perMemberLimit),
    availableFrom: toBeijingLocal(g.availableFrom),
    availableUntil: toBeijingLocal(g.availableUntil),
    groups: g.groupIds,
    active: g.active,
    picture: g.picture,
  };
}

function typedValues(raw: RawGiftForm, picture: string): GiftFormValues {
  return {
    name: one(raw.name),
    description: one(raw.description),
    price: one(raw.price),
    stock: one(raw.stock),
    stockSeen: one(raw.stockSeen),
    perMemberLimit: one(raw.perMemberLimit),
    availableFrom: one(raw.availableFrom),
    availableUntil: one(raw.availableUntil),
    groups: many(raw.groups),
    active: ['1', 'on'].includes(one(raw.active)),
    picture,
  };
}

const who = (req: FastifyRequest, me: Member) => ({ actorId: me.id, ip: clientIp(req) });

/** 礼品管理 and 订单管理 in the admin console (editors and admins). */
export function registerMallAdmin(app: FastifyInstance, deps: MallAdminDeps): void {
  const { gifts, orders, guards } = deps;

  async function groupOptions() {
    return [...(await deps.groupNames()).entries()].map(([id, name]) => ({ id, name }));
  }

  async function renderGiftForm(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    p: { gift?: Gift; values: GiftFormValues; errors?: FieldErrors; message?: string; status?: number; flash?: string },
  ) {
    const action = p.gift ? `${ADMIN_GIFTS}/${p.gift.id}` : `${ADMIN_GIFTS}/new`;
    const body = (
      <>
        {css()}
        <GiftForm
          action={action}
          csrf={deps.console.csrf(req, reply)}
          values={p.values}
          groups={await groupOptions()}
          {...(p.errors ? { errors: p.errors } : {})}
          {...(p.message ? { message: p.message } : {})}
        />
      </>
    );
    return deps.console.admin(req, reply, me, {
      title: p.gift ? `${s.editGift}：${p.gift.name}` : s.newGift,
      current: ADMIN_GIFTS,
      body,
      status: p.status ?? 200,
      ...(p.flash ? { flash: p.flash } : {}),
    });
  }

  /** Checks the fields and the picture together, so every problem is reported at once. */
  async function checkForm(form: ReceivedGiftForm): Promise<ProcessedCover | undefined> {
    const errors: FieldErrors = {};
    let upload: ProcessedCover | undefined;
    try {
      await gifts.parse(form.raw);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      Object.assign(errors, e.fields);
    }
    if (form.file) {
      try {
        upload = await processCover(form.file.data, form.file.truncated);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        errors.picture = e.message;
      }
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return upload;
  }

  app.register(async (scope) => {
    await registerMultipart(scope, { fileBytes: COVER_MAX_BYTES, fieldBytes: 64 * 1024, fields: 40 });
    const writeOpts = { bodyLimit: 8 * 1024 * 1024 };

    scope.get<{ Querystring: Record<string, string | undefined> }>(ADMIN_GIFTS, async (req, reply) => {
      const me = await guards.staff(req);
      const page = parsePage(req.query.page);
      const { items, total } = await gifts.listAdmin(page, PER_PAGE);
      const flash = { saved: s.giftSaved, on: s.giftActivated, off: s.giftDeactivated }[req.query.done ?? ''];
      const body = (
        <>
          {css()}
          <GiftsList items={items} page={page} pages={pagesOf(total, PER_PAGE, page)} csrf={deps.console.csrf(req, reply)} />
        </>
      );
      return deps.console.admin(req, reply, me, { title: s.adminGifts, current: ADMIN_GIFTS, body, ...(flash ? { flash } : {}) });
    });

    scope.get(`${ADMIN_GIFTS}/new`, async (req, reply) => {
      const me = await guards.staff(req);
      const values: GiftFormValues = {
        name: '',
        description: '',
        price: '',
        stock: '',
        perMemberLimit: '1',
        availableFrom: '',
        availableUntil: '',
        groups: [],
        active: true,
        picture: '',
      };
      return renderGiftForm(req, reply, me, { values });
    });

    scope.post(`${ADMIN_GIFTS}/new`, writeOpts, async (req, reply) => {
      const me = await guards.staff(req);
      const form = await readGiftForm(req);
      try {
        const upload = await checkForm(form);
        const picture = upload ? (await storeCover(deps.storage, deps.clock.now(), upload)).url : '';
        const g = await gifts.create(form.raw, picture, who(req, me));
        return reply.redirect(`${ADMIN_GIFTS}/${g.id}?done=saved`, 303);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        return renderGiftForm(req, reply, me, { values: typedValues(form.raw, ''), errors: e.fields ?? {}, message: e.message, status: 422 });
      }
    });

    scope.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(`${ADMIN_GIFTS}/:id`, async (req, reply) => {
      const me = await guards.staff(req);
      const g = await gifts.mustGet(parseId(req.params.id));
      return renderGiftForm(req, reply, me, { gift: g, values: valuesOf(g), ...(req.query.done === 'saved' ? { flash: s.giftSaved } : {}) });
    });

    scope.post<{ Params: { id: string } }>(`${ADMIN_GIFTS}/:id`, writeOpts, async (req, reply) => {
      const me = await guards.staff(req);
      const g = await gifts.mustGet(parseId(req.params.id));
      const form = await readGiftForm(req);
      try {
        const upload = await checkForm(form);
        const change: PictureChange = upload
          ? { set: (await storeCover(deps.storage, deps.clock.now(), upload)).url }
          : one(form.raw.removePicture) === '1'
            ? { remove: true }
            : undefined;
        await gifts.update(g.id, form.raw, change, who(req, me));
        return reply.redirect(`${ADMIN_GIFTS}/${g.id}?done=saved`, 303);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        return renderGiftForm(req, reply, me, { gift: g, values: typedValues(form.raw, g.picture), errors: e.fields ?? {}, message: e.message, status: 422 });
      }
    });

    scope.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>(`${ADMIN_GIFTS}/:id/active`, async (req, reply) => {
      const me = await guards.staff(req);
      const id = parseId(req.params.id);
      const active = (req.body ?? {}).active === '1';
      if (!active && (req.body ?? {}).confirm !== '1') {
        const g = await gifts.mustGet(id);
        if (g.active) {
          const body = <DeactivateConfirm gift={g} csrf={deps.console.csrf(req, reply)} />;
          return deps.console.admin(req, reply, me, { title: s.deactivate, current: ADMIN_GIFTS, body });
        }
      }
      await gifts.setActive(id, active, who(req, me));
      return reply.redirect(`${ADMIN_GIFTS}?done=${active ? 'on' : 'off'}`, 303);
    });
  });

  // Orders.
  app.get<{ Querystring: Record<string, string | undefined> }>(ADMIN_ORDERS, async (req, reply) => {
    const me = await guards.staff(req);
    const q = req.query.status;
    const status: OrderStatus | undefined = q === 'all' ? undefined : (ORDER_STATUSES as readonly string[]).includes(q ?? '') ? (q as OrderStatus) : 'pending';
    const page = parsePage(req.query.page);
    const { items, total } = await orders.listAdmin(status, page, PER_PAGE);
    const members = await deps.members.byIds(items.map((o) => o.memberId));
    const names = new Map([...members.values()].map((m) => [m.id, m.username]));
    const flash = { shipped: s.shippedFlash, cancelled: s.cancelledFlash }[req.query.done ?? ''];
    const body = (
      <>
        {css()}
        <OrdersList status={status} items={items} names={names} page={page} pages={pagesOf(total, PER_PAGE, page)} />
      </>
    );
    return deps.console.admin(req, reply, me, { title: s.adminOrders, current: ADMIN_ORDERS, body, ...(flash ? { flash } : {}) });
  });

  async function renderOrder(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    id: number,
    over: { values?: OrderActionValues; errors?: FieldErrors; message?: string; status?: number; flash?: string } = {},
  ) {
    const o = await orders.mustGet(id);
    const [member, gift, groupNames] = await Promise.all([deps.members.byId(o.memberId), gifts.byId(o.giftId), deps.groupNames()]);
    const body = (
      <>
        {css()}
        <OrderDetail
          o={o}
          gift={gift}
          memberName={member ? `${member.username}（${member.displayName}）` : `#${o.memberId}`}
          groupNames={groupNames}
          csrf={deps.console.csrf(req, reply)}
          values={over.values ?? { carrier: '', trackingNo: '', reason: '' }}
          {...(over.errors ? { errors: over.errors } : {})}
          {...(over.message ? { message: over.message } : {})}
        />
      </>
    );
    return deps.console.admin(req, reply, me, {
      title: `${s.order} #${o.id}`,
      current: ADMIN_ORDERS,
      body,
      status: over.status ?? 200,
      ...(over.flash ? { flash: over.flash } : {}),
    });
  }

  app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(`${ADMIN_ORDERS}/:id`, async (req, reply) => {
    const me = await guards.staff(req);
    const flash = { shipped: s.shippedFlash, cancelled: s.cancelledFlash }[req.query.done ?? ''];
    return renderOrder(req, reply, me, parseId(req.params.id), flash ? { flash } : {});
  });

  for (const action of ['ship', 'cancel'] as const) {
    app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>(`${ADMIN_ORDERS}/:id/${action}`, async (req, reply) => {
      const me = await guards.staff(req);
      const id = parseId(req.params.id);
      const b = req.body ?? {};
      try {
        if (action === 'ship') await orders.ship(id, b, who(req, me));
        else await orders.cancel(id, b, who(req, me));
      } catch (e) {
        if (!isAppError(e) || (e.status !== 422 && e.status !== 409)) throw e;
        const values = { carrier: b.carrier ?? '', trackingNo: b.trackingNo ?? '', reason: b.reason ?? '' };
        return renderOrder(req, reply, me, id, { values, errors: e.fields ?? {}, message: e.message, status: e.status });
      }
      return reply.redirect(`${ADMIN_ORDERS}/${id}?done=${action === 'ship' ? 'shipped' : 'cancelled'}`, 303);
    });
  }
}
