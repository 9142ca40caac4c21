import type { NotificationKind } from '../notifications/index.ts';
import { format, t } from '../../strings/index.ts';
import type { PromotionCore } from './promotion.model.ts';
import { periodLabel } from './promotion.periods.ts';

const s = t.promotion;

/**
 * What became of one held bid, told to its member after the change is committed: `won` (settled, the
 * escrow is spent), `lost` (settled, outbid, refunded in full), `cancelled` (settled, refunded in full
 * because the admin deactivated the keyword: nobody won) or `released` (refunded because the article
 * left the site, at settlement or at once by `releaseForArticle`).
 */
export interface BidSettled {
  memberId: number;
  bidId: number;
  articleId: number;
  /** The article's title (any status), '' when it no longer exists. */
  articleTitle: string;
  keyword: string;
  /** `YYYY-MM`. */
  period: string;
  amount: number;
  outcome: 'won' | 'lost' | 'cancelled' | 'released';
}

export type OnBidSettled = (e: BidSettled) => Promise<void>;

/** The kind the member's 站内信 list shows for these messages (labelled 排名推广). */
export const PROMOTION_NOTICE_KIND: NotificationKind = 'promotion.settled';

/** The 站内信 for a settled or released bid: addressed to the bidder, linking to the bid in 我的推广. */
export function bidSettledMessage(e: BidSettled): { memberId: number; n: { kind: NotificationKind; body: string; link: string } } {
  const vars = { keyword: e.keyword, period: periodLabel(e.period), n: e.amount, title: e.articleTitle || s.noticeArticleGone };
  const text = { won: s.noticeWon, lost: s.noticeLost, cancelled: s.noticeCancelled, released: s.noticeReleased }[e.outcome];
  return { memberId: e.memberId, n: { kind: PROMOTION_NOTICE_KIND, body: format(text, vars), link: `/member/promotion/#bid${e.bidId}` } };
}

/** Completes the events with article titles and hands each to the hook; a failing hook never undoes a settlement. */
export function createAnnouncer(core: Pick<PromotionCore, 'articles'>, onBidSettled: OnBidSettled | undefined) {
  return async function announce(events: Array<Omit<BidSettled, 'articleTitle'>>): Promise<void> {
    if (!onBidSettled || !events.length) return;
    const titles = new Map<number, string>();
    for (const id of new Set(events.map((e) => e.articleId))) titles.set(id, (await core.articles.getAny(id))?.title ?? '');
    for (const e of events) {
      await onBidSettled({ ...e, articleTitle: titles.get(e.articleId) ?? '' }).catch((err: unknown) => console.error('promotion notice failed:', err));
    }
  };
}
