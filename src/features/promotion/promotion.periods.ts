/**
 * Periods are calendar months in Beijing time (UTC+8, the site's time zone), written `YYYY-MM`.
 * Period `2026-12` runs from 2026-12-01 00:00 (Beijing) = 2026-11-30T16:00:00Z up to the next month.
 */
import { format, t } from '../../strings/index.ts';

const OFFSET_MS = 8 * 3600_000;
const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** How many future periods are open for bidding (the next one and the ones after it). */
export const BIDDABLE_AHEAD = 3;

export function isPeriod(v: unknown): v is string {
  return typeof v === 'string' && PERIOD_RE.test(v) && Number(v.slice(0, 4)) >= 2000;
}

/** The period the instant falls in. */
export function periodOf(now: Date): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 7);
}

/** The period `n` months after `period` (n may be negative). */
export function addPeriods(period: string, n: number): string {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new Error(`bad period ${period}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The instant the period starts. */
export function periodStart(period: string): Date {
  return new Date(Date.parse(`${period}-01T00:00:00.000Z`) - OFFSET_MS);
}

/** The periods a member may bid on now: the next BIDDABLE_AHEAD months (the current one has started). */
export function biddablePeriods(now: Date): string[] {
  const current = periodOf(now);
  return Array.from({ length: BIDDABLE_AHEAD }, (_, i) => addPeriods(current, i + 1));
}

/** `2026-12` → `2026年12月`. */
export function periodLabel(period: string): string {
  return format(t.promotion.periodLabel, { y: period.slice(0, 4), m: Number(period.slice(5, 7)) });
}
