import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import type { ApiIdempotencyKeysTable } from '../../platform/db/schema.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import type { Member } from '../members/index.ts';
import type { ApiResponseDoc } from './api.route.ts';

/**
 * `Idempotency-Key` on the API's create endpoints: a client that retries a POST (a timeout, a lost
 * answer) with the same key gets the first answer back (same status, body and `Location`) instead of a
 * second article. Keys belong to the token's member and are kept for 24 hours; the same key with another
 * payload is a 422 `idempotency_key_reused`, and a retry while the first request still runs a 409
 * `idempotency_key_in_progress`. The table `api_idempotency_keys` (see its migration) makes the
 * first-come reservation atomic on SQLite and PostgreSQL alike (primary key member_id + key).
 */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const KEY_RE = /^[A-Za-z0-9_-]{8,64}$/;

export const IDEMPOTENCY_HEADER = {
  'Idempotency-Key': {
    description:
      'Optional, 8–64 of A–Z a–z 0–9 _ -. A retry with the same key (same token’s member, same payload, within 24 hours) answers with the first response (same status and body, header `Idempotent-Replayed: true`) and creates nothing.',
    schema: { type: 'string', pattern: KEY_RE.source },
  },
};

/** The documented answers a keyed create adds. */
export const IDEMPOTENCY_RESPONSES: ApiResponseDoc[] = [
  { status: 409, description: 'The first request with this Idempotency-Key is still running (`idempotency_key_in_progress`); retry shortly', schema: 'Error' },
];
export const IDEMPOTENCY_422 =
  'or `error.code` `idempotency_key_reused`: the Idempotency-Key was used with another payload (or endpoint) in the last 24 hours; `error.fields.idempotencyKey` for a malformed key';

class IdempotencyError extends AppError {
  constructor(code: string, message: string, status: number) {
    super(code, message, status);
  }
}

/** Stable across key order, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are one payload. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

export function createIdempotency(deps: { dbh: DbHandle; clock: Clock }) {
  const db = () => deps.dbh.db;

  /** The request's key, or undefined without the header; a malformed one is a 422 like any bad field. */
  function keyOf(req: FastifyRequest): string | undefined {
    const raw = req.headers['idempotency-key'];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string' || !KEY_RE.test(raw)) throw new ValidationError({ idempotencyKey: 'Idempotency-Key 须为8到64位字母、数字、下划线或连字符' });
    return raw;
  }

  async function existing(memberId: number, key: string) {
    return db().selectFrom('api_idempotency_keys').selectAll().where('member_id', '=', memberId).where('key', '=', key).executeTakeFirst();
  }

  function replay(row: ApiIdempotencyKeysTable, route: string, hash: string, reply: FastifyReply): unknown {
    if (row.route !== route || row.request_hash !== hash)
      throw new IdempotencyError('idempotency_key_reused', '这个 Idempotency-Key 已用于另一次不同内容的请求，请换一个新的', 422);
    if (row.status === null) throw new IdempotencyError('idempotency_key_in_progress', '使用这个 Idempotency-Key 的请求正在处理，请稍后重试', 409);
    reply.code(row.status).header('idempotent-replayed', 'true');
    if (row.location) reply.header('location', row.location);
    return row.body === null ? reply.send() : JSON.parse(row.body);
  }

  /**
   * Run a create handler under the request's Idempotency-Key (or plainly without one). Only a successful
   * answer is kept: a refused request (422, 409…) frees the key, so the corrected request can use it.
   */
  async function run(req: FastifyRequest, reply: FastifyReply, me: Member, route: string, handler: () => Promise<unknown>): Promise<unknown> {
    const key = keyOf(req);
    if (key === undefined) return handler();
    const now = deps.clock.now();
    const hash = createHash('sha256')
      .update(JSON.stringify(canonical(req.body ?? null)))
      .digest('hex');
    await db()
      .deleteFrom('api_idempotency_keys')
      .where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString())
      .execute();
    const first = await existing(me.id, key);
    if (first) return replay(first, route, hash, reply);
    try {
      await db()
        .insertInto('api_idempotency_keys')
        .values({ member_id: me.id, key, route, request_hash: hash, status: null, body: null, location: null, created_at: now.toISOString() })
        .execute();
    } catch (e) {
      // Another request with this key reserved it in the meantime (the primary key refused ours).
      const raced = await existing(me.id, key);
      if (raced) return replay(raced, route, hash, reply);
      throw e;
    }
    let result: unknown;
    try {
      result = await handler();
    } catch (e) {
      await db().deleteFrom('api_idempotency_keys').where('member_id', '=', me.id).where('key', '=', key).execute();
      throw e;
    }
    const location = reply.getHeader('location');
    await db()
      .updateTable('api_idempotency_keys')
      .set({ status: reply.statusCode, body: result === undefined ? null : JSON.stringify(result), location: typeof location === 'string' ? location : null })
      .where('member_id', '=', me.id)
      .where('key', '=', key)
      .execute();
    return result;
  }

  return { run };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
