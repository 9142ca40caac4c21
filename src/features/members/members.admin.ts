import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../platform/http/csrf.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Member } from './members.service.ts';
import { SelfActionError } from './members.moderation.ts';
import { ReasonSchema } from './members.schema.ts';
import { listWarnings } from './members.warnings.ts';
import { ConfirmStep, WarningsList } from './views/admin-confirm.tsx';
import { formBody, idParam, queryString, type RouteDeps } from './members.http.ts';
import { GroupEdit, GroupsPage, groupValues, MemberDetail, MembersList, type ListFilters } from './views/admin-views.tsx';
import { AccountPanels } from './views/admin-member-forms.tsx';
import { mailOrigin } from '../../platform/http/safe-urls.ts';
import { ROLES, type Role } from './members.roles.ts';
import { registerMemberAccountRoutes } from './members.admin-accounts.ts';
import type { FormState } from './views/auth-views.tsx';
import { AdminAvatarPanel } from './views/avatar-page.tsx';

const s = t.members;
const PER_PAGE = 20;
const CURRENT = '/admin/members/';

/** Flash messages after a redirect, chosen by a fixed key (never text from the address). */
const FLASH: Record<string, string> = {
  role: s.flashRole,
  group: s.flashGroup,
  ban: s.flashBanned,
  unban: s.flashUnbanned,
  warn: s.flashWarned,
  token: t.memberSecurity.flashTokenRevoked,
  tokens: t.memberSecurity.flashTokensRevoked,
  avatar: s.flashAvatarRemoved,
  created: s.flashGroupCreated,
  saved: s.flashGroupSaved,
  added: s.flashMemberCreated,
  added_mailed: s.flashMemberCreatedMailed,
  added_mail_failed: s.flashMemberCreatedMailFailed,
  reset_mailed: s.flashResetMailed,
  password: s.flashPasswordSet,
  profile: s.flashProfile,
  profile_same: s.flashProfileSame,
  profile_banned: s.flashProfileBannedWord,
};
const flashOf = (req: FastifyRequest) => FLASH[queryString(req, 'ok')];

/** The list's filters from the address; anything not one of the choices counts as "any". */
function listFilters(req: FastifyRequest): ListFilters {
  const role = queryString(req, 'role');
  const status = queryString(req, 'status');
  const group = queryString(req, 'group');
  return {
    q: queryString(req, 'q').trim().slice(0, 64),
    role: (ROLES as readonly string[]).includes(role) ? role : '',
    status: status === 'active' || status === 'banned' ? status : '',
    group: /^[1-9]\d{0,9}$/.test(group) ? group : '',
  };
}

