import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import { localPath } from '../../platform/http/safe-urls.ts';
import type { SafeHtml } from '../../platform/html/jsx.ts';
import type { Auth } from '../../platform/http/session.ts';
import type { RateLimiter } from '../../platform/http/rate-limit.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import type { Storage } from '../../platform/storage/index.ts';
import type { Audit } from '../audit/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import type { Guards } from './members.guards.ts';
import type { Member, Members } from './members.service.ts';
import type { FormTimer } from './members.form-timer.ts';
import type { NameScreen } from './members.accounts.ts';

/**
 * The member centre / admin console shell (the console feature's `createConsole()`), described here
 * by shape because console depends on members and not the other way round.
 */
export interface ConsoleShell {
  member(req: FastifyRequest, reply: FastifyReply, me: Member, p: ShellPage): Promise<unknown>;
  admin(req: FastifyRequest, reply: FastifyReply, me: Member, p: ShellPage): Promise<unknown>;
}
export interface ShellPage {
  title: string;
  current: string;
  body: SafeHtml;
  flash?: string;
  status?: number;
}

/** Everything the members routes use; `main.ts` passes its services object. */
export interface MembersDeps {
  clock: Clock;
  /** Shared signing key (ZIXUN_SECRET or one kept in the database): the same on every instance. */
  secret: Buffer;
  members: Members;
  auth: Auth<Member>;
  guards: Guards;
  audit: Audit;
  settings: SettingsService;
  chrome: ChromeBuilder;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  cache: { purge(tags: string[]): unknown };
  console: ConsoleShell;
  baseUrl?: string | undefined;
  /** ZIXUN_ALLOWED_HOSTS: hosts trusted for links in mail when baseUrl is unset (see `mailOrigin`). */
  allowedHosts?: readonly string[] | undefined;
  /** My articles by status for the member centre home (articles owns the table; members cannot import it). */
  articleCounts?: (memberId: number) => Promise<Record<string, number>>;
  /** What the member home shows from other features: the points balance, unread 站内信. */
  homeFacts?: (memberId: number) => Promise<{ points: number; unread: number }>;
  /** After staff warned a member from the member admin page, with the reason they gave (the member's 站内信). */
  onWarned?: (memberId: number, reason: string) => Promise<void>;
  /** Where 头像 files go (served under /uploads/). */
  storage: Storage;
  /** After staff removed a member's 头像, with the text the member is told (their 站内信). */
  onAvatarRemovedByStaff?: (memberId: number, message: string) => Promise<void>;
  /**
   * 站内信 (the notifications service main.ts passes with its services; described by shape: notifications depends
   * on members). 会员管理 tells a member what staff changed on their account.
   */
  notifications?: { send(memberId: number, n: { kind: 'site.notice'; body: string; link?: string }): Promise<unknown> };
  /** After a member's 头像 changed (uploaded, replaced, removed): other features renew pages that print it. */
  onAvatarChanged?: (memberId: number) => Promise<void>;
  /**
   * The 违禁词 list (main.ts's `bannedWords`, described by shape: banned-words depends on members). Usernames at
   * sign-up and a member's own 昵称 are refused with a hit; staff editing a 昵称 in 会员管理 are warned.
   */
  bannedWords?: { find(...texts: string[]): Promise<string[]> };
}

export interface RouteDeps extends MembersDeps {
  formTimer: FormTimer;
}

/** The accounts service's name check over the 违禁词 list; none without the list (nothing to match). */
export function nameScreen(deps: Pick<MembersDeps, 'bannedWords'>): NameScreen | undefined {
  const list = deps.bannedWords;
  return list ? async (name) => (await list.find(name)).length > 0 : undefined;
}

/** Readable by public/site.js, which then asks /member/me.json for the name to show on cached pages. */
export const HINT_COOKIE = 'zx_in';

export function setLoggedInHint(req: FastifyRequest, reply: FastifyReply): void {
  reply.setCookie(HINT_COOKIE, '1', { path: '/', httpOnly: false, sameSite: 'lax', secure: req.protocol === 'https', maxAge: 30 * 86400 });
}

/**
 * The one way a browser session starts (log-in, sign-up, the fresh session after a password change):
 * the session cookie, the hint cookie, and the recorded log-in (last_login_at, the day's log-in reward).
 */
export async function startSession(deps: Pick<MembersDeps, 'auth' | 'members'>, req: FastifyRequest, reply: FastifyReply, memberId: number): Promise<void> {
  await deps.auth.login(req, reply, memberId);
  setLoggedInHint(req, reply);
  await deps.members.accounts.recordLogin(memberId);
}

export function clearLoggedInHint(reply: FastifyReply): void {
  reply.clearCookie(HINT_COOKIE, { path: '/' });
}

/**
 * A same-site path to return to after logging in, percent-encoded for the Location header; anything else
 * (other hosts, `//x`, `/\x`) is dropped.
 */
export function safeNext(v: unknown, fallback = '/member/'): string {
  return localPath(v, fallback);
}

/** The url-encoded form body as strings (repeated fields: the last one). */
export function formBody(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v[v.length - 1] === 'string') out[k] = v[v.length - 1] as string;
  }
  return out;
}

export function queryString(req: FastifyRequest, name: string): string {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

/** A positive integer route parameter, or undefined (the caller answers 404). */
export function idParam(req: FastifyRequest, name = 'id'): number | undefined {
  const v = (req.params as Record<string, string | undefined>)[name] ?? '';
  return /^[1-9]\d{0,9}$/.test(v) ? Number(v) : undefined;
}
