import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton, Checkbox, ErrorSummary, Field, Form, TextArea, type FormErrors } from '../../../platform/html/forms.tsx';
import { format, t } from '../../../strings/index.ts';
import { formatDateTime, Pagination } from '../../articles/index.ts';
import type { Gift } from '../mall.gifts.ts';
import type { Order } from '../mall.orders.ts';
import { CARRIER_MAX, DESCRIPTION_MAX, NAME_MAX, ORDER_STATUSES, REASON_MAX, TRACKING_MAX, type OrderStatus } from '../mall.schema.ts';
import { OrderProgress, StatusBadge } from './member-orders.tsx';
import { GiftFacts, giftUrl } from './public-pages.tsx';
import { Tabs } from '../../../platform/html/tabs.tsx';

const s = t.mall;
export const ADMIN_GIFTS = '/admin/mall/gifts';
export const ADMIN_ORDERS = '/admin/mall/orders';

export function GiftsList(p: { items: Gift[]; page: number; pages: number; csrf: string }): SafeHtml {
  return (
    <>
      <p>
        <a class="btn primary" href={`${ADMIN_GIFTS}/new`}>
          {s.newGift}
        </a>
      </p>
      {p.items.length ? (
        <table class="table mall-admin-gifts">
          <thead>
            <tr>
              <th>{s.colName}</th>
              <th>{s.price}</th>
              <th>{s.stockLeft}</th>
              <th>{s.window}</th>
              <th>{s.colActive}</th>
              <th>{s.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((g) => (
              <tr>
                <td>
                  <a href={`${ADMIN_GIFTS}/${g.id}`}>{g.name}</a>
                </td>
                <td>{g.price}</td>
                <td>
                  {g.stock} <small class="muted">{format(s.redeemedCount, { n: g.redeemed })}</small>
                </td>
                <td>
                  {g.availableFrom ? formatDateTime(g.availableFrom) : '—'} ~ {g.availableUntil ? formatDateTime(g.availableUntil) : '—'}
                </td>
                <td>{g.active ? s.activeYes : s.activeNo}</td>
                <td>
                  <a class="btn small" href={`${ADMIN_GIFTS}/${g.id}`}>
                    {s.edit}
                  </a>{' '}
                  <a class="btn small" href={giftUrl(g.id)} target="_blank" rel="noopener">
                    {s.view}
                  </a>{' '}
                  <ActionButton
                    action={`${ADMIN_GIFTS}/${g.id}/active`}
                    csrf={p.csrf}
                    label={g.active ? s.deactivate : s.activate}
                    fields={{ active: g.active ? '0' : '1' }}
                    class="btn small"
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">{s.giftsEmpty}</p>
      )}
      <Pagination page={p.page} pages={p.pages} urlFor={(n) => `${ADMIN_GIFTS}?page=${n}`} />
    </>
  );
}

export interface GiftFormValues {
  name: string;
  description: string;
  price: string;
  stock: string;
  /** Editing: the stock the form showed first (kept across re-renders of a refused form). */
  stockSeen?: string;
  perMemberLimit: string;
  availableFrom: string;
  availableUntil: string;
  groups: number[];
  active: boolean;
  picture: string;
}

export function GiftForm(p: {
  action: string;
  csrf: string;
  values: GiftFormValues;
  groups: Array<{ id: number; name: string }>;
  errors?: FormErrors;
  message?: string;
}): SafeHtml {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <>
      <ErrorSummary message={p.message} errors={p.errors} />
      <Form action={p.action} csrf={p.csrf} multipart class="form mall-gift-form">
        <Field name="name" label={s.f.name} value={v.name} error={e.name} maxlength={NAME_MAX} required />
        <div class={e.picture ? 'field has-error' : 'field'}>
          <label for="f-pictureFile">{s.f.picture}</label>
          {v.picture ? <img src={v.picture} alt="" class="mall-admin-thumb" /> : null}
          <input id="f-pictureFile" name="pictureFile" type="file" accept="image/jpeg,image/png,image/webp,image/gif" />
          <small class="hint">{s.f.pictureHint}</small>
          {e.picture ? <small class="error">{e.picture}</small> : null}
        </div>
        {v.picture ? <Checkbox name="removePicture" label={s.f.removePicture} /> : null}
        <TextArea
          name="description"
          label={s.f.description}
          value={v.description}
          error={e.description}
          hint={s.f.descriptionHint}
          maxlength={DESCRIPTION_MAX}
          rows={6}
        />
        <Field name="price" type="number" label={s.f.price} value={v.price} error={e.price} required />
        <Field name="stock" type="number" label={s.f.stock} value={v.stock} error={e.stock} required {...(v.stockSeen ? { hint: s.stockHint } : {})} />
        {v.stockSeen ? <input type="hidden" name="stockSeen" value={v.stockSeen} /> : null}
        <Field name="perMemberLimit" type="number" label={s.f.perMemberLimit} value={v.perMemberLimit} error={e.perMemberLimit} required />
        <Field name="availableFrom" type="datetime-local" label={s.f.availableFrom} value={v.availableFrom} error={e.availableFrom} hint={s.f.timeHint} />
        <Field name="availableUntil" type="datetime-local" label={s.f.availableUntil} value={v.availableUntil} error={e.availableUntil} hint={s.f.timeHint} />
        <fieldset class={e.groups ? 'field has-error' : 'field'}>
          <legend>{s.f.groups}</legend>
          {p.groups.map((g) => (
            <label class="inline-check">
              <input type="checkbox" name="groups" value={String(g.id)} checked={v.groups.includes(g.id)} /> {g.name}
            </label>
          ))}
          <small class="hint">{s.f.groupsHint}</small>
          {e.groups ? <small class="error">{e.groups}</small> : null}
        </fieldset>
        <Checkbox name="active" label={s.f.active} checked={v.active} />
        <button type="submit" class="btn primary">
          {s.f.save}
        </button>
      </Form>
    </>
  );
}

function StatusTabs({ current }: { current: OrderStatus | undefined }): SafeHtml {
  const tabs: Array<[OrderStatus | undefined, string]> = [
    ...ORDER_STATUSES.map((x): [OrderStatus, string] => [x, s.statuses[x] ?? x]),
    [undefined, s.allStatuses],
  ];
  return <Tabs label="status" tabs={tabs.map(([st, label]) => ({ href: `${ADMIN_ORDERS}?status=${st ?? 'all'}`, label, current: st === current }))} />;
}

export function OrdersList(p: { status: OrderStatus | undefined; items: Order[]; names: Map<number, string>; page: number; pages: number }): SafeHtml {
  return (
    <>
      <StatusTabs current={p.status} />
      {p.items.length ? (
        <table class="table mall-admin-orders">
          <thead>
            <tr>
              <th>{s.orderNo}</th>
              <th>{s.gift}</th>
              <th>{s.member}</th>
              <th>{s.points}</th>
              <th>{s.status}</th>
              <th>{s.shipping}</th>
              <th>{s.createdAt}</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((o) => (
              <tr>
                <td>
                  <a href={`${ADMIN_ORDERS}/${o.id}`}>#{o.id}</a>
                </td>
                <td>
                  {o.giftName} × {o.quantity}
                </td>
                <td>{p.names.get(o.memberId) ?? `#${o.memberId}`}</td>
                <td>{o.totalPoints}</td>
                <td>
                  <StatusBadge o={o} />
                </td>
                <td>
                  <OrderProgress o={o} />
                </td>
                <td>{formatDateTime(o.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">{s.ordersEmpty}</p>
      )}
      <Pagination page={p.page} pages={p.pages} urlFor={(n) => `${ADMIN_ORDERS}?status=${p.status ?? 'all'}&page=${n}`} />
    </>
  );
}

export interface OrderActionValues {
  carrier: string;
  trackingNo: string;
  reason: string;
}

/** One order: who, what, where to; for a pending one the ship and cancel forms. */
export function OrderDetail(p: {
  o: Order;
  gift: Gift | undefined;
  memberName: string;
  groupNames: Map<number, string>;
  csrf: string;
  values: OrderActionValues;
  errors?: FormErrors;
  message?: string;
}): SafeHtml {
  const { o, values: v } = p;
  const e = p.errors ?? {};
  return (
    <>
      <ErrorSummary message={p.message} errors={p.errors} />
      <dl class="mall-order">
        <dt>{s.gift}</dt>
        <dd>
          <a href={`${ADMIN_GIFTS}/${o.giftId}`}>{o.giftName}</a> × {o.quantity}（{format(s.priceValue, { n: o.totalPoints })}）
        </dd>
        <dt>{s.member}</dt>
        <dd>{p.memberName}</dd>
        <dt>{s.receiver}</dt>
        <dd>
          {o.contactName} {o.phone}
          <br />
          {o.address}
        </dd>
        <dt>{s.status}</dt>
        <dd>
          <StatusBadge o={o} /> <OrderProgress o={o} />
        </dd>
        <dt>{s.createdAt}</dt>
        <dd>{formatDateTime(o.createdAt)}</dd>
      </dl>
      {p.gift ? <GiftFacts g={p.gift} groupNames={p.groupNames} /> : null}
      {o.status === 'pending' ? (
        <div class="mall-order-actions">
          <h2>{s.shipTitle}</h2>
          <Form action={`${ADMIN_ORDERS}/${o.id}/ship`} csrf={p.csrf}>
            <Field name="carrier" label={s.carrier} value={v.carrier} error={e.carrier} maxlength={CARRIER_MAX} required />
            <Field name="trackingNo" label={s.trackingNo} value={v.trackingNo} error={e.trackingNo} maxlength={TRACKING_MAX} required />
            <button type="submit" class="btn primary">
              {s.ship}
            </button>
          </Form>
          <h2>{s.cancelTitle}</h2>
          <form method="post" action={`${ADMIN_ORDERS}/${o.id}/cancel`} class="form" data-confirm={s.cancelConfirm}>
            <input type="hidden" name="_csrf" value={p.csrf} />
            <TextArea name="reason" label={s.cancelReason} value={v.reason} error={e.reason} maxlength={REASON_MAX} rows={2} required />
            <button type="submit" class="btn danger">
              {s.cancel}
            </button>
          </form>
        </div>
      ) : null}
    </>
  );
}

/** 下架 asks first (members can no longer redeem the gift); works without JavaScript. */
export function DeactivateConfirm(p: { gift: Gift; csrf: string }): SafeHtml {
  return (
    <section class="panel confirm">
      <p>{format(s.confirmDeactivate, { name: p.gift.name })}</p>
      <p class="muted">{s.confirmDeactivateNote}</p>
      <div class="form-actions">
        <ActionButton
          action={`${ADMIN_GIFTS}/${p.gift.id}/active`}
          csrf={p.csrf}
          label={s.deactivate}
          fields={{ active: '0', confirm: '1' }}
          class="btn danger"
        />
        <a class="btn" href={ADMIN_GIFTS}>
          {t.admin.cancel}
        </a>
      </div>
    </section>
  );
}
