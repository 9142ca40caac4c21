import type { RateLimiter } from '../../platform/http/rate-limit.ts';

const QUARTER = 15 * 60_000;

/**
 * Failed log-ins allowed in 15 minutes. The small limit is per (account, IP) pair: counting per account
 * alone would let anyone who knows a username lock its owner out everywhere with five wrong passwords.
 * A stranger's failures lock only the stranger's address for that account. Per IP (password spraying
 * over many accounts) and per account (guessing spread over many addresses) are much higher ceilings.
 *
 * A browser that logged in to the account before (a valid device cookie, `members.login-device.ts`) is not held
 * by the per-account ceiling, so strangers reaching it from many addresses cannot lock the owner out; its
 * failures count against that device (5, like a pair) instead of the account, so a stolen cookie used from many
 * addresses cannot guess more than a stranger could. The pair and IP limits hold for it as for anyone.
 */
export const LOGIN_LIMITS = { pair: 5, ip: 20, account: 50, device: 5, windowMs: QUARTER } as const;

export interface LoginLimits {
  /**
   * Whether a log-in to `username` from `ip` must wait (checked before the password is); `device`: the id a
   * valid device cookie for this account proves.
   */
  isLocked(username: string, ip: string, device?: string): Promise<boolean>;
  failed(username: string, ip: string, device?: string): Promise<void>;
  /** The pair's (and device's) count starts again; the IP and account ceilings keep counting until their windows end. */
  succeeded(username: string, ip: string, device?: string): Promise<void>;
}

/** Counts in the given limiter: in memory on one instance, in Redis (shared) when it is configured. */
export function createLoginLimits(limiter: RateLimiter): LoginLimits {
  const keys = (username: string, ip: string, device?: string) => {
    const account = username.toLowerCase();
    return {
      pair: `login:pair:${account}|${ip}`,
      ip: `login:ip:${ip}`,
      // A known device's failures count against that device only; anyone else's against the account.
      ceiling: device
        ? { key: `login:device:${account}|${device}`, limit: LOGIN_LIMITS.device }
        : { key: `login:account:${account}`, limit: LOGIN_LIMITS.account },
    };
  };
  return {
    async isLocked(username, ip, device) {
      const k = keys(username, ip, device);
      return (
        (await limiter.isLimited(k.pair, LOGIN_LIMITS.pair)) ||
        (await limiter.isLimited(k.ip, LOGIN_LIMITS.ip)) ||
        (await limiter.isLimited(k.ceiling.key, k.ceiling.limit))
      );
    },
    async failed(username, ip, device) {
      const k = keys(username, ip, device);
      await limiter.hit(k.pair, LOGIN_LIMITS.pair, LOGIN_LIMITS.windowMs);
      await limiter.hit(k.ip, LOGIN_LIMITS.ip, LOGIN_LIMITS.windowMs);
      await limiter.hit(k.ceiling.key, k.ceiling.limit, LOGIN_LIMITS.windowMs);
    },
    async succeeded(username, ip, device) {
      const k = keys(username, ip, device);
      await limiter.reset(k.pair);
      if (device) await limiter.reset(k.ceiling.key);
    },
  };
}
