import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../platform/html/jsx.ts';
import { HTML } from '../../platform/http/app.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { ValidationError } from '../../platform/errors.ts';
import { check } from '../../platform/validation.ts';
import { format, t } from '../../strings/index.ts';
import { isStaff, type Role } from './members.roles.ts';
import { LoginSchema, RegisterSchema } from './members.schema.ts';
import { clearLoggedInHint, formBody, HINT_COOKIE, nameScreen, queryString, safeNext, startSession, type RouteDeps } from './members.http.ts';
import { LogoutForm } from './views/logout-view.tsx';
import { phoneContext, type PhoneContext } from './members.phone.ts';
import { createLoginLimits } from './members.login-limits.ts';
import { knownDevice, rememberDevice } from './members.login-device.ts';
import { authDocument, FORM_TIME_FIELD, HONEYPOT_FIELD, LoginForm, Notice, RegisterForm, type FormState } from './views/auth-views.tsx';

const s = t.members;
const HOUR = 3600_000;
/** Sign-ups per IP and hour (successful ones), and attempts of any outcome. */
const REGISTER_LIMIT = 5;
const REGISTER_TRIES = 30;
/** `?why=` on the log-in page: the action that sent the reader there, told in a fixed sentence. */
const LOGIN_WHY = new Map([
  ['favorite', s.loginWhyFavorite],
  ['comment', s.loginWhyComment],
]);
/** The known `why` and its sentence, or nothing (any other value shows nothing and is not carried). */
function whyOf(why: string | undefined): { why?: string; notice?: string } {
  const notice = why ? LOGIN_WHY.get(why) : undefined;
  return notice && why ? { why, notice } : {};
}

/**
 * Where to go after logging in: a member who is not staff asked for an admin page (an old bookmark, a link
 * passed on) would only meet a 403 there, so they land in the member centre instead.
 */
