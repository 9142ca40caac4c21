import type { FastifyInstance } from 'fastify';
import type { DbHandle } from '../../platform/db/index.ts';
import type { RateLimiter } from '../../platform/http/rate-limit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { SharedMemos } from '../../platform/cache/shared-memos.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { Articles } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Members } from '../members/index.ts';
import type { Points } from '../points/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';
import { createTips, type Tip, type Tips } from './tips.service.ts';
import { registerTipsRoutes } from './tips.routes.tsx';
import { registerTipsApi } from './tips.api.ts';

export { createTips, tipTags, TipRefused, type Tips, type Tip, type TipView, type TipInput } from './tips.service.ts';
export { splitTip, parseAmount, DEFAULT_TIP_SETTINGS, type TipSettings } from './tips.schema.ts';
export { TIP_SETTINGS_PATH } from './tips.routes.tsx';
export { tipsApiDoc } from './tips.api.ts';

export interface TipsDeps {
  dbh: DbHandle;
  clock: Clock;
  cache: PageCache;
  articles: Articles;
  members: Members;
  bannedWords: BannedWords;
  points: Points;
  guards: Guards;
  console: Console;
  chrome: ChromeBuilder;
  audit: Audit;
  rateLimiter: RateLimiter;
  memos?: SharedMemos | undefined;
  /** After a new tip (the author's 站内信). */
  onTipped?: ((tip: Tip) => Promise<void>) | undefined;
}

/** 打赏: builds the service, registers its pages, fragments and API route, and returns the service. */
export function registerTips(app: FastifyInstance, deps: TipsDeps): Tips {
  const tips = createTips({
    dbh: deps.dbh,
    clock: deps.clock,
    members: deps.members,
    bannedWords: deps.bannedWords,
    points: deps.points,
    purge: (tags) => void deps.cache.purge(tags),
    memos: deps.memos,
    onTipped: deps.onTipped,
  });
  deps.points.registerRefLink('tip', () => '/member/tips/?tab=received');
  registerTipsRoutes(app, { ...deps, tips });
  registerTipsApi(app, { tips, members: deps.members, rateLimiter: deps.rateLimiter });
  return tips;
}
