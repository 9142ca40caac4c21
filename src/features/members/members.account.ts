import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/http/csrf.ts';
import { ValidationError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import type { Member } from './members.service.ts';
import { formBody, queryString, startSession, type RouteDeps } from './members.http.ts';
import { MemberHome, PasswordForm, ProfileForm } from './views/account-views.tsx';
import type { FormState } from './views/auth-views.tsx';

const s = t.members;

/** The member centre's own pages; the other entries of its navigation belong to their features. */
const CENTRE_LINKS = [
  { href: '/member/articles/', label: s.linkArticles },
  { href: '/member/articles/new', label: s.linkSubmit },
  { href: '/member/favorites/', label: s.linkFavorites },
  { href: '/member/comments/', label: s.linkComments },
  { href: '/member/reports/', label: s.linkReports },
  { href: '/member/profile', label: s.linkProfile },
  { href: '/member/password', label: s.linkPassword },
];

/** 会员中心: home, profile, change password. Every route is for the logged-in member, about themself only. */
export function registerAccountRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { guards, members, auth } = deps;

  app.get('/member/', async (req, reply) => {
    const me = await guards.member(req);
    const [profile, counts] = await Promise.all([members.accounts.profile(me.id), deps.articleCounts?.(me.id)]);
    // Straight after registering (the register form sends them here so): a first greeting, not "welcome back".
    const isNew = queryString(req, 'welcome') === 'new';
    return deps.console.member(req, reply, me, { title: s.homeTitle, current: '/member/', body: MemberHome({ profile, counts, links: CENTRE_LINKS, isNew }) });
  });

  const profilePage = (req: FastifyRequest, reply: FastifyReply, me: Member, state: FormState, status = 200) =>
    deps.console.member(req, reply, me, {
      title: s.profileTitle,
      current: '/member/profile',
      body: ProfileForm({ ...state, csrf: csrfToken(req, reply), username: me.username }),
      status,
      ...(queryString(req, 'saved') === '1' && status === 200 ? { flash: s.profileSaved } : {}),
    });

  app.get('/member/profile', async (req, reply) => {
    const me = await guards.member(req);
    const p = await members.accounts.profile(me.id);
    return profilePage(req, reply, me, { values: { displayName: p.displayName, email: p.email, bio: p.bio } });
  });

  app.post('/member/profile', async (req, reply) => {
    const me = await guards.member(req);
    const body = formBody(req);
    try {
      await members.accounts.updateProfile(me.id, body);
    } catch (e) {
      if (e instanceof ValidationError) return profilePage(req, reply, me, { values: body, errors: e.fields, message: e.message }, 422);
      throw e;
    }
    // The author page (and anything tagged with the member) shows the display name.
    deps.cache.purge([`author:${me.id}`, `member:${me.id}`]);
    return reply.redirect('/member/profile?saved=1', 303);
  });

  const passwordPage = (req: FastifyRequest, reply: FastifyReply, me: Member, state: FormState, status = 200) =>
    deps.console.member(req, reply, me, {
      title: s.passwordTitle,
      current: '/member/password',
      body: PasswordForm({ ...state, csrf: csrfToken(req, reply) }),
      status,
      ...(queryString(req, 'done') === '1' && status === 200 ? { flash: s.passwordChanged } : {}),
    });

  app.get('/member/password', async (req, reply) => passwordPage(req, reply, await guards.member(req), {}));

  app.post('/member/password', async (req, reply) => {
    const me = await guards.member(req);
    // Someone holding a stolen session must not get to guess the current password at leisure.
    if (!(await deps.rateLimiter.hit(`password:${me.id}`, 10, 15 * 60_000))) return passwordPage(req, reply, me, { message: s.passwordThrottled }, 429);
    try {
      await members.accounts.changePassword(me.id, formBody(req));
    } catch (e) {
      if (e instanceof ValidationError) return passwordPage(req, reply, me, { errors: e.fields, message: e.message }, 422);
      throw e;
    }
    // Every other session ends; this browser gets a fresh one (a log-in: the password was just proven).
    await auth.logoutEverywhere(me.id);
    await startSession(deps, req, reply, me.id);
    return reply.redirect('/member/password?done=1', 303);
  });
}
