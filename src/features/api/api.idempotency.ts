import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import type { ApiIdempotencyKeysTable } from '../../platform/db/schema.ts';
import { AppError, isAppError, ValidationError } from '../../platform/errors.ts';
import type { Member } from '../members/index.ts';
import type { ApiResponseDoc } from './api.route.ts';
import { t } from '../../strings/index.ts';

/**
 * `Idempotency-Key` on the API's create endpoints: a client that retries a POST (a timeout, a lost
 * answer) with the same key gets the first answer back (same status, body and `Location`) instead of a
 * second article. Keys belong to the token's member and are kept for 24 hours; the same key with another
 * payload is a 422 `idempotency_key_reused`, and a retry while the first request still runs a 409
 * `idempotency_key_in_progress`. The table `api_idempotency_keys` (see its migration) makes the
 * first-come reservation atomic on SQLite and PostgreSQL alike (primary key member_id + key). A request
 * that failed after it may have created something (a 500) keeps its key: the retry gets that 500
 * (`idempotency_key_failed`) back rather than a second article.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** A reservation still without an answer after this long was left by a request that died: it is taken over. */
export const IDEMPOTENCY_ABANDONED_MS = 5 * 60_000;
const KEY_RE = /^[A-Za-z0-9_-]{8,64}$/;

export const IDEMPOTENCY_HEADER = {
  'Idempotency-Key': {
    description:
      'Optional, 8–64 of A–Z a–z 0–9 _ -. A retry with the same key (same token’s member, same payload, within 24 hours) answers with the first response (same status and body, header `Idempotent-Replayed: true`) and creates nothing. A refused request (4xx) frees its key; one that failed with a server error (500 `idempotency_key_failed`) may have created the resource and keeps its key: check, then use a new key. A reservation left unanswered for 5 minutes (a crashed server) is free again.',
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
  constructor(code: string, message: string, status: number, cause?: unknown) {
    super(code, message, status, { cause });
  }
}

const FAILED_CODE = 'idempotency_key_failed';
const FAILED_MESSAGE = t.errors.api.idempotencyFailed;

/** The primary key refused our reservation (better-sqlite3 or pg). */
function isDuplicateKey(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
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
    if (typeof raw !== 'string' || !KEY_RE.test(raw)) throw new ValidationError({ idempotencyKey: t.errors.api.idempotencyKeyBad });
    return raw;
  }

  async function existing(memberId: number, key: string) {
    return db().selectFrom('api_idempotency_keys').selectAll().where('member_id', '=', memberId).where('key', '=', key).executeTakeFirst();
  }

  function inProgress(): IdempotencyError {
    return new IdempotencyError('idempotency_key_in_progress', t.errors.api.idempotencyInProgress, 409);
  }

  function replay(row: ApiIdempotencyKeysTable, route: string, hash: string, reply: FastifyReply): unknown {
    if (row.route !== route || row.request_hash !== hash) throw new IdempotencyError('idempotency_key_reused', t.errors.api.idempotencyReused, 422);
    if (row.status === null) throw inProgress();
    reply.code(row.status).header('idempotent-replayed', 'true');
    if (row.location) reply.header('location', row.location);
    return row.body === null ? reply.send() : JSON.parse(row.body);
  }

  /**
   * Reserve the key for this request: undefined when it is ours, else the row that holds it (to replay).
   * A reservation without an answer older than IDEMPOTENCY_ABANDONED_MS was left by a process that died
   * (or whose final write failed): it is taken over. A reservation that vanished between our refused
   * INSERT and the re-read (its request failed and freed it) is tried once more.
   */
  async function reserve(memberId: number, key: string, route: string, hash: string, now: Date): Promise<ApiIdempotencyKeysTable | undefined> {
    const abandonedBefore = new Date(now.getTime() - IDEMPOTENCY_ABANDONED_MS).toISOString();
    for (let attempt = 0; attempt < 2; attempt++) {
      const row = await existing(memberId, key);
      if (row && (row.status !== null || row.created_at >= abandonedBefore)) return row;
      if (row)
        await db()
          .deleteFrom('api_idempotency_keys')
          .where('member_id', '=', memberId)
          .where('key', '=', key)
          .where('status', 'is', null)
          .where('created_at', '=', row.created_at)
          .execute();
      try {
        await db()
          .insertInto('api_idempotency_keys')
          .values({ member_id: memberId, key, route, request_hash: hash, status: null, body: null, location: null, created_at: now.toISOString() })
          .execute();
        return undefined;
      } catch (e) {
        // Another request with this key reserved it in the meantime (the primary key refused ours).
        if (!isDuplicateKey(e)) throw e;
      }
    }
    // Still contended after a second try: the other request is running now.
    const row = await existing(memberId, key);
    if (row) return row;
    throw inProgress();
  }

  /**
   * Run a create handler under the request's Idempotency-Key (or plainly without one). A successful answer
   * is kept and replayed. A refused request (an AppError below 500: 422, 409…) created nothing, so it
   * frees the key and the corrected request can use it. Any other failure may have come after the create
   * committed (the audit write, a cache purge), so the key stays taken with a 500 `idempotency_key_failed`
   * answer: a retry with it creates nothing a second time.
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
    const held = await reserve(me.id, key, route, hash, now);
    if (held) return replay(held, route, hash, reply);
    const ours = db().updateTable('api_idempotency_keys').where('member_id', '=', me.id).where('key', '=', key);
    let result: unknown;
    try {
      result = await handler();
    } catch (e) {
      if (isAppError(e) && e.status < 500) {
        await db().deleteFrom('api_idempotency_keys').where('member_id', '=', me.id).where('key', '=', key).execute();
        throw e;
      }
      // The first answer and every replay say the same thing; the cause goes to the log, not the client.
      req.log.error(e);
      const failed = new IdempotencyError(FAILED_CODE, FAILED_MESSAGE, 500, e);
      await ours
        .set({ status: 500, body: JSON.stringify({ error: { code: FAILED_CODE, message: FAILED_MESSAGE } }), location: null })
        .execute()
        .catch((err: unknown) => req.log.error(err));
      throw failed;
    }
    const location = reply.getHeader('location');
    await ours
      .set({ status: reply.statusCode, body: result === undefined ? null : JSON.stringify(result), location: typeof location === 'string' ? location : null })
      .execute();
    return result;
  }

  return { run };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
