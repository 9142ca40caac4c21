import type { Db } from '../../platform/db/index.ts';
import { createQueryMemo } from '../../platform/db/query-memo.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import { hashPassword } from './password.ts';
import { ROLES, type Role } from './members.roles.ts';
import { USERNAME_RE } from './members.schema.ts';
import { compareKey } from '../../platform/text/index.ts';
import { createMemberGroups } from './members.groups.ts';
import { createAccounts } from './members.accounts.ts';
import { createModeration } from './members.moderation.ts';
import { createTokens } from './members.tokens.ts';
import { createStaffAccounts } from './members.staff-accounts.ts';
import { createAvatarActions, createAvatarRecords, type AvatarActionsDeps } from './members.avatars.ts';

export { ROLES, isStaff, type Role } from './members.roles.ts';

export interface Member {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  status: string;
  createdAt: string;
  /** The version of the member's 头像, '' (or absent, where not read) when there is none: see `avatarUrls`. */
  avatar?: string;
}

function toMember(r: { id: number; username: string; display_name: string; role: string; status: string; created_at: string; avatar?: string }): Member {
  const m: Member = { id: r.id, username: r.username, displayName: r.display_name, role: r.role as Role, status: r.status, createdAt: r.created_at };
  if (r.avatar !== undefined) m.avatar = r.avatar;
  return m;
}

