import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/http/csrf.ts';
import { mailOrigin } from '../../platform/http/safe-urls.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Member } from './members.service.ts';
import { SelfActionError } from './members.moderation.ts';
import type { MailTo } from './members.staff-accounts.ts';
import { tellOldAddress } from './members.account.ts';
import { sendResetMail } from './members.recovery.ts';
import { formBody, idParam, nameScreen, type RouteDeps } from './members.http.ts';
import { AddMemberForm } from './views/admin-member-forms.tsx';
import type { FormState } from './views/auth-views.tsx';

const s = t.members;
const CURRENT = '/admin/members/';

type DetailPage = (req: FastifyRequest, reply: FastifyReply, me: Member, id: number, state?: FormState, status?: number) => Promise<unknown>;

/**
 * 会员管理's account actions (admins only): 添加会员 (`/admin/members/new`), 重置密码 (`POST …/:id/password`, `mode=mail`
 * sends a reset link, `mode=set` takes a password the admin typed) and 昵称/e-mail (`POST …/:id/profile`). The
 * service audits each; the member hears of it by 站内信. `detailPage` re-renders the member page with errors.
 */
export function registerMemberAccountRoutes(app: FastifyInstance, deps: RouteDeps, detailPage: DetailPage): void {
  const { guards, members } = deps;
  const staff = members.staff;
  // Links in mail only from a trusted origin (ZIXUN_BASE_URL, ZIXUN_ALLOWED_HOSTS or loopback), as for 忘记密码.
  const originOf = (req: FastifyRequest) => mailOrigin(req, deps);

  /** A 站内信 is a courtesy: a failed one is logged, the action stands. */
  const tell = async (req: FastifyRequest, memberId: number, body: string, link: string) => {
    await deps.notifications?.send(memberId, { kind: 'site.notice', body, link }).catch((e: unknown) => req.log.error({ err: e }, 'member notice failed'));
  };

  const newPage = async (req: FastifyRequest, reply: FastifyReply, me: Member, state: FormState = {}, status = 200) => {
    const body = AddMemberForm({ ...state, groups: await members.groups.list(), csrf: csrfToken(req, reply), canMail: !!originOf(req) });
    return deps.console.admin(req, reply, me, { title: s.addMemberTitle, current: CURRENT, body, status });
  };

  app.get('/admin/members/new', async (req, reply) => newPage(req, reply, await guards.admin(req)));

  app.post('/admin/members/new', async (req, reply) => {
    const me = await guards.admin(req);
    const body = formBody(req);
    const origin = originOf(req);
    let created: { id: number; mail?: MailTo };
    try {
      created = await staff.createMember(body, me.id, req.ip, !!origin);
    } catch (e) {
      if (e instanceof ValidationError)
        return newPage(req, reply, me, { values: { ...body, password: '', confirm: '' }, errors: e.fields, message: e.message }, 422);
      throw e;
    }
    let ok = 'added';
    if (created.mail && origin) {
      ok = 'added_mailed';
      await sendWelcomeMail(deps, origin, created.mail).catch((e: unknown) => {
        req.log.error({ err: e }, 'set-password mail failed');
        ok = 'added_mail_failed';
      });
    }
    return reply.redirect(`/admin/members/${created.id}?ok=${ok}`, 303);
  });

  /** Parse → admin guard → action → redirect; a refused input shows the member page again, nothing written. */
  function post(name: string, run: (id: number, body: Record<string, string>, me: Member, req: FastifyRequest) => Promise<string>) {
    app.post(`/admin/members/:id/${name}`, async (req, reply) => {
      const me = await guards.admin(req);
      const id = idParam(req);
      if (!id) throw new NotFoundError();
      const body = formBody(req);
      let ok: string;
      try {
        ok = await run(id, body, me, req);
      } catch (e) {
        const values = { ...body, password: '', confirm: '' };
        if (e instanceof ValidationError) return detailPage(req, reply, me, id, { errors: e.fields, values, message: e.message }, 422);
        if (e instanceof SelfActionError) return detailPage(req, reply, me, id, { message: e.message }, e.status);
        throw e;
      }
      return reply.redirect(`/admin/members/${id}?ok=${ok}#${name}`, 303);
    });
  }

  post('password', async (id, body, me, req) => {
    if (body.mode === 'set') {
      await staff.setPassword(id, body, me.id, req.ip);
      await tell(req, id, s.noticePasswordSet, '/member/password');
      return 'password';
    }
    if (body.mode !== 'mail') throw new ValidationError({}, s.errPasswordMode);
    const origin = originOf(req);
    await staff.sendResetLink(id, me.id, req.ip, !!origin, async (to) => {
      try {
        await sendResetMail(origin as string, deps, to);
      } catch (e) {
        req.log.error({ err: e }, 'password reset mail (staff) failed');
        throw new ValidationError({}, s.errMailFailed);
      }
    });
    await tell(req, id, s.noticePasswordMailed, '/member/');
    return 'reset_mailed';
  });

  post('profile', async (id, body, me, req) => {
    const changed = await staff.updateProfile(id, body, me.id, req.ip);
    if (changed.displayName === undefined && !changed.email) return 'profile_same';
    // The author page (and anything tagged with the member) shows the 昵称.
    deps.cache.purge([`author:${id}`, `member:${id}`]);
    const m = await members.moderation.detail(id);
    if (changed.displayName !== undefined) await tell(req, id, format(s.noticeDisplayName, { name: changed.displayName }), '/member/profile');
    if (changed.email) {
      await tell(req, id, format(s.noticeEmail, { email: changed.email.to }), '/member/profile');
      // As when the member changes it: the old address hears of it (a takeover shows).
      if (changed.email.from) await tellOldAddress(deps, m, changed.email.from, changed.email.to);
    }
    // Staff choose names on their own judgement (as they publish past the list): saved, with a warning.
    if (changed.displayName !== undefined && (await nameScreen(deps)?.(changed.displayName))) return 'profile_banned';
    return 'profile';
  });
}

/** The set-password mail of an account staff created; `origin` comes from `mailOrigin`. */
async function sendWelcomeMail(deps: RouteDeps, origin: string, to: MailTo): Promise<void> {
  const site = (await deps.settings.get()).siteName;
  const link = `${origin}/member/reset?token=${encodeURIComponent(to.token)}`;
  await deps.mailer.send({
    to: to.email,
    subject: format(s.welcomeMailSubject, { site }),
    text: format(s.welcomeMailBody, { name: to.displayName, site, username: to.username, link }),
  });
}
