import type { Generated } from 'kysely';

/** A place on the site that shows ads (广告位). */
export interface AdPositionsTable {
  id: Generated<number>;
  /** Stable slot name used by views and `/ads/slots` (e.g. `home-banner`). */
  code: string;
  name: string;
  description: Generated<string>;
  width: number;
  height: number;
  /** What members may book here: image | text; `html` positions take admin ads only. */
  kind: string;
  /** Points per day for one booking. */
  price_per_day: number;
  /** How many ads may run at once on any day (they rotate). */
  capacity: number;
  active: Generated<number>;
  sort_order: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** An ad: created by staff, or booked (and paid) by a member. */
export interface AdsTable {
  id: Generated<number>;
  position_id: number;
  /** image | text | html (html only from admins) */
  kind: string;
  title: string;
  image_url: Generated<string>;
  html: Generated<string>;
  target_url: Generated<string>;
  /** First and last day shown (inclusive), China dates `YYYY-MM-DD`. */
  starts_on: string;
  ends_on: string;
  days: number;
  /** The member who booked it; null for staff-created ads. */
  member_id: number | null;
  created_by: number;
  /** Points paid (0 for staff ads). */
  price: Generated<number>;
  /** pending | approved | rejected | stopped */
  status: string;
  reject_reason: Generated<string>;
  reviewed_by: number | null;
  reviewed_at: string | null;
  impressions: Generated<number>;
  clicks: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** Tables of the ads feature (kept apart so each feature edits its own schema file). */
export interface AdsTables {
  ad_positions: AdPositionsTable;
  ads: AdsTable;
}
