import type { FastifyInstance } from 'fastify';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { RateLimiter } from '../../platform/http/rate-limit.ts';
import type { Audit } from '../audit/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Members } from '../members/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import { registerGuestbookAdmin } from './guestbook.admin.tsx';
import { registerGuestbookPages } from './guestbook.public.tsx';
import { createGuestbook } from './guestbook.service.ts';

export { createGuestbook, GUESTBOOK_TAG, type Guestbook, type GuestbookMessage } from './guestbook.service.ts';
import type { GuestbookMessage } from './guestbook.service.ts';
export { GUESTBOOK_STATUSES, type GuestbookStatus } from './guestbook.schema.ts';

export interface GuestbookDeps {
  dbh: DbHandle;
  clock: Clock;
  cache: PageCache;
  audit: Audit;
  bannedWords: BannedWords;
  settings: SettingsService;
  chrome: ChromeBuilder;
  guards: Guards;
  console: Console;
  rateLimiter: RateLimiter;
  baseUrl: string | undefined;
  /** A guest may not post under a member's name (or a reserved one). */
  members?: Members | undefined;
  /** After staff answered a member's message (the member's 站内信). */
  onGuestbookReplied?: ((m: GuestbookMessage) => Promise<void>) | undefined;
}

/** 网站留言: the public page and form (`/guestbook/`) and its admin pages (`/admin/guestbook/`). */
export function registerGuestbook(app: FastifyInstance, deps: GuestbookDeps) {
  const guestbook = createGuestbook({ ...deps, onReplied: deps.onGuestbookReplied, purge: (tags) => void deps.cache.purge(tags) });
  registerGuestbookPages(app, { ...deps, guestbook });
  registerGuestbookAdmin(app, { ...deps, guestbook });
  return guestbook;
}
export { countPendingGuestbook } from './guestbook.counts.ts';
