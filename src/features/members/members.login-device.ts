import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Device cookies (OWASP's answer to account lock-out): after a successful log-in the browser keeps a signed
 * note "this browser logged in to <account> before". While strangers have pushed an account over its
 * per-account ceiling, a log-in carrying that note for the same account is not held by that ceiling (see
 * `members.login-limits.ts`); its failures count against that device only. The note is stateless: an HMAC
 * with the app secret over the lower-cased username and a random id; the username is not in the cookie
 * (the attempt's username is what it is checked against).
 */
export const DEVICE_COOKIE = 'zx_dev';
const YEAR_S = 365 * 86400;

const mac = (secret: Buffer, account: string, id: string) =>
  createHmac('sha256', secret).update(`login-device:${account.toLowerCase()}:${id}`).digest('base64url');

/** The device id the request's cookie proves for `username`, or undefined (none, forged, another account's). */
export function knownDevice(secret: Buffer, req: FastifyRequest, username: string): string | undefined {
  const raw = req.cookies[DEVICE_COOKIE];
  const m = typeof raw === 'string' ? /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(raw) : null;
  if (!m) return undefined;
  const [, id, got] = m as unknown as [string, string, string];
  const want = Buffer.from(mac(secret, username, id));
  return timingSafeEqual(want, Buffer.from(got)) ? id : undefined;
}

/**
 * After a successful log-in to `username`: the cookie for a year (HttpOnly, SameSite=Lax, Secure on https).
 * A browser that already proves this account keeps its id; the note is for one account at a time.
 */
export function rememberDevice(secret: Buffer, req: FastifyRequest, reply: FastifyReply, username: string): void {
  const id = knownDevice(secret, req, username) ?? randomBytes(16).toString('base64url');
  reply.setCookie(DEVICE_COOKIE, `${id}.${mac(secret, username, id)}`, {
    path: '/member/login',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: YEAR_S,
  });
}
