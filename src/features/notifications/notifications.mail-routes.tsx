import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { HTML, htmlPage } from '../../platform/http/app.ts';
import { mailOrigin } from '../../platform/http/safe-urls.ts';
import type { RateLimiter } from '../../platform/http/rate-limit.ts';
import { t } from '../../strings/index.ts';
import type { Guards, Members } from '../members/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';
import type { NotificationMail } from './notifications.mail.ts';
import { MailQuestionPage, mailPath } from './views/mail-settings.tsx';
import { notificationsPath } from './views/my-notifications.tsx';

const s = t.notifications;
const HOUR = 3_600_000;

export interface NotificationMailRouteDeps {
  notificationMail: NotificationMail;
  guards: Guards;
  members: Members;
  rateLimiter: RateLimiter;
  chrome: ChromeBuilder;
  config: { baseUrl?: string | undefined; allowedHosts?: readonly string[] | undefined };
}

/** What the 站内信 page shows for a refused change of the reminders: its message and status. */
export type MailRefusal = { message: string; status: number };

function field(req: FastifyRequest, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name] ?? (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

/**
 * 邮件提醒 routes: turning the reminders on (a confirmation mailed) or off from the 站内信 page, and
 * the two pages a mail links to (confirm; unsubscribe without logging in). `refused` renders the
 * 站内信 page again with a message when turning on cannot go ahead.
 */
export function registerNotificationMail(
  app: FastifyInstance,
  deps: NotificationMailRouteDeps,
  refused: (req: FastifyRequest, reply: FastifyReply, r: MailRefusal) => Promise<unknown>,
): void {
  const { notificationMail: mail, guards } = deps;

  const page = async (_req: FastifyRequest, reply: FastifyReply, p: Omit<Parameters<typeof MailQuestionPage>[0], 'chrome'>, status = 200) => {
    // Tokens and signatures are in the address: keep them out of Referer headers.
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
    return reply
      .code(status)
      .type(HTML)
      .send(htmlPage(MailQuestionPage({ chrome: await deps.chrome(), ...p })));
  };

  app.post(mailPath, async (req, reply) => {
    const me = await guards.member(req);
    if (field(req, 'on') !== '1') {
      await mail.off(me.id);
      return reply.redirect(`${notificationsPath}?done=mail-off`, 303);
    }
    const profile = await deps.members.accounts.profile(me.id);
    if (!profile.email) return refused(req, reply, { message: s.mailNoEmail, status: 422 });
    const origin = mailOrigin(req, deps.config);
    if (!origin) {
      req.log.warn({ host: req.host }, 'notification mail confirmation not sent: set ZIXUN_BASE_URL (or ZIXUN_ALLOWED_HOSTS)');
      return refused(req, reply, { message: s.mailUnavailable, status: 503 });
    }
    if (!(await deps.rateLimiter.hit(`notification-mail:${me.id}`, 3, HOUR))) return refused(req, reply, { message: s.mailRateLimited, status: 429 });
    await mail.request({ id: me.id, email: profile.email, displayName: profile.displayName || profile.username }, origin);
    return reply.redirect(`${notificationsPath}?done=mail-sent`, 303);
  });

  app.get(`${mailPath}/confirm`, async (req, reply) => {
    const token = field(req, 'token');
    if (!(await mail.tokenValid(token))) return page(req, reply, { title: s.mailConfirmTitle, question: s.mailConfirmInvalid }, 400);
    return page(req, reply, {
      title: s.mailConfirmTitle,
      question: s.mailConfirmQuestion,
      action: `${mailPath}/confirm`,
      button: s.mailConfirmButton,
      fields: { token },
      csrf: csrfToken(req, reply),
    });
  });

  app.post(`${mailPath}/confirm`, async (req, reply) => {
    const ok = await mail.confirm(field(req, 'token'));
    return page(req, reply, { title: s.mailConfirmTitle, question: ok ? s.mailConfirmed : s.mailConfirmInvalid }, ok ? 200 : 400);
  });

  const offFields = (req: FastifyRequest) => {
    const m = field(req, 'm');
    return { m: /^[1-9]\d{0,9}$/.test(m) ? m : '', sig: field(req, 'sig').slice(0, 100) };
  };

  app.get(`${mailPath}/off`, async (req, reply) => {
    const f = offFields(req);
    if (!f.m || !f.sig) return page(req, reply, { title: s.mailOffTitle, question: s.mailOffInvalid }, 400);
    return page(req, reply, {
      title: s.mailOffTitle,
      question: s.mailOffQuestion,
      action: `${mailPath}/off`,
      button: s.mailOffButton,
      fields: f,
      csrf: csrfToken(req, reply),
    });
  });

  app.post(`${mailPath}/off`, async (req, reply) => {
    const f = offFields(req);
    const ok = !!f.m && !!f.sig && (await mail.offBySignature(Number(f.m), f.sig));
    return page(req, reply, { title: s.mailOffTitle, question: ok ? s.mailOffDone : s.mailOffInvalid }, ok ? 200 : 400);
  });
}
