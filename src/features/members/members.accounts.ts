import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { format, t } from '../../strings/index.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { ChangePasswordSchema, isReservedName, ProfileSchema, RegisterSchema, ResetPasswordSchema } from './members.schema.ts';
import type { MemberGroups } from './members.groups.ts';
import { isStaff, type Role } from './members.roles.ts';
import { compareKey } from '../../platform/text/index.ts';
import { revokeAllTokens } from './members.tokens.ts';

const s = t.members;
const RESET_TTL_MS = 3600_000;
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
// Verified against when the username does not exist, so a miss costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

export class ResetTokenError extends AppError {
  constructor() {
    super('reset_token_invalid', s.resetInvalid, 400);
  }
}

/**
 * Whether a name (or a member's 个人简介) holds a word of the 违禁词 list (the banned-words feature's `find`, passed
 * by the routes: members cannot import it). A name is refused whatever 网站设置 says for hits: nobody reviews a name.
 */
export type NameScreen = (name: string) => Promise<boolean>;

export type LoginOutcome = { ok: true; id: number } | { ok: false; reason: 'credentials' } | { ok: false; reason: 'banned'; banReason: string };

export interface Profile {
  id: number;
  username: string;
  displayName: string;
  email: string;
  bio: string;
  role: Role;
  groupName: string;
  createdAt: string;
  lastLoginAt: string | null;
  /** Warnings an editor gave (a report upheld, 会员管理): the member centre tells the member. */
  warnings: number;
  /** The version of the member's 头像 ('' = none). */
  avatar: string;
}

