import type { RateLimiter } from '../../platform/http/rate-limit.ts';

const QUARTER = 15 * 60_000;

/**
 * Failed log-ins allowed in 15 minutes. The small limit is per (account, IP) pair: counting per account
 * alone would let anyone who knows a username lock its owner out everywhere with five wrong passwords.
 * A stranger's failures lock only the stranger's address for that account. Per IP (password spraying
 * over many accounts) and per account (guessing spread over many addresses) are much higher ceilings.
 */
export const LOGIN_LIMITS = { pair: 5, ip: 20, account: 50, windowMs: QUARTER } as const;

export interface LoginLimits {
  /** Whether a log-in to `username` from `ip` must wait (checked before the password is). */
  isLocked(username: string, ip: string): Promise<boolean>;
  failed(username: string, ip: string): Promise<void>;
  /** The pair's count starts again; the IP and account ceilings keep counting until their windows end. */
  succeeded(username: string, ip: string): Promise<void>;
}

/** Counts in the given limiter: in memory on one instance, in Redis (shared) when it is configured. */
export function createLoginLimits(limiter: RateLimiter): LoginLimits {
  const keys = (username: string, ip: string) => {
    const account = username.toLowerCase();
    return { pair: `login:pair:${account}|${ip}`, ip: `login:ip:${ip}`, account: `login:account:${account}` };
  };
  return {
    async isLocked(username, ip) {
      const k = keys(username, ip);
      return (
        (await limiter.isLimited(k.pair, LOGIN_LIMITS.pair)) ||
        (await limiter.isLimited(k.ip, LOGIN_LIMITS.ip)) ||
        (await limiter.isLimited(k.account, LOGIN_LIMITS.account))
      );
    },
    async failed(username, ip) {
      const k = keys(username, ip);
      await limiter.hit(k.pair, LOGIN_LIMITS.pair, LOGIN_LIMITS.windowMs);
      await limiter.hit(k.ip, LOGIN_LIMITS.ip, LOGIN_LIMITS.windowMs);
      await limiter.hit(k.account, LOGIN_LIMITS.account, LOGIN_LIMITS.windowMs);
    },
    async succeeded(username, ip) {
      await limiter.reset(keys(username, ip).pair);
    },
  };
}
