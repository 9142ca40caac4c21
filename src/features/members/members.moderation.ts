import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { t } from '../../strings/index.ts';
import { createAudit, type AuditInput } from '../audit/index.ts';
import type { MemberGroup, MemberGroups } from './members.groups.ts';
import { GroupChoiceSchema, OptionalReasonSchema, ReasonSchema, RoleSchema } from './members.schema.ts';
import type { Role } from './members.roles.ts';
import { revokeAllTokens, type Tokens } from './members.tokens.ts';

const s = t.members;

/** A member as the admin console lists them. */
export interface AdminMember {
  id: number;
  username: string;
  displayName: string;
  email: string;
  role: Role;
  status: string;
  banReason: string;
  warnings: number;
  groupId: number | null;
  groupName: string;
  createdAt: string;
  lastLoginAt: string | null;
}

/** 会员管理's list filters ('' / undefined: any). */
export interface MemberFilters {
  q: string;
  role?: Role | undefined;
  status?: 'active' | 'banned' | undefined;
  groupId?: number | undefined;
}

/** What moderation needs from outside the members feature; connected once the app is assembled. */
export interface ModerationHooks {
  audit: { record(e: AuditInput, trx?: Db): Promise<void> };
  /** Ends every session of a member (sessions may live in Redis, which members cannot see). */
  logoutEverywhere(memberId: number): Promise<void>;
}

export class SelfActionError extends AppError {
  constructor() {
    super('self_action', s.errSelf, 409);
  }
}

