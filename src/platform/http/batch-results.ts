import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { SESSION_COOKIE } from './session.ts';

/**
 * Post/Redirect/Get for the console's batch actions (审核 批量通过/退回, 文章管理's batch operations,
 * 违禁词 批量导入): the POST runs the batch, keeps its result here under a new random key and answers
 * 303 to a result page that reads it, so a refresh shows the result again instead of re-running the
 * batch. A result belongs to the session (and member) that ran the batch: another staff member's
 * session, or the same key after it expired, reads nothing.
 *
 * Kept where sessions are: in Redis (shared by every instance behind the load balancer) when it is
 * configured, else in this process, like the rate limiter (an instance without Redis is the only one).
 */
export interface BatchResults {
  /** Keeps `value` (JSON-able) for the request's session; returns the key for the result page's URL. */
  keep(req: FastifyRequest, memberId: number, kind: string, value: unknown): Promise<string>;
  /** The value kept under `key` for this session, member and kind; undefined when unknown, expired or someone else's. */
  read(req: FastifyRequest, memberId: number, kind: string, key: string): Promise<unknown>;
}

/** How long a result page can be reloaded. */
export const BATCH_RESULT_TTL_MS = 30 * 60_000;
/** Most results one process keeps without Redis (the oldest go first). */
const MEMORY_MAX = 5_000;
/** …and at most this much of their JSON (UTF-16, as the strings are held): an import result can be large. */
const MEMORY_MAX_BYTES = 32 * 1024 * 1024;
const KEY = /^[A-Za-z0-9_-]{22}$/;

const Envelope = z.object({ owner: z.string(), member: z.number(), kind: z.string(), value: z.unknown() });
type Envelope = z.infer<typeof Envelope>;

/** The session a result belongs to: the cookie token's hash (the token itself is never stored). */
function ownerOf(req: FastifyRequest): string {
  const token = req.cookies?.[SESSION_COOKIE] ?? '';
  return createHash('sha256').update(`batch-result:${token}`).digest('base64url');
}

function opened(raw: string | null | undefined, req: FastifyRequest, memberId: number, kind: string): unknown {
  if (!raw) return undefined;
  let parsed: ReturnType<typeof Envelope.safeParse>;
  try {
    parsed = Envelope.safeParse(JSON.parse(raw));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const e = parsed.data;
  return e.owner === ownerOf(req) && e.member === memberId && e.kind === kind ? e.value : undefined;
}

function sealed(req: FastifyRequest, memberId: number, kind: string, value: unknown): string {
  const e: Envelope = { owner: ownerOf(req), member: memberId, kind, value };
  return JSON.stringify(e);
}

const newKey = () => randomBytes(16).toString('base64url');

export function createBatchResults(deps: { clock: Clock; redis?: Redis | undefined; ttlMs?: number }): BatchResults {
  const ttlMs = deps.ttlMs ?? BATCH_RESULT_TTL_MS;
  const { redis, clock } = deps;
  const local = memoryResults(clock, ttlMs);
  if (!redis) return local;
  const redisKey = (key: string) => `zx:batch:${key}`;
  return {
    async keep(req, memberId, kind, value) {
      const key = newKey();
      try {
        await redis.set(redisKey(key), sealed(req, memberId, kind, value), 'PX', ttlMs);
        return key;
      } catch (e) {
        // The batch has run: Redis failing now must not turn its answer into a 500 (the editor would run it
        // again). Kept here instead: shown when the result page comes back to this instance.
        console.error('batch result: Redis unavailable, kept in this process:', e);
        return local.keep(req, memberId, kind, value);
      }
    },
    async read(req, memberId, kind, key) {
      if (!KEY.test(key)) return undefined;
      const raw = await redis.get(redisKey(key)).catch(() => undefined);
      return raw ? opened(raw, req, memberId, kind) : local.read(req, memberId, kind, key);
    },
  };
}

/** Results kept in this process, oldest dropped first past MEMORY_MAX entries or MEMORY_MAX_BYTES. */
function memoryResults(clock: Clock, ttlMs: number): BatchResults {
  const kept = new Map<string, { raw: string; until: number }>();
  let bytes = 0;
  const drop = (k: string, v: { raw: string }) => {
    kept.delete(k);
    bytes -= v.raw.length * 2;
  };
  return {
    async keep(req, memberId, kind, value) {
      const now = clock.now().getTime();
      const raw = sealed(req, memberId, kind, value);
      // Map order is insertion order: the oldest first.
      for (const [k, v] of kept) {
        if (v.until > now && kept.size < MEMORY_MAX && bytes + raw.length * 2 <= MEMORY_MAX_BYTES) break;
        drop(k, v);
      }
      const key = newKey();
      kept.set(key, { raw, until: now + ttlMs });
      bytes += raw.length * 2;
      return key;
    },
    async read(req, memberId, kind, key) {
      const v = KEY.test(key) ? kept.get(key) : undefined;
      if (!v || v.until <= clock.now().getTime()) return undefined;
      return opened(v.raw, req, memberId, kind);
    },
  };
}