/** 会员管理 and 会员组 in the admin console: admins only; every change is audited by the service. */
export function registerMemberAdminRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { guards, members } = deps;
  const mod = members.moderation;

  app.get('/admin/members/', async (req, reply) => {
    const me = await guards.admin(req);
    const f = listFilters(req);
    const page = Math.max(1, Math.min(10_000, Number.parseInt(queryString(req, 'page'), 10) || 1));
    const [{ items, total }, groups] = await Promise.all([
      mod.search({
        q: f.q,
        role: (ROLES as readonly string[]).includes(f.role) ? (f.role as Role) : undefined,
        status: f.status === 'active' || f.status === 'banned' ? f.status : undefined,
        groupId: f.group ? Number(f.group) : undefined,
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
      }),
      members.groups.list(),
    ]);
    const body = MembersList({ f, groups, items, total, page, pages: Math.max(1, Math.ceil(total / PER_PAGE)) });
    return deps.console.admin(req, reply, me, { title: s.adminMembersTitle, current: CURRENT, body, ...(flashOf(req) ? { flash: flashOf(req) } : {}) });
  });

  async function detailPage(req: FastifyRequest, reply: FastifyReply, me: Member, id: number, state: FormState = {}, status = 200) {
    const [m, groups, tokens, facts, avatar] = await Promise.all([
      mod.detail(id),
      members.groups.list(),
      members.tokens.list(id),
      deps.homeFacts?.(id),
      members.avatarVersion(id),
    ]);
    const warnings = WarningsList({ items: await listWarnings(deps.audit, m.id, m.warnings, async (x) => (await members.byId(x))?.username) });
    const points = facts ? { points: facts.points } : {};
    const csrf = csrfToken(req, reply);
    const avatarPanel = AdminAvatarPanel({ memberId: m.id, name: m.displayName || m.username, version: avatar ?? '', csrf });
    const account = AccountPanels({ ...state, m, csrf, canMail: !!mailOrigin(req, deps) });
    const body = MemberDetail({ ...state, m, groups, tokens, warnings, ...points, csrf, isSelf: m.id === me.id, avatar: avatarPanel, account });
    const flash = status === 200 ? flashOf(req) : undefined;
    return deps.console.admin(req, reply, me, {
      title: s.memberDetailTitle.replace('{name}', m.username),
      current: CURRENT,
      body,
      status,
      ...(flash ? { flash } : {}),
    });
  }

  app.get('/admin/members/:id', async (req, reply) => {
    const me = await guards.admin(req);
    const id = idParam(req);
    if (!id) throw new NotFoundError();
    return detailPage(req, reply, me, id);
  });

  /**
   * Heavy actions (封禁, 警告; making someone 管理员) first show a confirmation page that posts the same form
   * again with `confirm=1`; nothing is written until then.
   */
  async function confirmPage(req: FastifyRequest, reply: FastifyReply, me: Member, id: number, name: string, body: Record<string, string>) {
    const m = await mod.detail(id);
    const warnReason = (body.warnReason ?? '').trim();
    const fields: Record<string, string> =
      name === 'ban' ? { reason: body.reason ?? '' } : name === 'warn' ? { warnReason: body.warnReason ?? '' } : { role: body.role ?? '' };
    const message = format(name === 'ban' ? s.confirmBan : name === 'warn' ? s.confirmWarn : s.confirmAdmin, { name: m.username });
    // A warning shows the 站内信 the member will get, word for word (notifications builds the same text).
    // format(), not String.replace: a reason holding `$&` or `$'` must be shown as typed.
    const note =
      name === 'ban'
        ? format(s.confirmBanNote, { reason: (body.reason ?? '').trim() })
        : name === 'warn'
          ? format(s.confirmWarnNote, { text: format(t.notifications.warned, { reason: warnReason }) })
          : s.confirmAdminNote;
    const page = ConfirmStep({
      message,
      note,
      action: `/admin/members/${id}/${name}`,
      csrf: csrfToken(req, reply),
      fields,
      label: name === 'ban' ? s.banSubmit : name === 'warn' ? s.warnSubmit : s.confirmAdminSubmit,
      cancel: `/admin/members/${id}`,
    });
    return deps.console.admin(req, reply, me, { title: s.memberDetailTitle.replace('{name}', m.username), current: CURRENT, body: page });
  }

  /** Whether this post needs the confirmation step first (its input is otherwise valid). */
  async function needsConfirm(name: string, id: number, body: Record<string, string>): Promise<boolean> {
    if (body.confirm === '1') return false;
    if (name === 'ban') return ReasonSchema.safeParse({ reason: body.reason ?? '' }).success;
    if (name === 'warn') return ReasonSchema.safeParse({ reason: body.warnReason ?? '' }).success;
    if (name === 'role') return body.role === 'admin' && (await mod.detail(id)).role !== 'admin';
    return false;
  }

  /** One POST route per action: parse → admin guard → service → redirect (or the page again with errors). */
  function action(name: string, run: (id: number, body: Record<string, string>, me: Member, ip: string) => Promise<void>, errorField?: Record<string, string>) {
    app.post(`/admin/members/:id/${name}`, async (req, reply) => {
      const me = await guards.admin(req);
      const id = idParam(req);
      if (!id) throw new NotFoundError();
      const body = formBody(req);
      if (id !== me.id && (await needsConfirm(name, id, body))) return confirmPage(req, reply, me, id, name, body);
      try {
        await run(id, body, me, req.ip);
      } catch (e) {
        if (e instanceof ValidationError) {
          // The page has several forms: name the field of the form that failed.
          const errors = Object.fromEntries(Object.entries(e.fields ?? {}).map(([k, v]) => [errorField?.[k] ?? k, v]));
          return detailPage(req, reply, me, id, { errors, values: body, message: e.message }, 422);
        }
        if (e instanceof SelfActionError) return detailPage(req, reply, me, id, { message: e.message }, e.status);
        throw e;
      }
      return reply.redirect(`/admin/members/${id}?ok=${name}`, 303);
    });
  }

  action('role', (id, body, me, ip) => mod.setRole(id, body, me.id, ip));
  action('group', (id, body, me, ip) => mod.setGroup(id, body, me.id, ip));
  action('ban', async (id, body, me, ip) => void (await mod.banMember(id, me.id, body.reason ?? '', ip)));
  action('unban', (id, _body, me, ip) => mod.unbanMember(id, me.id, ip));
  action(
    'warn',
    async (id, body, me, ip) => {
      // Staff give a reason (the member reads it in a 站内信); the report flow may warn with its note.
      if (!(body.warnReason ?? '').trim()) throw new ValidationError({ reason: s.errReason });
      await mod.warnMember(id, me.id, body.warnReason ?? '', ip);
      await deps.onWarned?.(id, (body.warnReason ?? '').trim());
    },
    { reason: 'warnReason' },
  );

  registerMemberAccountRoutes(app, deps, detailPage);

  // One token (`token=<id>`) or all of them (`all=1`); an admin may revoke their own too.
  app.post('/admin/members/:id/tokens/revoke', async (req, reply) => {
    const me = await guards.admin(req);
    const id = idParam(req);
    if (!id) throw new NotFoundError();
    const body = formBody(req);
    const tokenId = /^[1-9]\d{0,9}$/.test(body.token ?? '') ? Number(body.token) : undefined;
    if (body.all === '1') await mod.revokeTokens(id, 'all', me.id, req.ip);
    else if (tokenId !== undefined) await mod.revokeTokens(id, tokenId, me.id, req.ip);
    else throw new NotFoundError();
    return reply.redirect(`/admin/members/${id}?ok=${body.all === '1' ? 'tokens' : 'token'}#tokens`, 303);
  });

  const groupsPage = async (req: FastifyRequest, reply: FastifyReply, me: Member, state: FormState = {}, status = 200) => {
    const body = GroupsPage({ ...state, groups: await members.groups.list(), csrf: csrfToken(req, reply) });
    const flash = status === 200 ? flashOf(req) : undefined;
    return deps.console.admin(req, reply, me, { title: s.adminGroupsTitle, current: CURRENT, body, status, ...(flash ? { flash } : {}) });
  };

  app.get('/admin/member-groups/', async (req, reply) => groupsPage(req, reply, await guards.admin(req)));

  app.post('/admin/member-groups/', async (req, reply) => {
    const me = await guards.admin(req);
    const body = formBody(req);
    try {
      await mod.createGroup(body, me.id, req.ip);
    } catch (e) {
      if (e instanceof ValidationError) return groupsPage(req, reply, me, { values: body, errors: e.fields, message: e.message }, 422);
      throw e;
    }
    return reply.redirect('/admin/member-groups/?ok=created', 303);
  });

  const groupPage = (req: FastifyRequest, reply: FastifyReply, me: Member, id: number, name: string, state: FormState, status = 200) => {
    const flash = status === 200 ? flashOf(req) : undefined;
    const body = GroupEdit({ ...state, id, csrf: csrfToken(req, reply) });
    return deps.console.admin(req, reply, me, { title: s.groupEdit.replace('{name}', name), current: CURRENT, body, status, ...(flash ? { flash } : {}) });
  };

  app.get('/admin/member-groups/:id', async (req, reply) => {
    const me = await guards.admin(req);
    const g = await members.groups.byId(idParam(req) ?? 0);
    if (!g) throw new NotFoundError();
    return groupPage(req, reply, me, g.id, g.name, { values: groupValues(g) });
  });

  app.post('/admin/member-groups/:id', async (req, reply) => {
    const me = await guards.admin(req);
    const g = await members.groups.byId(idParam(req) ?? 0);
    if (!g) throw new NotFoundError();
    const body = formBody(req);
    try {
      await mod.updateGroup(g.id, body, me.id, req.ip);
    } catch (e) {
      if (e instanceof ValidationError) return groupPage(req, reply, me, g.id, g.name, { values: body, errors: e.fields, message: e.message }, 422);
      throw e;
    }
    return reply.redirect(`/admin/member-groups/${g.id}?ok=saved`, 303);
  });
}
