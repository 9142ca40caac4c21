import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import type { Notifications } from './notifications.service.ts';
import { maskEmail } from './notifications.mail.ts';
import { registerNotificationMail, type MailRefusal, type NotificationMailRouteDeps } from './notifications.mail-routes.tsx';
import { MailSettings } from './views/mail-settings.tsx';
import { MyNotifications, notificationsPath } from './views/my-notifications.tsx';

const s = t.notifications;
const PER_PAGE = 20;

function parseId(v: unknown): number | undefined {
  return typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2_147_483_647 ? Number(v) : undefined;
}

export interface NotificationsDeps extends NotificationMailRouteDeps {
  notifications: Notifications;
  guards: Guards;
  console: Console;
}

/** 站内信 in the member centre: the list, opening one (read, then its link), mark all read, delete. */
export function registerNotifications(app: FastifyInstance, deps: NotificationsDeps): void {
  const { guards, notifications } = deps;

  /** The list with the 邮件提醒 box under it; `refusal` when a change of the reminders was refused. */
  async function listPage(req: FastifyRequest, reply: FastifyReply, me: Member, page: number, refusal?: MailRefusal) {
    const [res, profile] = await Promise.all([notifications.list(me.id, page, PER_PAGE), deps.members.accounts.profile(me.id)]);
    const pages = Math.max(1, Math.ceil(res.total / PER_PAGE));
    if (page > pages) throw new NotFoundError();
    const csrf = deps.console.csrf(req, reply);
    const mailState = await deps.notificationMail.state(me.id, profile.email || null);
    const body = (
      <>
        <MyNotifications items={res.items} unread={res.unread} page={page} pages={pages} csrf={csrf} />
        <MailSettings state={mailState} hasEmail={!!profile.email} csrf={csrf} error={refusal?.message} />
      </>
    );
    const done = (req.query as Record<string, string>).done;
    const flash = refusal
      ? undefined
      : done === 'read'
        ? s.markedAllFlash
        : done === 'deleted'
          ? s.deletedFlash
          : done === 'mail-off'
            ? s.mailOffFlash
            : done === 'mail-sent' && mailState.state === 'pending'
              ? format(s.mailSentFlash, { email: maskEmail(mailState.email) })
              : undefined;
    return deps.console.member(req, reply, me, {
      title: s.pageTitle,
      current: notificationsPath,
      body,
      ...(flash ? { flash } : {}),
      ...(refusal ? { status: refusal.status } : {}),
    });
  }

  app.get<{ Querystring: Record<string, string> }>(notificationsPath, async (req, reply) => {
    const me = await guards.member(req);
    const page = req.query.page === undefined ? 1 : parseId(req.query.page);
    if (!page) throw new NotFoundError();
    return listPage(req, reply, me, page);
  });

  registerNotificationMail(app, deps, async (req, reply, refusal) => listPage(req, reply, await guards.member(req), 1, refusal));

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
