import { z } from 'zod';
import { format, t } from '../../strings/index.ts';
import { typedNumber } from '../points/index.ts';
import { isDay } from './ads.dates.ts';

const a = t.ads;

export const AD_KINDS = ['image', 'text', 'html'] as const;
export type AdKind = (typeof AD_KINDS)[number];
export const AD_STATUSES = ['pending', 'approved', 'rejected', 'stopped', 'cancelled'] as const;
export type AdStatus = (typeof AD_STATUSES)[number];

export const TITLE_MAX = 40;
export const URL_MAX = 500;
export const HTML_MAX = 20_000;
export const REASON_MAX = 200;
/** A member books at most this many days at once, starting at most BOOK_AHEAD_DAYS from today. */
export const MAX_DAYS = 90;
export const STAFF_MAX_DAYS = 366;
export const BOOK_AHEAD_DAYS = 180;
/** How many days the 广告服务 page's availability table shows. */
export const CALENDAR_DAYS = 30;
export const SIZE_MAX = 2000;
export const PRICE_MAX = 1_000_000;
export const CAPACITY_MAX = 20;

/** An http(s) URL with a host and no credentials: the only kind of link an ad may point to. */
export function isHttpUrl(v: string): boolean {
  if (!/^https?:\/\//i.test(v)) return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** A whole number in a form field, within bounds, with one message for every way it can be wrong. */
function intField(min: number, max: number, message: string) {
  return z
    .string({ error: message })
    .overwrite(typedNumber)
    .regex(/^-?\d{1,10}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);
}

const title = z
  .string({ error: format(a.errTitle, { n: TITLE_MAX }) })
  .trim()
  .min(1, format(a.errTitle, { n: TITLE_MAX }))
  .max(TITLE_MAX, format(a.errTitle, { n: TITLE_MAX }));

const targetUrl = z
  .string({ error: a.errUrl })
  .trim()
  .max(URL_MAX, format(a.errUrlLong, { n: URL_MAX }))
  .refine(isHttpUrl, a.errUrl);

const day = z.string({ error: a.errDate }).trim().refine(isDay, a.errDate);

/** A member's booking as the form sends it (the kind follows from the position). */
export const BookingSchema = z.object({
  position: z
    .string({ error: a.errPosition })
    .trim()
    .regex(/^[a-z0-9-]{2,32}$/, a.errPosition),
  title,
  targetUrl,
  startsOn: day,
  days: intField(1, MAX_DAYS, format(a.errDays, { n: MAX_DAYS })),
  key: z.string({ error: a.errKey }).regex(/^[A-Za-z0-9-]{8,64}$/, a.errKey),
});
export type BookingInput = z.output<typeof BookingSchema>;

/** An ad created or edited by staff; what each kind needs is checked by the service. */
export const StaffAdSchema = z.object({
  position: z
    .string({ error: a.errPosition })
    .trim()
    .regex(/^[a-z0-9-]{2,32}$/, a.errPosition),
  kind: z.enum(AD_KINDS, { error: a.errKind }),
  title,
  targetUrl: z
    .string()
    .trim()
    .max(URL_MAX, format(a.errUrlLong, { n: URL_MAX }))
    .refine((v) => v === '' || isHttpUrl(v), a.errUrl)
    .default(''),
  imageUrl: z
    .string()
    .trim()
    .max(300, a.errImageUrl)
    .refine((v) => v === '' || isHttpUrl(v) || /^\/uploads\/[A-Za-z0-9/_.-]+$/.test(v), a.errImageUrl)
    .default(''),
  html: z
    .string()
    .max(HTML_MAX, format(a.errHtml, { n: HTML_MAX }))
    .default(''),
  startsOn: day,
  days: intField(1, STAFF_MAX_DAYS, format(a.errDays, { n: STAFF_MAX_DAYS })),
});
export type StaffAdInput = z.output<typeof StaffAdSchema>;

export const RejectSchema = z.object({
  reason: z
    .string({ error: format(a.errReason, { n: REASON_MAX }) })
    .trim()
    .min(1, format(a.errReason, { n: REASON_MAX }))
    .max(REASON_MAX, format(a.errReason, { n: REASON_MAX })),
});

/** Why staff stopped an ad: optional, shown to the member who booked it (我的广告). */
export const StopSchema = z.object({
  reason: z
    .string()
    .trim()
    .max(REASON_MAX, format(a.errReason, { n: REASON_MAX }))
    .default(''),
});

export const PositionSchema = z.object({
  code: z
    .string({ error: a.errCode })
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,31}$/, a.errCode),
  name: z
    .string({ error: format(a.errName, { n: 32 }) })
    .trim()
    .min(1, format(a.errName, { n: 32 }))
    .max(32, format(a.errName, { n: 32 })),
  description: z
    .string()
    .trim()
    .max(200, format(a.errDescription, { n: 200 }))
    .default(''),
  width: intField(1, SIZE_MAX, format(a.errSize, { n: SIZE_MAX })),
  height: intField(1, SIZE_MAX, format(a.errSize, { n: SIZE_MAX })),
  kind: z.enum(AD_KINDS, { error: a.errKind }),
  pricePerDay: intField(0, PRICE_MAX, format(a.errPrice, { n: PRICE_MAX })),
  capacity: intField(1, CAPACITY_MAX, format(a.errCapacity, { n: CAPACITY_MAX })),
  active: z.literal('1').optional(),
  sortOrder: intField(0, 9999, a.errSort).default(0),
});
export type PositionInput = z.output<typeof PositionSchema>;
