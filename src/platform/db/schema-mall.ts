import type { Generated } from 'kysely';

/** A gift of the points mall (积分换礼). */
export interface MallGiftsTable {
  id: Generated<number>;
  name: string;
  /** Public URL of the picture (upload or generated), '' for none. */
  picture: Generated<string>;
  /** Sanitized HTML (plain text is stored as escaped paragraphs). */
  description: Generated<string>;
  /** Points per item. */
  price: number;
  /** Items left; moved only by conditional updates (never below zero). */
  stock: number;
  /** How many items were redeemed (cancelled orders give theirs back). */
  redeemed: Generated<number>;
  available_from: string | null;
  available_until: string | null;
  /** Items per member over all their open and shipped orders; 0 = no limit. */
  per_member_limit: number;
  /** JSON array of member group ids; '[]' = every group. */
  group_ids: Generated<string>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** A redemption (订单): pending → shipped, or pending → cancelled (points refunded, stock restored). */
export interface MallOrdersTable {
  id: Generated<number>;
  gift_id: number;
  member_id: number;
  quantity: number;
  unit_price: number;
  total_points: number;
  contact_name: string;
  phone: string;
  address: string;
  status: string; // pending | shipped | cancelled
  carrier: Generated<string>;
  tracking_no: Generated<string>;
  cancel_reason: Generated<string>;
  redeem_tx_id: number | null;
  refund_tx_id: number | null;
  shipped_by: number | null;
  shipped_at: string | null;
  cancelled_by: number | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Tables of the mall feature (kept apart so each feature edits its own schema file). */
export interface MallTables {
  mall_gifts: MallGiftsTable;
  mall_orders: MallOrdersTable;
}
