import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { compareKey } from '../../platform/text/index.ts';
import { t } from '../../strings/index.ts';
import type { AuditInput } from '../audit/index.ts';
import type { Accounts } from './members.accounts.ts';
import type { MemberGroups } from './members.groups.ts';
import { SelfActionError, type AdminMember, type Moderation } from './members.moderation.ts';
import { isStaff, type Role } from './members.roles.ts';
import { AdminCreateSchema, AdminPasswordSchema, AdminProfileSchema, isReservedName } from './members.schema.ts';

const s = t.members;
/** A set-password link for an account staff just created: a day, since the member may not read mail at once. */
const WELCOME_TTL_MS = 24 * 3600_000;

type CreateMember = (
  input: { username: string; role: Role; password?: string; displayName: string; email?: string },
  trx: Db,
) => Promise<{ id: number; username: string }>;

/** Who is to get a link by mail: the token goes into the link once, only its hash is stored. */
export interface MailTo {
  token: string;
  username: string;
  displayName: string;
  email: string;
}

/**
 * Account actions of 会员管理: 添加会员, 重置密码 (a mailed link, or a password the admin types when no mail can
 * reach the member), 昵称 and e-mail. Each is audited in the transaction that writes it; bad input writes nothing.
 */
export function createStaffAccounts(deps: {
  db: Db;
  clock: Clock;
  groups: MemberGroups;
  accounts: Accounts;
  moderation: Moderation;
  create: CreateMember;
  onDisplayNameChanged?: ((memberId: number) => Promise<void>) | undefined;
}) {
  const { db, clock, groups, accounts, moderation } = deps;
  // The audit log connected by registerMembers (read at call time: it is connected after construction).
  const audit = {
    record(e: AuditInput, trx?: Db) {
      const log = moderation.hooks().audit;
      return log.record(e, trx);
    },
  };

  /** The member an admin acts on: 404 if missing; never oneself (one's own account is changed in 会员中心). */
  async function target(memberId: number, actorId: number): Promise<AdminMember> {
    const m = await moderation.detail(memberId);
    if (memberId === actorId) throw new SelfActionError();
    return m;
  }

  /**
   * 添加会员. `canMail`: whether a link in mail can be made for this request (`mailOrigin`). Returns the new
   * member, and for `passwordMode=mail` what the set-password mail needs (sent by the caller after the commit).
   */
  async function createMember(raw: unknown, actorId: number, ip: string, canMail: boolean): Promise<{ id: number; mail?: MailTo }> {
    const input = parseOrThrow(AdminCreateSchema, raw);
    const displayName = input.displayName || input.username;
    const fields: Record<string, string> = {};
    if (input.displayName && input.displayName !== input.username) {
      if (!isStaff(input.role) && isReservedName(input.displayName)) fields.displayName = s.errDisplayNameReserved;
      else if (await accounts.displayNameTaken(input.displayName)) fields.displayName = s.errDisplayNameTaken;
    }
    if (input.email && (await accounts.emailTaken(input.email))) fields.email = s.errEmailTaken;
    const group = await groups.byId(input.groupId);
    if (!group) fields.groupId = s.errGroup;
    if (input.passwordMode === 'mail' && !canMail) fields.passwordMode = s.errMailUnavailable;
    if (Object.keys(fields).length || !group) throw new ValidationError(fields);
    const mailed = input.passwordMode === 'mail';
    const id = await db
      .transaction()
      .execute(async (trx) => {
        const m = await deps.create(
          {
            username: input.username,
            role: input.role,
            displayName,
            ...(input.email ? { email: input.email } : {}),
            ...(mailed ? {} : { password: input.password }),
          },
          trx,
        );
        await trx.updateTable('members').set({ group_id: group.id }).where('id', '=', m.id).execute();
        const detail = { viaConsole: true, role: input.role, group: group.name, mailed };
        await audit.record({ actorId, action: 'member.create', targetType: 'member', targetId: m.id, detail, ip }, trx);
        return m.id;
      })
      .catch((e: unknown) => {
        if (e instanceof ConflictError) throw new ValidationError({ username: e.message });
        throw e;
      });
    if (!mailed) return { id };
    const token = await accounts.createResetTokenFor(id, WELCOME_TTL_MS);
    return { id, mail: { token, username: input.username, displayName, email: input.email } };
  }

  /**
   * 重置密码 by mail: a fresh one-hour link, handed to `send`; audited only once the mail went out (a failed send
   * leaves an unused token that expires). The current password works until the member sets a new one.
   */
  async function sendResetLink(memberId: number, actorId: number, ip: string, canMail: boolean, send: (to: MailTo) => Promise<void>): Promise<void> {
    const m = await target(memberId, actorId);
    if (!m.email) throw new ValidationError({}, s.errNoEmail);
    if (!canMail) throw new ValidationError({}, s.errMailUnavailable);
    const token = await accounts.createResetTokenFor(memberId);
    await send({ token, username: m.username, displayName: m.displayName || m.username, email: m.email });
    await audit.record({ actorId, action: 'member.password_reset', targetType: 'member', targetId: memberId, detail: { mailed: true }, ip });
  }

  /**
   * 重置密码 typed by the admin, for a member no mail reaches: every API token, open reset link and session of
   * the member ends.
   */
  async function setPassword(memberId: number, raw: Record<string, string>, actorId: number, ip: string): Promise<void> {
    const m = await target(memberId, actorId);
    const input = parseOrThrow(AdminPasswordSchema, { ...raw, username: m.username });
    await db.transaction().execute(async (trx) => {
      await accounts.setPassword(memberId, input.password, trx);
      const at = clock.now().toISOString();
      await trx.updateTable('password_resets').set({ used_at: at }).where('member_id', '=', memberId).where('used_at', 'is', null).execute();
      await audit.record({ actorId, action: 'member.password_reset', targetType: 'member', targetId: memberId, detail: { mailed: false }, ip }, trx);
    });
    await moderation.hooks().logoutEverywhere(memberId);
  }

  /**
   * 昵称 and e-mail as an admin changes them, under the member's own profile rules: a 昵称 no one else holds and,
   * for a non-staff member, none posing as the site; an e-mail no one else uses. Says what changed (nothing:
   * nothing written). A new e-mail uses up the member's open reset links (they went to the old address).
   */
  async function updateProfile(memberId: number, raw: unknown, actorId: number, ip: string) {
    const input = parseOrThrow(AdminProfileSchema, raw);
    const m = await target(memberId, actorId);
    const fields: Record<string, string> = {};
    const nameChanged = input.displayName !== m.displayName;
    const emailChanged = input.email !== m.email;
    if (nameChanged) {
      if (!isStaff(m.role) && isReservedName(input.displayName)) fields.displayName = s.errDisplayNameReserved;
      else if (await accounts.displayNameTaken(input.displayName, memberId)) fields.displayName = s.errDisplayNameTaken;
    }
    if (emailChanged && !input.email) fields.email = s.errEmail;
    else if (emailChanged && (await accounts.emailTaken(input.email, memberId))) fields.email = s.errEmailTaken;
    if (Object.keys(fields).length) throw new ValidationError(fields);
    const changed: { displayName?: string; email?: { from: string; to: string } } = {};
    if (!nameChanged && !emailChanged) return changed;
    const at = clock.now().toISOString();
    const detail: Record<string, unknown> = {};
    if (nameChanged) detail.displayName = { before: m.displayName, after: input.displayName };
    if (emailChanged) detail.email = { before: m.email, after: input.email };
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('members')
        .set({ display_name: input.displayName, display_key: compareKey(input.displayName), email: input.email || null, updated_at: at })
        .where('id', '=', memberId)
        .execute();
      if (emailChanged) await trx.updateTable('password_resets').set({ used_at: at }).where('member_id', '=', memberId).where('used_at', 'is', null).execute();
      await audit.record({ actorId, action: 'member.profile', targetType: 'member', targetId: memberId, detail, ip }, trx);
    });
    if (nameChanged) {
      changed.displayName = input.displayName;
      await deps.onDisplayNameChanged?.(memberId);
    }
    if (emailChanged) changed.email = { from: m.email, to: input.email };
    return changed;
  }

  return { createMember, sendResetLink, setPassword, updateProfile };
}

export type StaffAccounts = ReturnType<typeof createStaffAccounts>;
