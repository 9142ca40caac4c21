// What an ad position and an ad are, as the rest of the feature sees them, and their row mappers.
import type { Selectable } from 'kysely';
import { toNumber, type Database } from '../../platform/db/index.ts';
import type { AdKind, AdStatus } from './ads.schema.ts';

export interface AdPosition {
  id: number;
  code: string;
  name: string;
  description: string;
  width: number;
  height: number;
  kind: AdKind;
  pricePerDay: number;
  capacity: number;
  active: boolean;
  sortOrder: number;
}

export interface Ad {
  id: number;
  positionId: number;
  kind: AdKind;
  title: string;
  imageUrl: string;
  html: string;
  targetUrl: string;
  startsOn: string;
  endsOn: string;
  days: number;
  memberId: number | null;
  createdBy: number;
  price: number;
  status: AdStatus;
  rejectReason: string;
  reviewedBy: number | null;
  reviewedAt: string | null;
  impressions: number;
  clicks: number;
  createdAt: string;
}

/** One day of a position's calendar: how many more ads it can take. */
export interface FreeDay {
  day: string;
  free: number;
}

/** Pending and approved ads hold a place in the calendar; rejected and stopped ones free it. */
export const HOLDING: AdStatus[] = ['pending', 'approved'];

export function toPosition(r: Selectable<Database['ad_positions']>): AdPosition {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    width: r.width,
    height: r.height,
    kind: r.kind as AdKind,
    pricePerDay: r.price_per_day,
    capacity: r.capacity,
    active: r.active === 1,
    sortOrder: r.sort_order,
  };
}

export function toAd(r: Selectable<Database['ads']>): Ad {
  return {
    id: r.id,
    positionId: r.position_id,
    kind: r.kind as AdKind,
    title: r.title,
    imageUrl: r.image_url,
    html: r.html,
    targetUrl: r.target_url,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    days: r.days,
    memberId: r.member_id,
    createdBy: r.created_by,
    price: r.price,
    status: r.status as AdStatus,
    rejectReason: r.reject_reason,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    impressions: toNumber(r.impressions),
    clicks: toNumber(r.clicks),
    createdAt: r.created_at,
  };
}
