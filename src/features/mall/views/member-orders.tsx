import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { format, t } from '../../../strings/index.ts';
import { ActionButton } from '../../../platform/html/forms.tsx';
import { formatDateTime, Pagination } from '../../articles/index.ts';
import type { Order } from '../mall.orders.ts';
import { giftUrl, mallUrl } from './public-pages.tsx';

const s = t.mall;

export function StatusBadge({ o }: { o: Pick<Order, 'status'> }): SafeHtml {
  return <span class={`badge order-${o.status}`}>{s.statuses[o.status] ?? o.status}</span>;
}

/** Carrier and tracking number of a shipped order; the reason of a cancelled one. */
export function OrderProgress({ o }: { o: Order }): SafeHtml {
  if (o.status === 'shipped')
    return (
      <span class="order-shipping">
        {s.carrier}：{o.carrier} · {s.trackingNo}：<code>{o.trackingNo}</code>
        {o.shippedAt ? ` · ${s.shippedAt}：${formatDateTime(o.shippedAt)}` : ''}
      </span>
    );
  if (o.status === 'cancelled')
    return (
      <span class="order-cancelled">
        {s.cancelReason}：{o.cancelReason} · {format(s.refundedNote, { n: o.totalPoints })}
      </span>
    );
  return <span class="muted">—</span>;
}

/** 我的订单: the member's own orders, newest first, with status and tracking information. */
export function MyOrders(p: { items: Order[]; onSale: Set<number>; page: number; pages: number; csrf: string }): SafeHtml {
  if (!p.items.length)
    return (
      <p class="empty">
        {s.myOrdersEmpty} <a href={mallUrl}>{s.goShopping}</a>
      </p>
    );
  return (
    <>
      <table class="table stack my-orders">
        <thead>
          <tr>
            <th>{s.orderNo}</th>
            <th>{s.gift}</th>
            <th>{s.points}</th>
            <th>{s.receiver}</th>
            <th>{s.status}</th>
            <th>{s.shipping}</th>
            <th>{s.createdAt}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((o) => (
            <tr id={`o${o.id}`}>
              <td data-label={s.orderNo}>#{o.id}</td>
              <td data-label={s.gift}>
                {p.onSale.has(o.giftId) ? (
                  <a href={giftUrl(o.giftId)}>{o.giftName}</a>
                ) : (
                  <>
                    {o.giftName} <span class="muted gift-gone">（{s.activeNo}）</span>
                  </>
                )}{' '}
                × {o.quantity}
              </td>
              <td data-label={s.points}>{o.totalPoints}</td>
              <td data-label={s.receiver}>
                {o.contactName} {o.phone}
                <br />
                <small>{o.address}</small>
              </td>
              <td data-label={s.status}>
                <StatusBadge o={o} />
              </td>
              <td data-label={s.shipping}>
                <OrderProgress o={o} />
              </td>
              <td data-label={s.createdAt}>
                <time datetime={o.createdAt}>{formatDateTime(o.createdAt)}</time>
              </td>
              <td class="cell-actions">
                {o.status === 'pending' ? (
                  <ActionButton
                    action={`/member/orders/${o.id}/cancel`}
                    csrf={p.csrf}
                    label={s.memberCancel}
                    class="btn small"
                    confirm={s.memberCancelConfirm}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={p.page} pages={p.pages} urlFor={(n) => `/member/orders${n > 1 ? `?page=${n}` : ''}`} />
    </>
  );
}