function nextFor(role: Role, next: string): string {
  return !isStaff(role) && /^\/admin(?:[/?#]|$)/i.test(next) ? '/member/' : next;
}

/** `phone`: the visitor came from the phone site (`phoneContext`): the phone layout, 返回 to that page, `next` kept. */
export async function sendAuthPage(deps: RouteDeps, reply: FastifyReply, title: string, body: SafeHtml, status = 200, phone: PhoneContext = {}) {
  const html = authDocument(await deps.chrome(), title, body, phone);
  return reply.code(status).header('cache-control', 'no-store').type(HTML).send(html);
}

/** Sign-up, log-in, log-out and the logged-in probe that public/site.js uses on cached pages. */
export function registerAuthRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { auth, members, rateLimiter, formTimer } = deps;
  const loginLimits = createLoginLimits(rateLimiter);

  // `next`: where the sign-up started (the layout and 返回 for a visitor from the phone site; the way back after).
  type Phone = PhoneContext;
  const registerPage = (req: FastifyRequest, reply: FastifyReply, phone: Phone, state: FormState & { next?: string }, status = 200) =>
    sendAuthPage(
      deps,
      reply,
      s.registerTitle,
      RegisterForm({ ...state, phoneNext: phone.phoneNext, csrf: csrfToken(req, reply), formTime: formTimer.issue() }),
      status,
      phone,
    );

  const closedPage = (reply: FastifyReply, phone: Phone) =>
    sendAuthPage(
      deps,
      reply,
      s.registerTitle,
      Notice({ message: s.registrationClosed, links: [{ href: phone.phoneBack ? '/mobile/' : '/', label: t.home }] }),
      403,
      phone,
    );

  app.get('/member/register', async (req, reply) => {
    if (await auth.principal(req)) return reply.redirect('/member/', 303);
    const phone = phoneContext(queryString(req, 'next'));
    if (!(await deps.settings.get()).registrationOpen) return closedPage(reply, phone);
    return registerPage(req, reply, phone, { next: safeNext(queryString(req, 'next'), '') });
  });

  app.post('/member/register', async (req, reply) => {
    const body = formBody(req);
    const phone = phoneContext(body.next);
    if (!(await deps.settings.get()).registrationOpen) return closedPage(reply, phone);
    const next = safeNext(body.next, '');
    const values = { username: body.username ?? '', email: body.email ?? '' };
    const refuse = (message: string, status: number) => registerPage(req, reply, phone, { next, values, message }, status);
    if (!(await rateLimiter.hit(`register:try:${req.ip}`, REGISTER_TRIES, HOUR))) return refuse(s.registerRateLimited, 429);
    if (await rateLimiter.isLimited(`register:ip:${req.ip}`, REGISTER_LIMIT)) return refuse(s.registerRateLimited, 429);
    if (body[HONEYPOT_FIELD]) return refuse(s.spamRejected, 422);
    // What is wrong with the fields first: an empty form sent at once is told what to fill in, not to wait.
    const parsed = check(RegisterSchema, body);
    if (!parsed.ok) return registerPage(req, reply, phone, { next, values, errors: parsed.fields }, 422);
    const timing = formTimer.check(body[FORM_TIME_FIELD]);
    if (timing !== 'ok') return refuse(timing === 'too_fast' ? s.tooFast : s.formExpired, 422);
    let created: { id: number; username: string };
    try {
      created = await members.accounts.register(body, nameScreen(deps));
    } catch (e) {
      if (e instanceof ValidationError) return registerPage(req, reply, phone, { next, values, errors: e.fields, message: e.message }, 422);
      throw e;
    }
    await rateLimiter.hit(`register:ip:${req.ip}`, REGISTER_LIMIT, HOUR);
    await startSession(deps, req, reply, created.id);
    rememberDevice(deps.secret, req, reply, created.username);
    // Started on a page worth going back to (the header's 注册 on an article, desktop or phone): the welcome
    // with the way back first (`members.welcome.tsx`). From the desktop home page, or with none: the member centre's.
    const back = nextFor('member', next);
    const worthBack = back && !/^\/(?:member\/)?(?:[?#]|$)/.test(back);
    return reply.redirect(worthBack ? `/member/welcome?next=${encodeURIComponent(back)}` : '/member/?welcome=new', 303);
  });

  const loginPage = async (req: FastifyRequest, reply: FastifyReply, state: FormState & { next: string; why?: string; notice?: string }, status = 200) => {
    const { registrationOpen } = await deps.settings.get();
    const phone = phoneContext(state.next);
    const form = LoginForm({ ...state, phoneNext: phone.phoneNext, csrf: csrfToken(req, reply), registrationOpen });
    return sendAuthPage(deps, reply, s.loginTitle, form, status, phone);
  };

  app.get('/member/login', async (req, reply) => {
    const next = safeNext(queryString(req, 'next'));
    const me = await auth.principal(req);
    if (me) return reply.redirect(nextFor(me.role, next), 303);
    const shown = queryString(req, 'reset') === '1' ? { notice: s.loginAfterReset } : whyOf(queryString(req, 'why'));
    return loginPage(req, reply, { next, ...shown });
  });

  app.post('/member/login', async (req, reply) => {
    const body = formBody(req);
    // The reason the reader came (收藏, 评论) stays on the page through a failed attempt.
    const next = { next: safeNext(body.next), ...whyOf(body.why) };
    const values = { username: body.username ?? '' };
    const parsed = check(LoginSchema, body);
    if (!parsed.ok) return loginPage(req, reply, { ...next, values, errors: parsed.fields }, 422);
    // A browser that logged in to this account before is not held by the per-account ceiling (its own instead).
    const device = knownDevice(deps.secret, req, parsed.data.username);
    if (await loginLimits.isLocked(parsed.data.username, req.ip, device)) return loginPage(req, reply, { ...next, values, message: s.loginThrottled }, 429);
    const outcome = await members.accounts.authenticate(parsed.data.username, parsed.data.password);
    if (!outcome.ok && outcome.reason === 'banned') {
      const message = outcome.banReason ? `${s.bannedLogin}${format(s.bannedReason, { reason: outcome.banReason })}` : s.bannedLogin;
      return loginPage(req, reply, { ...next, values, message }, 403);
    }
    if (!outcome.ok) {
      await loginLimits.failed(parsed.data.username, req.ip, device);
      return loginPage(req, reply, { ...next, values, message: s.badCredentials }, 401);
    }
    await loginLimits.succeeded(parsed.data.username, req.ip, device);
    await startSession(deps, req, reply, outcome.id);
    rememberDevice(deps.secret, req, reply, parsed.data.username);
    const role = (await members.byId(outcome.id))?.role ?? 'member';
    return reply.redirect(nextFor(role, next.next), 303);
  });

  app.get('/member/logout', async (req, reply) => {
    const me = await auth.principal(req);
    return sendAuthPage(deps, reply, s.logoutTitle, LogoutForm({ csrf: csrfToken(req, reply), loggedIn: !!me }));
  });

  app.post('/member/logout', async (req, reply) => {
    await auth.logout(req, reply);
    clearLoggedInHint(reply);
    return reply.redirect('/', 303);
  });

  app.get('/member/me.json', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const me = await auth.principal(req);
    if (!me) {
      // The hint cookie outlived the session: drop it so site.js stops asking.
      if (req.cookies[HINT_COOKIE]) clearLoggedInHint(reply);
      return reply.code(401).send({ error: { code: 'unauthorized', message: s.notLoggedIn } });
    }
    // The unread 站内信 count for the header's 站内信（n） link (when notifications are wired).
    const facts = await deps.homeFacts?.(me.id);
    return { username: me.username, displayName: me.displayName, role: me.role, isStaff: isStaff(me.role), unread: facts?.unread ?? 0 };
  });
}
