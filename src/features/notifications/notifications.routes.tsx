import type { FastifyInstance } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards } from '../members/index.ts';
import type { Notifications } from './notifications.service.ts';
import { MyNotifications, notificationsPath } from './views/my-notifications.tsx';

const s = t.notifications;
const PER_PAGE = 20;

function parseId(v: unknown): number | undefined {
  return typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2_147_483_647 ? Number(v) : undefined;
}

export interface NotificationsDeps {
  notifications: Notifications;
  guards: Guards;
  console: Console;
}

/** 站内信 in the member centre: the list, opening one (read, then its link), mark all read, delete. */
export function registerNotifications(app: FastifyInstance, deps: NotificationsDeps): void {
  const { guards, notifications } = deps;

  app.get<{ Querystring: Record<string, string> }>(notificationsPath, async (req, reply) => {
    const me = await guards.member(req);
    const page = req.query.page === undefined ? 1 : parseId(req.query.page);
    if (!page) throw new NotFoundError();
    const res = await notifications.list(me.id, page, PER_PAGE);
    const pages = Math.max(1, Math.ceil(res.total / PER_PAGE));
    if (page > pages) throw new NotFoundError();
    const body = <MyNotifications items={res.items} unread={res.unread} page={page} pages={pages} csrf={deps.console.csrf(req, reply)} />;
    const flash = req.query.done === 'read' ? s.markedAllFlash : req.query.done === 'deleted' ? s.deletedFlash : undefined;
    return deps.console.member(req, reply, me, { title: s.pageTitle, current: notificationsPath, body, ...(flash ? { flash } : {}) });
  });

  // Opening a message marks it read and follows its link (a path on this site, checked when it was sent).
  app.get<{ Params: { id: string } }>(`${notificationsPath}:id`, async (req, reply) => {
    const me = await guards.member(req);
    const id = parseId(req.params.id);
    const link = id === undefined ? undefined : await notifications.open(me.id, id);
    if (link === undefined) throw new NotFoundError(s.gone);
    return reply.header('cache-control', 'no-store').redirect(link || notificationsPath, 303);
  });

  app.post(`${notificationsPath}read-all`, async (req, reply) => {
    const me = await guards.member(req);
    await notifications.markAllRead(me.id);
    return reply.redirect(`${notificationsPath}?done=read`, 303);
  });

  app.post<{ Body: Record<string, unknown> }>(`${notificationsPath}delete`, async (req, reply) => {
    const me = await guards.member(req);
    const id = parseId((req.body ?? {}).id);
    if (id === undefined || !(await notifications.remove(me.id, id))) throw new NotFoundError(s.gone);
    return reply.redirect(`${notificationsPath}?done=deleted`, 303);
  });
}
