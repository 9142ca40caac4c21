import type { FastifyInstance } from 'fastify';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { RateLimiter } from '../../platform/http/rate-limit.ts';
import type { Storage } from '../../platform/storage/index.ts';
import type { Audit } from '../audit/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards } from '../members/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import { registerLinksAdmin } from './links.admin.tsx';
import { registerLinksPages } from './links.public.tsx';
import { createLinks } from './links.service.ts';

export { createLinks, LINKS_TAG, type FriendLink, type LinkActor, type Links } from './links.service.ts';
export { countPendingLinks } from './links.counts.ts';
export { BLOCK_FRAGMENT as FRIEND_LINKS_FRAGMENT } from './links.public.tsx';
export { LINK_KINDS, LINK_STATUSES, type LinkKind, type LinkStatus } from './links.schema.ts';

export interface LinksDeps {
  dbh: DbHandle;
  clock: Clock;
  cache: PageCache;
  storage: Storage;
  audit: Audit;
  bannedWords: BannedWords;
  settings: SettingsService;
  chrome: ChromeBuilder;
  guards: Guards;
  console: Console;
  rateLimiter: RateLimiter;
  baseUrl: string | undefined;
}

/**
 * 友情链接: the home pages' block (fragments `friendlinks` / `m-friendlinks`), `/links` with its 申请 form,
 * and `/admin/links/`. Returns the service (the demo content adds its links through it).
 */
export function registerLinks(app: FastifyInstance, deps: LinksDeps) {
  const links = createLinks({ ...deps, purge: (tags) => void deps.cache.purge(tags) });
  registerLinksPages(app, { ...deps, links });
  registerLinksAdmin(app, { ...deps, links });
  return links;
}