/** Staff actions on members and groups (role, group, ban, warn); each is written to the audit log. */
export function createModeration(deps: { db: Db; clock: Clock; groups: MemberGroups; tokens: Tokens }) {
  const { db, clock, groups } = deps;
  let hooks: ModerationHooks | undefined;
  const wired = (): ModerationHooks => {
    if (!hooks) throw new Error('members: connect() must be called before staff actions (see registerMembers)');
    return hooks;
  };

  function base() {
    return db
      .selectFrom('members')
      .leftJoin('member_groups', 'member_groups.id', 'members.group_id')
      .select([
        'members.id',
        'members.username',
        'members.display_name',
        'members.email',
        'members.role',
        'members.status',
        'members.ban_reason',
        'members.warnings',
        'members.group_id',
        'members.created_at',
        'members.last_login_at',
        'member_groups.name as group_name',
      ]);
  }
  type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;
  const toAdmin = (r: Row, fallback: MemberGroup): AdminMember => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    email: r.email ?? '',
    role: r.role as Role,
    status: r.status,
    banReason: r.ban_reason,
    warnings: r.warnings,
    groupId: r.group_id,
    groupName: r.group_name ?? fallback.name,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
  });

  // `%`, `_` and `\` typed in the search box match themselves.
  const escapeLike = (q: string) => q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  const like = (column: string, pattern: string) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;

  /**
   * The list's filters, combined: `q` in the username or 昵称 (anywhere, ignoring case) or the e-mail (the whole
   * address or its beginning); role; status; group (the default group also holds members without one).
   */
  async function filtersOf(f: MemberFilters): Promise<Array<ReturnType<typeof like>>> {
    const out: Array<ReturnType<typeof like>> = [];
    const q = f.q.trim();
    if (q) {
      const e = escapeLike(q);
      out.push(sql<SqlBool>`(${like('members.username', `%${e}%`)} or ${like('members.display_name', `%${e}%`)} or ${like('members.email', `${e}%`)})`);
    }
    if (f.role) out.push(sql<SqlBool>`${sql.ref('members.role')} = ${f.role}`);
    if (f.status) out.push(sql<SqlBool>`${sql.ref('members.status')} = ${f.status}`);
    if (f.groupId) {
      const isDefault = (await groups.defaultGroup()).id === f.groupId;
      out.push(
        isDefault
          ? sql<SqlBool>`(${sql.ref('members.group_id')} = ${f.groupId} or ${sql.ref('members.group_id')} is null)`
          : sql<SqlBool>`${sql.ref('members.group_id')} = ${f.groupId}`,
      );
    }
    return out;
  }

  async function search(opts: MemberFilters & { limit: number; offset: number }): Promise<{ items: AdminMember[]; total: number }> {
    const fallback = await groups.defaultGroup();
    let list = base();
    let count = db.selectFrom('members').select((eb) => eb.fn.countAll().as('n'));
    for (const w of await filtersOf(opts)) {
      list = list.where(w);
      count = count.where(w);
    }
    const rows = await list.orderBy('members.id', 'desc').limit(opts.limit).offset(opts.offset).execute();
    return { items: rows.map((r) => toAdmin(r, fallback)), total: toNumber((await count.executeTakeFirst())?.n) };
  }

  async function detail(id: number): Promise<AdminMember> {
    const r = await base().where('members.id', '=', id).executeTakeFirst();
    if (!r) throw new NotFoundError(t.members.errMemberNotFound, 'member_not_found');
    return toAdmin(r, await groups.defaultGroup());
  }

  /** Loads the target (404 if missing) and refuses actions on oneself. */
  async function target(memberId: number, actorId: number): Promise<AdminMember> {
    const m = await detail(memberId);
    if (memberId === actorId) throw new SelfActionError();
    return m;
  }

  async function setRole(memberId: number, raw: unknown, actorId: number, ip: string): Promise<void> {
    const { role } = parseOrThrow(RoleSchema, raw);
    const m = await target(memberId, actorId);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('members').set({ role, updated_at: clock.now().toISOString() }).where('id', '=', memberId).execute();
      await wired().audit.record({ actorId, action: 'member.role', targetType: 'member', targetId: memberId, detail: { from: m.role, to: role }, ip }, trx);
    });
  }

  async function setGroup(memberId: number, raw: unknown, actorId: number, ip: string): Promise<void> {
    const { groupId } = parseOrThrow(GroupChoiceSchema, raw);
    const m = await detail(memberId);
    const g = await groups.byId(groupId);
    if (!g) throw new ValidationError({ groupId: s.errGroup });
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('members').set({ group_id: groupId, updated_at: clock.now().toISOString() }).where('id', '=', memberId).execute();
      const detail = { from: m.groupName, to: g.name };
      await wired().audit.record({ actorId, action: 'member.group', targetType: 'member', targetId: memberId, detail, ip }, trx);
    });
  }

  /**
   * The id of the member's newest audit entry of `action`, read in the transaction that just wrote it: the
   * member's row was updated first in that transaction, so no other entry about them can land meanwhile.
   * (The audit service records without returning ids; its reader is bound to the transaction here.)
   */
  async function writtenId(trx: Db, action: string, memberId: number): Promise<number> {
    const { items } = await createAudit({ db: trx, clock }).list({ action, limit: 50, offset: 0 });
    const e = items.find((x) => x.targetType === 'member' && x.targetId === memberId);
    if (!e) throw new Error(`members: the ${action} entry just written was not found`);
    return e.id;
  }

  /**
   * Bans a member: they cannot log in, every session they have ends now, and their API tokens are revoked.
   * Returns the id of its `member.ban` audit entry (a report decision records it, to lift only its own ban).
   */
  async function banMember(memberId: number, actorId: number, reason: string, ip: string): Promise<number> {
    const input = parseOrThrow(ReasonSchema, { reason });
    await target(memberId, actorId);
    const h = wired();
    const id = await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('members')
        .set({ status: 'banned', ban_reason: input.reason, updated_at: clock.now().toISOString() })
        .where('id', '=', memberId)
        .execute();
      // Deleted, not just refused while banned: an unban must not bring old tokens back.
      await revokeAllTokens(trx, memberId);
      await h.audit.record({ actorId, action: 'member.ban', targetType: 'member', targetId: memberId, detail: { reason: input.reason }, ip }, trx);
      return writtenId(trx, 'member.ban', memberId);
    });
    await h.logoutEverywhere(memberId);
    return id;
  }

  async function unbanMember(memberId: number, actorId: number, ip: string): Promise<void> {
    await target(memberId, actorId);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('members').set({ status: 'active', ban_reason: '', updated_at: clock.now().toISOString() }).where('id', '=', memberId).execute();
      await wired().audit.record({ actorId, action: 'member.unban', targetType: 'member', targetId: memberId, ip }, trx);
    });
  }

  /** Adds one warning to the member's record; returns the id of its `member.warn` audit entry (the warning's id). */
  async function warnMember(memberId: number, actorId: number, reason: string, ip: string): Promise<number> {
    const input = parseOrThrow(OptionalReasonSchema, { reason });
    await target(memberId, actorId);
    return db.transaction().execute(async (trx) => {
      await trx
        .updateTable('members')
        .set((eb) => ({ warnings: eb('warnings', '+', 1) }))
        .where('id', '=', memberId)
        .execute();
      await wired().audit.record({ actorId, action: 'member.warn', targetType: 'member', targetId: memberId, detail: { reason: input.reason }, ip }, trx);
      return writtenId(trx, 'member.warn', memberId);
    });
  }

  /**
   * Locks the member's row for the rest of the caller's transaction (an UPDATE that changes nothing: the
   * row lock SELECT … FOR UPDATE would take, on PostgreSQL; SQLite's write transaction holds the whole
   * database already). Whoever checks what was done to the member and then changes it does so in turn.
   */
  async function lockMember(trx: Db, memberId: number): Promise<void> {
    await trx
      .updateTable('members')
      .set((eb) => ({ warnings: eb.ref('warnings') }))
      .where('id', '=', memberId)
      .execute();
  }

  /**
   * Lifts what a report decision imposed on a member, in the caller's transaction (the report's reversal
   * writes its own audit entry in the same one): the ban, only while the member is still banned, and one
   * warning (`warnId`: the audit entry of the `member.warn` taken back, so the warning list leaves it out).
   * Each change is audited (`member.unban`, `member.warn_withdraw`) with `via`. Says what changed. The member's
   * row is locked first; the caller checks, in the same transaction, that this ban and this warning are still
   * to be lifted (reversals of one decision are serialized by the caller's own lock).
   */
  async function liftSanctions(
    trx: Db,
    m: { memberId: number; actorId: number; ip: string; unban: boolean; warnId?: number | undefined; via: Record<string, unknown> },
  ): Promise<{ unbanned: boolean; warningWithdrawn: boolean }> {
    const h = wired();
    const now = clock.now().toISOString();
    await lockMember(trx, m.memberId);
    let unbanned = false;
    let warningWithdrawn = false;
    if (m.unban) {
      const r = await trx
        .updateTable('members')
        .set({ status: 'active', ban_reason: '', updated_at: now })
        .where('id', '=', m.memberId)
        .where('status', '=', 'banned')
        .executeTakeFirst();
      unbanned = Number(r.numUpdatedRows) === 1;
      if (unbanned)
        await h.audit.record({ actorId: m.actorId, action: 'member.unban', targetType: 'member', targetId: m.memberId, detail: m.via, ip: m.ip }, trx);
    }
    if (m.warnId !== undefined) {
      const r = await trx
        .updateTable('members')
        .set((eb) => ({ warnings: eb('warnings', '-', 1), updated_at: now }))
        .where('id', '=', m.memberId)
        .where('warnings', '>', 0)
        .executeTakeFirst();
      warningWithdrawn = Number(r.numUpdatedRows) === 1;
      if (warningWithdrawn) {
        const detail = { ...m.via, warnId: m.warnId };
        await h.audit.record({ actorId: m.actorId, action: 'member.warn_withdraw', targetType: 'member', targetId: m.memberId, detail, ip: m.ip }, trx);
      }
    }
    return { unbanned, warningWithdrawn };
  }

  /** Revokes one API token of the member (`tokenId`), or all of them; audited. Allowed on one's own tokens. */
  async function revokeTokens(memberId: number, which: number | 'all', actorId: number, ip: string): Promise<void> {
    await detail(memberId);
    const h = wired();
    await db.transaction().execute(async (trx) => {
      if (which === 'all') {
        const count = await revokeAllTokens(trx, memberId);
        await h.audit.record({ actorId, action: 'member.token_revoke', targetType: 'member', targetId: memberId, detail: { all: true, count }, ip }, trx);
      } else {
        const tok = await deps.tokens.revoke(which, memberId, trx);
        await h.audit.record(
          { actorId, action: 'member.token_revoke', targetType: 'member', targetId: memberId, detail: { tokenId: tok.id, name: tok.name }, ip },
          trx,
        );
      }
    });
  }

  async function createGroup(raw: unknown, actorId: number, ip: string): Promise<MemberGroup> {
    return db.transaction().execute(async (trx) => {
      const g = await groups.create(raw, trx);
      await wired().audit.record({ actorId, action: 'member_group.create', targetType: 'member_group', targetId: g.id, detail: { ...g }, ip }, trx);
      return g;
    });
  }

  async function updateGroup(id: number, raw: unknown, actorId: number, ip: string): Promise<MemberGroup> {
    const before = await groups.byId(id);
    return db.transaction().execute(async (trx) => {
      const g = await groups.update(id, raw, trx);
      await wired().audit.record({ actorId, action: 'member_group.update', targetType: 'member_group', targetId: id, detail: { before, after: g }, ip }, trx);
      return g;
    });
  }

  return {
    connect: (h: ModerationHooks) => void (hooks = h),
    /** The audit log and session store connected by `registerMembers` (the staff account actions use them too). */
    hooks: wired,
    search,
    detail,
    setRole,
    setGroup,
    banMember,
    unbanMember,
    warnMember,
    liftSanctions,
    revokeTokens,
    createGroup,
    updateGroup,
  };
}

export type Moderation = ReturnType<typeof createModeration>;
