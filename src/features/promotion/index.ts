import type { FastifyInstance } from 'fastify';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { Articles } from '../articles/index.ts';
import type { Categories } from '../categories/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Members } from '../members/index.ts';
import type { Points } from '../points/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import { registerPromotionAdmin } from './promotion.admin.tsx';
import { registerPromotionMember } from './promotion.member.tsx';
import { registerPromotionPage } from './promotion.public.tsx';
import { createPromotion as createService, type Promotion } from './promotion.service.ts';
import type { OnBidSettled } from './promotion.notices.ts';

export { PROMOTION_TAG, PROMOTION_WINNERS_TAG, entryPrice, matchKey, type Promotion, type Keyword, type Bid, type SettleOutcome } from './promotion.service.ts';
export { periodOf, periodStart, addPeriods, biddablePeriods, periodLabel } from './promotion.periods.ts';
export { BID_STATUSES, type BidStatus } from './promotion.schema.ts';
export { bidSettledMessage, PROMOTION_NOTICE_KIND, type BidSettled, type OnBidSettled } from './promotion.notices.ts';

/** The job name of the scheduled settlement. */
export const SETTLE_JOB = 'promotion.settle';

/**
 * 排名推广: keywords, bids held in escrow, settlement at the start of each period, and `promotedFor`
 * (the article ids search shows on top, marked 推广). Built before search is registered so its
 * `promotedFor` can be handed over.
 */
export function createPromotion(deps: {
  dbh: DbHandle;
  clock: Clock;
  points: Points;
  articles: Articles;
  categories: Categories;
  audit: Audit;
  cache: PageCache;
  /** After a bid was settled (已中标 / 未中标) or released (文章已下线): tell its member (`bidSettledMessage`). */
  onBidSettled?: OnBidSettled | undefined;
}): Promotion {
  const promotion = createService({ ...deps, purge: (tags) => void deps.cache.purge(tags) });
  // Ledger histories link a promotion entry to the member's bids.
  deps.points.registerRefLink('promotion_bid', (id) => `/member/promotion/#bid${encodeURIComponent(id)}`);
  return promotion;
}

export interface PromotionDeps {
  promotion: Promotion;
  articles: Articles;
  members: Members;
  categories: Categories;
  points: Points;
  clock: Clock;
  cache: PageCache;
  guards: Guards;
  console: Console;
  chrome: ChromeBuilder;
  settings: SettingsService;
  baseUrl: string | undefined;
}

/** The public page `/promotion/`, 我的推广 `/member/promotion/` and the admin pages `/admin/promotion/`. */
export function registerPromotion(app: FastifyInstance, deps: PromotionDeps): void {
  registerPromotionPage(app, deps);
  registerPromotionMember(app, deps);
  registerPromotionAdmin(app, deps);
}
