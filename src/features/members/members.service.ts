import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import { createQueryMemo } from '../../platform/db/query-memo.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { hashPassword } from './password.ts';
import { ROLES, type Role } from './members.roles.ts';
import { USERNAME_RE } from './members.schema.ts';
import { compareKey } from '../../platform/text/index.ts';
import { createMemberGroups } from './members.groups.ts';
import { createAccounts } from './members.accounts.ts';
import { createModeration } from './members.moderation.ts';

export { ROLES, isStaff, type Role } from './members.roles.ts';

export interface Member {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  status: string;
  createdAt: string;
}

function toMember(r: { id: number; username: string; display_name: string; role: string; status: string; created_at: string }): Member {
  return { id: r.id, username: r.username, displayName: r.display_name, role: r.role as Role, status: r.status, createdAt: r.created_at };
}

export function createMembers(deps: {
  db: Db;
  clock: Clock;
  /** Called after a member signed up (e.g. the points feature's sign-up reward). */
  onRegistered?: (memberId: number) => Promise<void>;
  /** Called after a password log-in (e.g. the daily log-in reward). */
  onLogin?: (memberId: number) => Promise<void>;
}) {
  const { db, clock } = deps;
  const cols = ['id', 'username', 'display_name', 'role', 'status', 'created_at'] as const;

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
    if (!USERNAME_RE.test(username)) throw new ValidationError({ username: '用户名为2到32位字母、数字、下划线或汉字' });
  }

  async function create(input: { username: string; role?: Role; password?: string; displayName?: string; email?: string }, trx: Db = db): Promise<Member> {
    validateUsername(input.username);
    const role = input.role ?? 'member';
    if (!ROLES.includes(role)) throw new ValidationError({ role: `角色必须是 ${ROLES.join(', ')} 之一` });
    if (input.password !== undefined && input.password.length < 8) throw new ValidationError({ password: '密码至少8位' });
    const exists = await trx.selectFrom('members').select('id').where('username', '=', input.username).executeTakeFirst();
    if (exists) throw new ConflictError('用户名已被占用', 'username_taken');
    const now = clock.now().toISOString();
    const r = await trx
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
    return toMember(r);
  }

  /** The member with this username, created as an ordinary member (without password) if new. */
  async function ensure(username: string, trx: Db = db): Promise<Member> {
    validateUsername(username);
    const r = await trx.selectFrom('members').select(cols).where('username', '=', username).executeTakeFirst();
    if (r) return toMember(r);
    return create({ username }, trx);
  }

  /** A new API token for the member; only its hash is stored, the token is returned once. */
  async function createToken(username: string, name = 'cli'): Promise<string> {
    const m = await byUsername(username);
    if (!m) throw new NotFoundError('用户不存在', 'member_not_found');
    const token = `zx_${randomBytes(24).toString('base64url')}`;
    await db
      .insertInto('api_tokens')
      .values({ member_id: m.id, token_hash: sha256(token), name, created_at: clock.now().toISOString(), last_used_at: null })
      .execute();
    return token;
  }

  async function memberForToken(token: string): Promise<Member | undefined> {
    const r = await db
      .selectFrom('api_tokens')
      .innerJoin('members', 'members.id', 'api_tokens.member_id')
      .select([
        'members.id',
        'members.username',
        'members.display_name',
        'members.role',
        'members.status',
        'members.created_at',
        'api_tokens.id as token_id',
        'api_tokens.last_used_at',
      ])
      .where('api_tokens.token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!r || r.status !== 'active') return undefined;
    // Record use at most every five minutes: enough to spot stale tokens without a write per request.
    const now = clock.now();
    if (!r.last_used_at || now.getTime() - Date.parse(r.last_used_at) > 5 * 60_000) {
      await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', r.token_id).execute();
    }
    return toMember(r);
  }

  const groups = createMemberGroups({ db, clock });
  const accounts = createAccounts({ db, clock, groups, onRegistered: deps.onRegistered, onLogin: deps.onLogin });
  const moderation = createModeration({ db, clock, groups });

  return {
    byUsername,
    byId,
    byIds,
    create,
    ensure,
    createToken,
    memberForToken,
    /** Member groups (会员组): list, create, update, the default group. */
    groups,
    /** Submission limits for a member: { dailyQuota, minIntervalSec, needsReview }. */
    limitsFor: groups.limitsFor,
    /** Registration, credentials, passwords and password resets, the member's own profile. */
    accounts,
    /** Staff actions (role, group, ban, unban, warn, groups), each audited. */
    moderation,
    /** Bans a member (audited; every session ends). Called by the admin console and the report queue. */
    banMember: moderation.banMember,
    /** Adds one warning to a member (audited). */
    warnMember: moderation.warnMember,
  };
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export type Members = ReturnType<typeof createMembers>;