export function createMembers(deps: {
  db: Db;
  clock: Clock;
  /** Called after a member signed up (e.g. the points feature's sign-up reward). */
  onRegistered?: (memberId: number) => Promise<void>;
  /** Called after a password log-in (e.g. the daily log-in reward). */
  onLogin?: (memberId: number) => Promise<void>;
  /** After a member's 昵称 changed. */
  onDisplayNameChanged?: (memberId: number) => Promise<void>;
}) {
  const { db, clock } = deps;
  const cols = ['id', 'username', 'display_name', 'role', 'status', 'created_at', 'avatar'] as const;

  async function byUsername(username: string): Promise<Member | undefined> {
    const r = await db.selectFrom('members').select(cols).where('username', '=', username).executeTakeFirst();
    return r ? toMember(r) : undefined;
  }

  // Read on every uncached article page (its author): built and compiled once.
  const run = createQueryMemo(db);
  async function byId(id: number): Promise<Member | undefined> {
    const [r] = await run('byId', [id], (v) => db.selectFrom('members').select(cols).where('id', '=', v(0)));
    return r ? toMember(r) : undefined;
  }

  async function byIds(ids: number[]): Promise<Map<number, Member>> {
    const out = new Map<number, Member>();
    if (!ids.length) return out;
    const rows = await db
      .selectFrom('members')
      .select(cols)
      .where('id', 'in', [...new Set(ids)])
      .execute();
    for (const r of rows) out.set(r.id, toMember(r));
    return out;
  }

  function validateUsername(username: string): void {
    if (!USERNAME_RE.test(username)) throw new ValidationError({ username: t.members.errUsername });
  }

  /**
   * The member whose username is `username` ignoring case (as registration and log-in compare them); an exact
   * match first where old data holds several spellings.
   */
  async function byUsernameIgnoringCase(username: string, trx: Db = db) {
    const rows = await trx
      .selectFrom('members')
      .select(cols)
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
      .orderBy('id')
      .execute();
    return rows.find((r) => r.username === username) ?? rows[0];
  }

  /**
   * Refuses a username registration would refuse as taken: another member's username in any case, or another
   * member's 昵称 (compared folded). Reserved names (站长, admin…) stay allowed: create and ensure are the staff's
   * and the operator's paths (CLI, API, import); registration keeps members from taking them.
   */
  async function assertUsernameFree(username: string, trx: Db): Promise<void> {
    const ms = t.memberSecurity;
    const taken = (existing: string) =>
      new ConflictError(
        existing === username ? format(t.members.errUsernameTakenNamed, { name: username }) : format(t.members.errUsernameTakenCase, { name: existing }),
        'username_taken',
      );
    const same = await byUsernameIgnoringCase(username, trx);
    if (same) throw taken(same.username);
    const named = await trx.selectFrom('members').select('username').where('display_key', '=', compareKey(username)).orderBy('id').executeTakeFirst();
    // A member's 昵称 is their username until they change it: that is the username taken (a sign-up just landed).
    if (named?.username.toLowerCase() === username.toLowerCase()) throw taken(named.username);
    if (named) throw new ConflictError(format(ms.errUsernameIsDisplayName, { existing: named.username }), 'username_taken');
  }

  async function create(input: { username: string; role?: Role; password?: string; displayName?: string; email?: string }, trx: Db = db): Promise<Member> {
    validateUsername(input.username);
    const role = input.role ?? 'member';
    if (!ROLES.includes(role)) throw new ValidationError({ role: format(t.members.errRoleOneOf, { roles: ROLES.join(', ') }) });
    if (input.password !== undefined && input.password.length < 8) throw new ValidationError({ password: t.members.errPasswordShort });
    await assertUsernameFree(input.username, trx);
    const now = clock.now().toISOString();
    const insert = trx
      .insertInto('members')
      .values({
        username: input.username,
        display_name: input.displayName ?? input.username,
        display_key: compareKey(input.displayName ?? input.username),
        email: input.email?.trim().toLowerCase() || null,
        password_hash: input.password ? await hashPassword(input.password) : null,
        role,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .returning(cols)
      .executeTakeFirstOrThrow();
    const r = await insert.catch(async (e: unknown) => {
      // Another create won a race for the name (the unique index on lower(username) decided): say whose.
      // Inside a caller's transaction the failed statement may have aborted it: no further query there.
      if (trx === db) await assertUsernameFree(input.username, trx);
      throw e;
    });
    return toMember(r);
  }

  /**
   * The member with this username ignoring case (`Admin` is admin), created as an ordinary member (without
   * password) if new; a name that is another member's 昵称 is refused as `create` refuses it.
   */
  async function ensure(username: string, trx: Db = db): Promise<Member> {
    validateUsername(username);
    const r = await byUsernameIgnoringCase(username, trx);
    if (r) return toMember(r);
    return create({ username }, trx);
  }

  const tokens = createTokens({ db, clock });

  /** A new API token for the member (valid `days` days, or forever); only its hash is stored, the token is returned once. */
  async function createToken(username: string, name = 'cli', days?: number): Promise<string> {
    const m = await byUsername(username);
    if (!m) throw new NotFoundError(t.members.errUserNotFound, 'member_not_found');
    return (await tokens.create(m.id, { name, ...(days === undefined ? {} : { days }) })).token;
  }

  async function memberForToken(token: string): Promise<Member | undefined> {
    const r = await tokens.memberFor(token);
    return r ? toMember(r) : undefined;
  }

  const groups = createMemberGroups({ db, clock });
  const accounts = createAccounts({
    db,
    clock,
    groups,
    onRegistered: deps.onRegistered,
    onLogin: deps.onLogin,
    onDisplayNameChanged: deps.onDisplayNameChanged,
  });
  const moderation = createModeration({ db, clock, groups, tokens });
  const staff = createStaffAccounts({ db, clock, groups, accounts, moderation, create, onDisplayNameChanged: deps.onDisplayNameChanged });
  const avatarRecords = createAvatarRecords(db);

  return {
    byUsername,
    byId,
    byIds,
    create,
    ensure,
    createToken,
    memberForToken,
    /** API tokens: list, revoke one, revoke all (the CLI and 会员管理); never the token itself. */
    tokens,
    /** Member groups (会员组): list, create, update, the default group. */
    groups,
    /** Submission limits for a member: { dailyQuota, minIntervalSec, needsReview }. */
    limitsFor: groups.limitsFor,
    /** Registration, credentials, passwords and password resets, the member's own profile. */
    accounts,
    /** Staff actions (role, group, ban, unban, warn, groups), each audited. */
    moderation,
    /** 会员管理's account actions: 添加会员, 重置密码, 昵称 and e-mail (each audited). */
    staff,
    /** Bans a member (audited; every session ends). Called by the admin console and the report queue. */
    banMember: moderation.banMember,
    /** Adds one warning to a member (audited). */
    warnMember: moderation.warnMember,
    /** The version of a member's 头像 ('' = none; undefined: no such member). */
    avatarVersion: (memberId: number) => avatarRecords.version(memberId),
    /** 头像 upload, removal and staff removal, given where files go and who hears of a change. */
    avatarActions: (d: Pick<AvatarActionsDeps, 'storage' | 'audit' | 'onChanged'>) => createAvatarActions({ ...d, records: avatarRecords, db, clock }),
  };
}

export type Members = ReturnType<typeof createMembers>;
