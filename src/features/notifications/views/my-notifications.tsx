import { h, Fragment, type SafeHtml } from '../../../platform/html/jsx.ts';
import { ActionButton } from '../../../platform/html/forms.tsx';
import { t, format } from '../../../strings/index.ts';
import { formatDateTime, Pagination } from '../../articles/index.ts';
import type { Notification } from '../notifications.service.ts';

const s = t.notifications;

export const notificationsPath = '/member/notifications/';

/** 站内信: the member's messages, newest first; unread ones marked, each opened through its own link. */
export function MyNotifications(p: { items: Notification[]; unread: number; page: number; pages: number; csrf: string }): SafeHtml {
  if (!p.items.length) return <p class="empty">{s.empty}</p>;
  return (
    <>
      <div class="notifications-summary">
        {p.unread ? format(s.unreadSummary, { n: p.unread }) : s.allRead}{' '}
        {p.unread ? <ActionButton action={`${notificationsPath}read-all`} csrf={p.csrf} label={s.markAllRead} class="btn small" /> : null}
      </div>
      <table class="table stack my-notifications">
        <thead>
          <tr>
            <th>{s.colMessage}</th>
            <th>{s.colTime}</th>
            <th>{s.colActions}</th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((n) => (
            <tr class={n.readAt ? 'read' : 'unread'}>
              <td>
                <span class="badge kind">{s.kinds[n.kind] ?? n.kind}</span> {n.readAt ? null : <strong class="badge unread">{s.unreadBadge}</strong>} {n.body}
              </td>
              <td data-label={s.colTime}>
                <time datetime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
              </td>
              <td class="cell-actions">
                {/* A message without a link has nothing to open: an unread one can only be marked read. */}
                {n.link ? (
                  <a href={`${notificationsPath}${n.id}`}>{s.open}</a>
                ) : !n.readAt ? (
                  <a href={`${notificationsPath}${n.id}`}>{s.markRead}</a>
                ) : null}{' '}
                <ActionButton action={`${notificationsPath}delete`} csrf={p.csrf} label={s.remove} fields={{ id: String(n.id) }} class="btn small" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={p.page} pages={p.pages} urlFor={(n) => `${notificationsPath}${n > 1 ? `?page=${n}` : ''}`} />
    </>
  );
}
