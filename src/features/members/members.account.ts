import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/http/csrf.ts';
import { ValidationError } from '../../platform/errors.ts';
import { t, format } from '../../strings/index.ts';
import type { Member } from './members.service.ts';
import { formBody, nameScreen, queryString, startSession, type RouteDeps } from './members.http.ts';
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
  { href: '/member/notifications/', label: s.linkNotifications },
  { href: '/member/points/', label: s.linkPoints },
  { href: '/member/tips/', label: s.linkTips },
  { href: '/member/orders', label: s.linkOrders },
  { href: '/member/promotion/', label: s.linkPromotion },
  { href: '/member/ads/', label: s.linkAds },
  { href: '/member/profile', label: s.linkProfile },
  { href: '/member/avatar', label: s.linkAvatar },
  { href: '/member/password', label: s.linkPassword },
];

/** 会员中心: home, profile, change password. Every route is for the logged-in member, about themself only. */
export function registerAccountRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { guards, members, auth } = deps;

  app.get('/member/', async (req, reply) => {
    const me = await guards.member(req);
    const [profile, counts, facts, st] = await Promise.all([
      members.accounts.profile(me.id),
      deps.articleCounts?.(me.id),
      deps.homeFacts?.(me.id),
      deps.settings.get(),
    ]);
    // 我要投稿 only while submissions are open, as in the menu.
    const links = st.submissionsEnabled ? CENTRE_LINKS : CENTRE_LINKS.filter((l) => l.href !== '/member/articles/new');
    // Straight after registering (the register form sends them here so): a first greeting, not "welcome back".
    const isNew = queryString(req, 'welcome') === 'new';
    return deps.console.member(req, reply, me, {
      title: s.homeTitle,
      current: '/member/',
      body: MemberHome({ profile, counts, links, isNew, facts, submissionsOpen: st.submissionsEnabled }),
    });
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
    // The current password may be asked for here too: the same limit as on the password page.
    if (body.current && !(await deps.rateLimiter.hit(`password:${me.id}`, 10, 15 * 60_000))) {
      return profilePage(req, reply, me, { values: { ...body, current: '' }, message: s.passwordThrottled }, 429);
    }
    let changed: { emailChangedFrom?: string };
    try {
      changed = await members.accounts.updateProfile(me.id, body, nameScreen(deps));
    } catch (e) {
      if (e instanceof ValidationError) return profilePage(req, reply, me, { values: { ...body, current: '' }, errors: e.fields, message: e.message }, 422);
      throw e;
    }
    if (changed.emailChangedFrom) await tellOldAddress(deps, me, changed.emailChangedFrom, String(body.email ?? ''));
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

/** `a***@example.com`: enough for the owner to recognise, not a gift to whoever reads the old mailbox. */
function maskEmail(email: string): string {
  const [user = '', domain = ''] = email.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
}

/** The old address hears that the e-mail changed (and where to, masked): the owner learns of a takeover. */
export async function tellOldAddress(deps: RouteDeps, me: Pick<Member, 'displayName' | 'username'>, oldEmail: string, newEmail: string): Promise<void> {
  const site = (await deps.settings.get()).siteName;
  const time = new Date(deps.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  try {
    await deps.mailer.send({
      to: oldEmail,
      subject: format(s.emailChangedMailSubject, { site }),
      text: format(s.emailChangedMailBody, { name: me.displayName || me.username, site, time, masked: maskEmail(newEmail.trim().toLowerCase()) }),
    });
  } catch (e) {
    console.error('e-mail change notice:', e);
  }
}