/** Accounts: registration, credentials, password changes and resets, the member's own profile. */
export function createAccounts(deps: {
  db: Db;
  clock: Clock;
  groups: MemberGroups;
  onRegistered?: ((memberId: number) => Promise<void>) | undefined;
  onLogin?: ((memberId: number) => Promise<void>) | undefined;
  /** After a member's 昵称 changed (comments show the current one: their pages are renewed). */
  onDisplayNameChanged?: ((memberId: number) => Promise<void>) | undefined;
}) {
  const { db, clock, groups } = deps;
  const now = () => clock.now().toISOString();

  /** Why `username` cannot be registered, naming the name that is taken; undefined when it is free. */
  async function usernameTakenMessage(username: string): Promise<string | undefined> {
    const rows = await db
      .selectFrom('members')
      .select('username')
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
      .orderBy('id')
      .execute();
    const same = rows.find((r) => r.username === username) ?? rows[0];
    if (same) return same.username === username ? format(s.errUsernameTakenNamed, { name: username }) : format(s.errUsernameTakenCase, { name: same.username });
    // A new member's 昵称 is their username: not one another member already shows.
    if (await displayNameTaken(username)) return format(s.errUsernameIsNickname, { name: username });
    return undefined;
  }

  async function emailTaken(email: string, exceptId?: number): Promise<boolean> {
    let q = db.selectFrom('members').select('id').where('email', '=', email);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    return !!(await q.executeTakeFirst());
  }

  /**
   * True when another member's 昵称 or username is `name`: 昵称 compared folded (display_key: case,
   * full-width and Traditional forms, spaces), usernames (letters, digits, _ and CJK only) ignoring case.
   */
  async function displayNameTaken(name: string, exceptId?: number): Promise<boolean> {
    const key = compareKey(name);
    let q = db
      .selectFrom('members')
      .select('id')
      .where((eb) => eb.or([eb('display_key', '=', key), eb(eb.fn('lower', ['username']), '=', name.trim().toLowerCase())]));
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    return !!(await q.executeTakeFirst());
  }

  /** A new ordinary member in the default group. Throws ValidationError (nothing written) on bad input. */
  async function register(raw: unknown, screen?: NameScreen): Promise<{ id: number; username: string }> {
    const input = parseOrThrow(RegisterSchema, raw);
    const fields: Record<string, string> = {};
    // Taken as another member's username (in any case) or as their 昵称 (a new member's 昵称 is their username).
    const taken = (await screen?.(input.username)) ? s.errUsernameBanned : await usernameTakenMessage(input.username);
    if (taken) fields.username = taken;
    if (await emailTaken(input.email)) fields.email = s.errEmailTaken;
    if (Object.keys(fields).length) throw new ValidationError(fields);
    const hash = await hashPassword(input.password);
    const created = await insertMember(input, hash).catch(async (e: unknown) => {
      // Two sign-ups raced for the same name: the unique index decided; say so instead of failing.
      const taken = await usernameTakenMessage(input.username);
      if (taken) throw new ValidationError({ username: taken });
      throw e;
    });
    await deps.onRegistered?.(created.id);
    return created;
  }

  function insertMember(input: { username: string; email: string }, hash: string) {
    return db.transaction().execute(async (trx) => {
      const group = await groups.defaultGroup(trx);
      const at = now();
      return trx
        .insertInto('members')
        .values({
          username: input.username,
          display_name: input.username,
          display_key: compareKey(input.username),
          email: input.email,
          password_hash: hash,
          role: 'member',
          status: 'active',
          group_id: group.id,
          created_at: at,
          updated_at: at,
        })
        .returning(['id', 'username'])
        .executeTakeFirstOrThrow();
    });
  }

  async function authenticate(username: string, password: string): Promise<LoginOutcome> {
    const rows = await db
      .selectFrom('members')
      .select(['id', 'username', 'password_hash', 'status', 'ban_reason'])
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
      .execute();
    const r = rows.find((x) => x.username === username) ?? rows[0];
    const ok = await verifyPassword(password, r?.password_hash ?? (await dummy()));
    if (!r || !r.password_hash || !ok) return { ok: false, reason: 'credentials' };
    // Only someone who knows the password learns that the account is banned.
    if (r.status !== 'active') return { ok: false, reason: 'banned', banReason: r.ban_reason };
    return { ok: true, id: r.id };
  }

  async function recordLogin(id: number): Promise<void> {
    await db.updateTable('members').set({ last_login_at: now() }).where('id', '=', id).execute();
    await deps.onLogin?.(id);
  }

  /** A new password ends every API token of the member too (whoever knew the old one may have made them). */
  async function setPassword(id: number, password: string, trx?: Db): Promise<void> {
    const hash = await hashPassword(password);
    const write = async (w: Db) => {
      await w.updateTable('members').set({ password_hash: hash, updated_at: now() }).where('id', '=', id).execute();
      await revokeAllTokens(w, id);
    };
    await (trx ? write(trx) : db.transaction().execute(write));
  }

  /** Checks the current password first; the caller logs out the member's other sessions. */
  async function changePassword(id: number, raw: unknown): Promise<void> {
    const input = parseOrThrow(ChangePasswordSchema, raw);
    const r = await db.selectFrom('members').select('password_hash').where('id', '=', id).executeTakeFirst();
    if (!r || !(await verifyPassword(input.current, r.password_hash))) throw new ValidationError({ current: s.wrongCurrentPassword });
    await setPassword(id, input.password);
  }

  /**
   * A reset token for the active member with this e-mail, or undefined. Only the token's hash is
   * stored; the token itself goes into the mail once.
   */
  async function createResetToken(email: string): Promise<{ token: string; username: string; displayName: string; email: string } | undefined> {
    const m = await db
      .selectFrom('members')
      .select(['id', 'username', 'display_name', 'email'])
      .where('email', '=', email.trim().toLowerCase())
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!m || !m.email) return undefined;
    return { token: await insertResetToken(m.id, RESET_TTL_MS), username: m.username, displayName: m.display_name, email: m.email };
  }

  /** A single-use reset token for a member, valid `ttlMs`; only its hash is stored. */
  async function insertResetToken(memberId: number, ttlMs: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const at = clock.now();
    await db
      .insertInto('password_resets')
      .values({
        token_hash: sha256(token),
        member_id: memberId,
        created_at: at.toISOString(),
        expires_at: new Date(at.getTime() + ttlMs).toISOString(),
        used_at: null,
      })
      .execute();
    return token;
  }

  async function resetTokenValid(token: string): Promise<boolean> {
    if (!token || token.length > 100) return false;
    const r = await db
      .selectFrom('password_resets')
      .select('member_id')
      .where('token_hash', '=', sha256(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now())
      .executeTakeFirst();
    return !!r;
  }

  /** Sets the new password, uses up every open reset token and revokes every API token of the member. Returns the member's id. */
  async function resetPassword(token: string, raw: unknown): Promise<number> {
    const input = parseOrThrow(ResetPasswordSchema, raw);
    if (!token || token.length > 100) throw new ResetTokenError();
    const hash = await hashPassword(input.password);
    return db.transaction().execute(async (trx) => {
      const at = now();
      const r = await trx
        .updateTable('password_resets')
        .set({ used_at: at })
        .where('token_hash', '=', sha256(token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .returning('member_id')
        .executeTakeFirst();
      if (!r) throw new ResetTokenError();
      await trx.updateTable('password_resets').set({ used_at: at }).where('member_id', '=', r.member_id).where('used_at', 'is', null).execute();
      await trx.updateTable('members').set({ password_hash: hash, updated_at: at }).where('id', '=', r.member_id).execute();
      await revokeAllTokens(trx, r.member_id);
      return r.member_id;
    });
  }

  async function profile(id: number): Promise<Profile> {
    const r = await db
      .selectFrom('members')
      .leftJoin('member_groups', 'member_groups.id', 'members.group_id')
      .select([
        'members.id',
        'members.username',
        'members.display_name',
        'members.email',
        'members.bio',
        'members.role',
        'members.created_at',
        'members.last_login_at',
        'members.warnings',
        'members.avatar',
        'member_groups.name as group_name',
      ])
      .where('members.id', '=', id)
      .executeTakeFirst();
    if (!r) throw new NotFoundError(t.members.errUserNotFound, 'member_not_found');
    return {
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      email: r.email ?? '',
      bio: r.bio,
      role: r.role as Role,
      groupName: r.group_name ?? (await groups.defaultGroup()).name,
      createdAt: r.created_at,
      lastLoginAt: r.last_login_at,
      warnings: Number(r.warnings),
      avatar: r.avatar,
    };
  }

  /**
   * Saves 昵称, e-mail and 个人简介. A new e-mail needs the current password (whoever holds a stolen
   * session could otherwise send the password reset to themselves); the answer says whether it changed
   * and from what, so the old address can be told.
   */
  async function updateProfile(id: number, raw: unknown, screen?: NameScreen): Promise<{ emailChangedFrom?: string }> {
    const input = parseOrThrow(ProfileSchema, raw);
    const fields: Record<string, string> = {};
    const me = await db.selectFrom('members').select(['role', 'display_name', 'email', 'password_hash', 'bio']).where('id', '=', id).executeTakeFirst();
    const emailChanged = !!me && input.email !== me.email;
    // An account without a password (an author the API or an import created) has none to ask for.
    if (emailChanged && me.password_hash) {
      if (!input.current) fields.current = s.errCurrentForEmail;
      else if (!(await verifyPassword(input.current, me.password_hash))) fields.current = s.wrongCurrentPassword;
    }
    // A 昵称 is what others see on comments and pages: no one else's, and no member's posing as staff
    // (staff may use one; a name already held is kept).
    if (me && input.displayName !== me.display_name) {
      if (!isStaff(me.role as Role) && isReservedName(input.displayName)) fields.displayName = s.errDisplayNameReserved;
      else if (await screen?.(input.displayName)) fields.displayName = s.errDisplayNameBanned;
      else if (await displayNameTaken(input.displayName, id)) fields.displayName = s.errDisplayNameTaken;
    }
    // The 个人简介 shows on the author page: checked like the 昵称 (when it changes), the word not named.
    if (me && input.bio !== (me.bio ?? '') && input.bio && (await screen?.(input.bio))) fields.bio = s.errBioBanned;
    if (await emailTaken(input.email, id)) fields.email = s.errEmailTaken;
    if (Object.keys(fields).length) throw new ValidationError(fields);
    await db
      .updateTable('members')
      .set({ display_name: input.displayName, display_key: compareKey(input.displayName), email: input.email, bio: input.bio, updated_at: now() })
      .where('id', '=', id)
      .execute();
    if (me && input.displayName !== me.display_name) await deps.onDisplayNameChanged?.(id);
    return emailChanged && me.email ? { emailChangedFrom: me.email } : {};
  }

  return {
    register,
    authenticate,
    recordLogin,
    setPassword,
    changePassword,
    createResetToken,
    resetTokenValid,
    resetPassword,
    profile,
    updateProfile,
    displayNameTaken,
    emailTaken,
    /** A reset link's token for a member by id (staff paths: 重置密码, 添加会员's set-password mail). */
    createResetTokenFor: (memberId: number, ttlMs: number = RESET_TTL_MS) => insertResetToken(memberId, ttlMs),
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
