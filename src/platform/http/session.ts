import '@fastify/cookie';
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Db } from '../db/index.ts';
import type { Clock } from '../clock.ts';

/**
 * Log-in sessions. The cookie holds a random token; the store keeps only its SHA-256, so a leaked
 * database or Redis dump cannot be replayed as cookies.
 */
export interface SessionStore {
  create(memberId: number, meta: { ip: string; userAgent: string }, ttlMs: number): Promise<string>;
  memberId(token: string): Promise<number | undefined>;
  destroy(token: string): Promise<void>;
  destroyForMember(memberId: number): Promise<void>;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export function createDbSessionStore(db: Db, clock: Clock): SessionStore {
  return {
    async create(memberId, meta, ttlMs) {
      const token = newToken();
      const now = clock.now();
      await db
        .insertInto('sessions')
        .values({
          id_hash: hash(token),
          member_id: memberId,
          ip: meta.ip.slice(0, 64),
          user_agent: meta.userAgent.slice(0, 300),
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + ttlMs).toISOString(),
        })
        .execute();
      return token;
    },
    async memberId(token) {
      const r = await db.selectFrom('sessions').select(['member_id', 'expires_at']).where('id_hash', '=', hash(token)).executeTakeFirst();
      if (!r || r.expires_at <= clock.now().toISOString()) return undefined;
      return r.member_id;
    },
    async destroy(token) {
      await db.deleteFrom('sessions').where('id_hash', '=', hash(token)).execute();
    },
    async destroyForMember(memberId) {
      await db.deleteFrom('sessions').where('member_id', '=', memberId).execute();
    },
  };
}

/** Sessions in Redis, shared by every app instance: `zx:s:<hash>` → member id, and a set per member. */
export function createRedisSessionStore(redis: Redis): SessionStore {
  return {
    async create(memberId, _meta, ttlMs) {
      const token = newToken();
      const key = `zx:s:${hash(token)}`;
      await redis.multi().set(key, String(memberId), 'PX', ttlMs).sadd(`zx:sm:${memberId}`, key).pexpire(`zx:sm:${memberId}`, ttlMs).exec();
      return token;
    },
    async memberId(token) {
      const v = await redis.get(`zx:s:${hash(token)}`);
      return v ? Number(v) : undefined;
    },
    async destroy(token) {
      await redis.del(`zx:s:${hash(token)}`);
    },
    async destroyForMember(memberId) {
      const keys = await redis.smembers(`zx:sm:${memberId}`);
      if (keys.length) await redis.del(...keys);
      await redis.del(`zx:sm:${memberId}`);
    },
  };
}

export const SESSION_COOKIE = 'zx_sid';

export interface AuthOptions<P> {
  store: SessionStore;
  /** Turns a member id into the principal routes see; undefined (deleted, banned) logs the session out. */
  load(memberId: number): Promise<P | undefined>;
  ttlMs?: number;
}

const isHttps = (req: FastifyRequest) => req.protocol === 'https';

const ASKED = Symbol('zixun.principal');

/**
 * The principal of a request whose route already asked for it (a guard ran), without loading it: error
 * pages use it to stay in the console of the member who got the error.
 */
export function askedPrincipal<P>(req: FastifyRequest): Promise<P | undefined> | undefined {
  return (req as unknown as { [ASKED]?: Promise<P | undefined> })[ASKED];
}

/** Session-cookie authentication; the principal is loaded once per request, only when asked for. */
export function createAuth<P>(opts: AuthOptions<P>) {
  const ttlMs = opts.ttlMs ?? 30 * 86400_000;
  const cache = new WeakMap<FastifyRequest, Promise<P | undefined>>();

  function cookieOptions(req: FastifyRequest) {
    return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: isHttps(req), maxAge: Math.floor(ttlMs / 1000) };
  }

  async function resolve(req: FastifyRequest): Promise<P | undefined> {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return undefined;
    const id = await opts.store.memberId(token);
    return id === undefined ? undefined : opts.load(id);
  }

  return {
    principal(req: FastifyRequest): Promise<P | undefined> {
      let p = cache.get(req);
      if (!p) {
        p = resolve(req);
        cache.set(req, p);
        (req as unknown as { [ASKED]?: Promise<P | undefined> })[ASKED] = p;
      }
      return p;
    },
    async login(req: FastifyRequest, reply: FastifyReply, memberId: number): Promise<void> {
      const old = req.cookies[SESSION_COOKIE];
      if (old) await opts.store.destroy(old); // no session fixation
      const token = await opts.store.create(memberId, { ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') }, ttlMs);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(req));
      cache.delete(req);
      delete (req as unknown as { [ASKED]?: unknown })[ASKED];
    },
    async logout(req: FastifyRequest, reply: FastifyReply): Promise<void> {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await opts.store.destroy(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      cache.delete(req);
      delete (req as unknown as { [ASKED]?: unknown })[ASKED];
    },
    /** Log a member out everywhere (password change, ban). */
    logoutEverywhere: (memberId: number) => opts.store.destroyForMember(memberId),
    store: opts.store,
  };
}

export type Auth<P> = ReturnType<typeof createAuth<P>>;
