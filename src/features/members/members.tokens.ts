import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Role } from './members.roles.ts';

const DAY = 86_400_000;
export const MAX_TOKEN_DAYS = 3650;

/** An API token as staff and the CLI see it: never the token itself (only its SHA-256 is stored). */
export interface ApiTokenInfo {
  id: number;
  memberId: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** null: never expires. */
  expiresAt: string | null;
  expired: boolean;
}

interface TokenMember {
  id: number;
  username: string;
  display_name: string;
  role: string;
  status: string;
  created_at: string;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Deletes every API token of a member (a password change or reset, a ban); returns how many there were. */
export async function revokeAllTokens(trx: Db, memberId: number): Promise<number> {
  const r = await trx.deleteFrom('api_tokens').where('member_id', '=', memberId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** API tokens: created by the CLI, used by the JSON API, listed and revoked by admins and the CLI. */
export function createTokens(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const cols = ['id', 'member_id', 'name', 'created_at', 'last_used_at', 'expires_at'] as const;
  type Row = { id: number; member_id: number; name: string; created_at: string; last_used_at: string | null; expires_at: string | null };
  const toInfo = (r: Row, now: string): ApiTokenInfo => ({
    id: r.id,
    memberId: r.member_id,
    name: r.name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    expired: r.expires_at !== null && r.expires_at <= now,
  });

  /** A new token for the member, valid for `days` (forever without); the token is returned this once. */
  async function create(memberId: number, opts: { name?: string; days?: number } = {}): Promise<{ token: string; id: number; expiresAt: string | null }> {
    const days = opts.days;
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS))
      throw new ValidationError({ days: format(t.memberSecurity.errTokenDays, { max: MAX_TOKEN_DAYS }) });
    const token = `zx_${randomBytes(24).toString('base64url')}`;
    const now = clock.now();
    const expiresAt = days === undefined ? null : new Date(now.getTime() + days * DAY).toISOString();
    const r = await db
      .insertInto('api_tokens')
      .values({
        member_id: memberId,
        token_hash: hashToken(token),
        name: opts.name ?? 'cli',
        created_at: now.toISOString(),
        last_used_at: null,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { token, id: r.id, expiresAt };
  }

  async function list(memberId: number): Promise<ApiTokenInfo[]> {
    const rows = await db.selectFrom('api_tokens').select(cols).where('member_id', '=', memberId).orderBy('id').execute();
    const now = clock.now().toISOString();
    return rows.map((r) => toInfo(r, now));
  }

  /** Deletes one token; with `memberId`, only if it is that member's. Returns what was revoked. */
  async function revoke(tokenId: number, memberId?: number, trx: Db = db): Promise<ApiTokenInfo> {
    let q = trx.deleteFrom('api_tokens').where('id', '=', tokenId);
    if (memberId !== undefined) q = q.where('member_id', '=', memberId);
    const r = await q.returning(cols).executeTakeFirst();
    if (!r) throw new NotFoundError(t.memberSecurity.errTokenNotFound, 'token_not_found');
    return toInfo(r, clock.now().toISOString());
  }

  /** The active member a token belongs to; undefined for unknown, expired or revoked tokens and banned members. */
  async function memberFor(token: string): Promise<(Omit<TokenMember, 'role'> & { role: Role }) | undefined> {
    const now = clock.now();
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
        'api_tokens.expires_at',
      ])
      .where('api_tokens.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!r || r.status !== 'active') return undefined;
    if (r.expires_at !== null && r.expires_at <= now.toISOString()) return undefined;
    // Record use at most every five minutes: enough to spot stale tokens without a write per request.
    if (!r.last_used_at || now.getTime() - Date.parse(r.last_used_at) > 5 * 60_000) {
      await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', r.token_id).execute();
    }
    return { ...r, role: r.role as Role };
  }

  return { create, list, revoke, revokeAll: (memberId: number, trx: Db = db) => revokeAllTokens(trx, memberId), memberFor };
}

export type Tokens = ReturnType<typeof createTokens>;
