import type { Generated } from 'kysely';

/** An admin-managed keyword members bid on (排名推广). */
export interface PromotionKeywordsTable {
  id: Generated<number>;
  /** As the admin typed it (shown). */
  keyword: string;
  /** `fold(keyword).trim()`: what search queries are matched against; unique. */
  keyword_folded: string;
  /** Lowest bid accepted, in points, for one period. */
  floor_price: number;
  /** How many bids win a period. */
  slots: number;
  active: number; // 0/1
  /** When set, the winners also show at the top of this category's list page. */
  category_id: number | null;
  created_at: string;
  updated_at: string;
}

/** One keyword's auction for one period (a calendar month, `YYYY-MM`); settled exactly once. */
export interface PromotionRoundsTable {
  keyword_id: number;
  period: string;
  settled_at: string | null;
  /** The staff member who pressed 立即结算; null when the scheduled job settled it. */
  settled_by: number | null;
}

/** A member's bid for one keyword and period: at most one per member, raised in place. */
export interface PromotionBidsTable {
  id: Generated<number>;
  keyword_id: number;
  period: string;
  member_id: number;
  article_id: number;
  /** Points held in escrow while `held`; what was paid when `won`. */
  amount: number;
  status: string; // held | won | lost | withdrawn
  /** When the bid reached its current amount: earlier wins a tie. */
  placed_at: string;
  created_at: string;
  updated_at: string;
  settled_at: string | null;
}

/** Tables of the promotion feature (kept apart so each feature edits its own schema file). */
export interface PromotionTables {
  promotion_keywords: PromotionKeywordsTable;
  promotion_rounds: PromotionRoundsTable;
  promotion_bids: PromotionBidsTable;
}
