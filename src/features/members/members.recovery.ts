import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mailOrigin } from '../../platform/http/safe-urls.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { ValidationError } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import { format, t } from '../../strings/index.ts';
import { ResetTokenError } from './members.accounts.ts';
import { ForgotSchema } from './members.schema.ts';
import { formBody, queryString, type RouteDeps } from './members.http.ts';
import { sendAuthPage } from './members.public.ts';
import { ForgotForm, Notice, ResetForm, type FormState } from './views/auth-views.tsx';
import { phoneContext, withNext } from './members.phone.ts';

const s = t.members;
const HOUR = 3600_000;

/** Forgotten password: a mailed, single-use link valid for one hour; the answer never tells whether an address is known. */
export function registerRecoveryRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { members, rateLimiter, mailer } = deps;

  // A visitor from the phone site keeps its layout and 返回 (the log-in's `next`, carried by the link and the form).
  const forgotPage = (req: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) => {
    const phone = phoneContext(queryString(req, 'next') || formBody(req).next);
    return sendAuthPage(deps, reply, s.forgotTitle, ForgotForm({ ...state, ...phone, csrf: csrfToken(req, reply) }), status, phone);
  };

  // The link in the mail needs the site's address. The Host header is the sender's word, so it is used only
  // when configured as trusted (or loopback on an unconfigured site): otherwise no mail, and the reason shown.
  const linkOrigin = (req: FastifyRequest) => mailOrigin(req, deps);
  const unavailable = { message: t.memberSecurity.resetUnavailable };

  app.get('/member/forgot', async (req, reply) => forgotPage(req, reply, linkOrigin(req) ? {} : unavailable));

  app.post('/member/forgot', async (req, reply) => {
    const body = formBody(req);
    const parsed = check(ForgotSchema, body);
    if (!parsed.ok) return forgotPage(req, reply, { values: { email: body.email ?? '' }, errors: parsed.fields }, 422);
    const origin = linkOrigin(req);
    if (!origin) {
      req.log.warn(
        { host: req.host },
        'password reset mail not sent: this Host is not trusted for links in mail; set ZIXUN_BASE_URL (or list the host in ZIXUN_ALLOWED_HOSTS)',
      );
      return forgotPage(req, reply, { values: { email: parsed.data.email }, ...unavailable }, 503);
    }
    if (!(await rateLimiter.hit(`forgot:ip:${req.ip}`, 10, HOUR))) return forgotPage(req, reply, { values: body, message: s.forgotRateLimited }, 429);
    const { email } = parsed.data;
    // A few mails per address and hour at most, silently: nobody can flood someone's inbox from here.
    if (await rateLimiter.hit(`forgot:email:${email}`, 3, HOUR)) {
      const found = await members.accounts.createResetToken(email);
      if (found) await sendResetMail(origin, deps, found).catch((e: unknown) => req.log.error({ err: e }, 'password reset mail failed'));
    }
    const phone = phoneContext(body.next);
    const links = [{ href: withNext('/member/login', phone.phoneNext), label: t.login }];
    return sendAuthPage(deps, reply, s.forgotTitle, Notice({ message: s.forgotSent, links }), 200, phone);
  });

  const invalidPage = (reply: FastifyReply) =>
    sendAuthPage(deps, reply, s.resetTitle, Notice({ message: s.resetInvalid, links: [{ href: '/member/forgot', label: s.resetAgain }] }), 400);

  const resetPage = (req: FastifyRequest, reply: FastifyReply, token: string, state: FormState, status = 200) => {
    // The token is in the address: keep it out of Referer headers sent to other sites.
    reply.header('referrer-policy', 'no-referrer');
    return sendAuthPage(deps, reply, s.resetTitle, ResetForm({ ...state, token, csrf: csrfToken(req, reply) }), status);
  };

  app.get('/member/reset', async (req, reply) => {
    const token = queryString(req, 'token');
    if (!(await members.accounts.resetTokenValid(token))) return invalidPage(reply);
    return resetPage(req, reply, token, {});
  });

  app.post('/member/reset', async (req, reply) => {
    const body = formBody(req);
    const token = body.token ?? '';
    if (!(await members.accounts.resetTokenValid(token))) return invalidPage(reply);
    let memberId: number;
    try {
      memberId = await members.accounts.resetPassword(token, body);
    } catch (e) {
      if (e instanceof ValidationError) return resetPage(req, reply, token, { errors: e.fields, message: e.message }, 422);
      if (e instanceof ResetTokenError) return invalidPage(reply);
      throw e;
    }
    await deps.auth.logoutEverywhere(memberId);
    return reply.redirect('/member/login?reset=1', 303);
  });
}

/** `origin` comes from `mailOrigin`: the configured address or a trusted host, never an arbitrary Host header. */
export async function sendResetMail(origin: string, deps: RouteDeps, to: { token: string; displayName: string; email: string }): Promise<void> {
  const site = (await deps.settings.get()).siteName;
  const link = `${origin}/member/reset?token=${encodeURIComponent(to.token)}`;
  await deps.mailer.send({
    to: to.email,
    subject: format(s.resetMailSubject, { site }),
    text: format(s.resetMailBody, { name: to.displayName, site, link }),
  });
}
