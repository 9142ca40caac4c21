import type { Selectable } from 'kysely';
import type { Database, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { fold } from '../../platform/text/index.ts';
import type { Articles } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Categories } from '../categories/index.ts';
import type { Points } from '../points/index.ts';
import type { BidStatus } from './promotion.schema.ts';
import type { OnBidSettled } from './promotion.notices.ts';

export interface Keyword {
  id: number;
  keyword: string;
  floorPrice: number;
  slots: number;
  active: boolean;
  /** The category whose list page the winners also top, if any. */
  categoryId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Bid {
  id: number;
  keywordId: number;
  period: string;
  memberId: number;
  articleId: number;
  amount: number;
  status: BidStatus;
  placedAt: string;
  createdAt: string;
  settledAt: string | null;
}

export interface BidOutcome {
  bidId: number;
  raised: boolean;
  /** Points moved into escrow by this request (the difference on a raise; 0 on a replay). */
  charged: number;
  /** The form was submitted before: nothing new happened. */
  replayed: boolean;
}

export interface SettleOutcome {
  rounds: number;
  won: number;
  lost: number;
  /** Bids refunded because their article is no longer public. */
  released: number;
}

/** The cache tag of the public 排名推广 page; purged by every change it shows. */
export const PROMOTION_TAG = 'promotion';
/** The cache tag of pages that show this period's winners (category lists): purged only when winners change. */
export const PROMOTION_WINNERS_TAG = 'promotion-winners';

/** How a search query and a keyword are compared: folded (full/half width, traditional/simplified, case), then trimmed. */
export const matchKey = (text: string) => fold(text).trim();

export function toKeyword(r: Selectable<Database['promotion_keywords']>): Keyword {
  return {
    id: r.id,
    keyword: r.keyword,
    floorPrice: r.floor_price,
    slots: r.slots,
    active: r.active === 1,
    categoryId: r.category_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toBid(r: Selectable<Database['promotion_bids']>): Bid {
  return {
    id: r.id,
    keywordId: r.keyword_id,
    period: r.period,
    memberId: r.member_id,
    articleId: r.article_id,
    amount: r.amount,
    status: r.status as BidStatus,
    placedAt: r.placed_at,
    createdAt: r.created_at,
    settledAt: r.settled_at,
  };
}

/** The bid order within a round: higher amount first, then the bid that reached its amount earlier. */
export function ranked<T extends { amount: number; placedAt: string; id: number }>(bids: T[]): T[] {
  return [...bids].sort((a, b) => b.amount - a.amount || (a.placedAt < b.placedAt ? -1 : a.placedAt > b.placedAt ? 1 : a.id - b.id));
}

/** Points needed to enter the top `slots` of a round: the floor while slots are free, else one more than the last winning bid. */
export function entryPrice(floor: number, slots: number, heldAmounts: number[]): number {
  const sorted = [...heldAmounts].sort((a, b) => b - a);
  const last = sorted[slots - 1];
  return last === undefined ? floor : Math.max(floor, last + 1);
}

/** What the parts of the promotion service share. */
export interface PromotionCore {
  dbh: DbHandle;
  clock: Clock;
  points: Points;
  articles: Articles;
  categories: Categories;
  audit: Audit;
  /** Purges the public page (`promotion`). */
  purge(): void;
  /** Purges every page that shows winners as well (`promotion`, `promotion-winners`). */
  purgeWinners(): void;
  /** After a bid was settled (won, lost) or released, committed (the member's 站内信; main.ts wires it). */
  onBidSettled?: OnBidSettled | undefined;
}
