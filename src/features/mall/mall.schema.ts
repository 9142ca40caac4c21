import { z } from 'zod';
import { format, t } from '../../strings/index.ts';
import { typedNumber } from '../points/index.ts';

const s = t.mall;

export const ORDER_STATUSES = ['pending', 'shipped', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const NAME_MAX = 60;
export const DESCRIPTION_MAX = 5000;
/** With QUANTITY_MAX, keeps an order total under the ledger's largest posting (100,000,000). */
export const PRICE_MAX = 1_000_000;
export const STOCK_MAX = 1_000_000;
export const LIMIT_MAX = 1000;
/** The most items one order may hold, whatever the gift's limit says. */
export const QUANTITY_MAX = 99;
export const CONTACT_MAX = 30;
export const ADDRESS_MAX = 200;
export const CARRIER_MAX = 30;
export const TRACKING_MAX = 40;
export const REASON_MAX = 200;

/**
 * A whole number typed into a form: digits only (no sign, point, exponent or spaces inside). Full-width
 * digits (１２, what a Chinese input method types) count as digits, as in every points field (`typedNumber`).
 */
function wholeNumber(min: number, max: number, message: string) {
  return z
    .string({ error: message })
    .overwrite(typedNumber)
    .regex(/^\d{1,9}$/, { error: message })
    .transform(Number)
    .pipe(z.number().int({ error: message }).min(min, { error: message }).max(max, { error: message }));
}

/** `2026-12-01T09:00` (a datetime-local field, or with a space / seconds) read as Beijing time → ISO instant. */
export function fromBeijingLocal(v: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim());
  if (!m) return undefined;
  const [y, mo, d, hh, mi, ss] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (hh > 23 || mi > 59 || ss > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, hh, mi, ss) - 8 * 3600_000;
  const back = new Date(ms + 8 * 3600_000);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return new Date(ms).toISOString();
}

/** The stored instant for a datetime-local field (Beijing time). */
export function toBeijingLocal(iso: string | null): string {
  if (!iso) return '';
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

const optionalTime = z
  .string()
  .trim()
  .default('')
  .refine((v) => v === '' || fromBeijingLocal(v) !== undefined, { error: s.errTime })
  .transform((v) => (v === '' ? null : (fromBeijingLocal(v) as string)));

/** The admin's gift form (text fields; the picture arrives separately). */
export const GiftInputSchema = z
  .object({
    name: z
      .string({ error: format(s.errName, { max: NAME_MAX }) })
      .trim()
      .min(1, { error: format(s.errName, { max: NAME_MAX }) })
      .max(NAME_MAX, { error: format(s.errName, { max: NAME_MAX }) }),
    description: z
      .string()
      .trim()
      .max(DESCRIPTION_MAX, { error: format(s.errDescription, { max: DESCRIPTION_MAX }) })
      .default(''),
    price: wholeNumber(1, PRICE_MAX, format(s.errPrice, { max: PRICE_MAX })),
    stock: wholeNumber(0, STOCK_MAX, format(s.errStock, { max: STOCK_MAX })),
    /** The stock shown when the edit form was opened: the change typed in is applied as a difference. */
    stockSeen: z.preprocess((v) => (v === '' ? undefined : v), wholeNumber(0, STOCK_MAX, format(s.errStock, { max: STOCK_MAX })).optional()),
    perMemberLimit: wholeNumber(0, LIMIT_MAX, format(s.errPerMemberLimit, { max: LIMIT_MAX })),
    availableFrom: optionalTime,
    availableUntil: optionalTime,
    groups: z
      .union([z.string(), z.array(z.string())])
      .default([])
      .transform((v) => (Array.isArray(v) ? v : [v]).filter((x) => x !== ''))
      .pipe(
        z
          .array(
            z
              .string()
              .regex(/^[1-9]\d{0,8}$/, { error: s.errGroups })
              .transform(Number),
          )
          .max(50, { error: s.errGroups }),
      ),
    active: z.preprocess((v) => v === true || v === '1' || v === 'on', z.boolean()),
  })
  .superRefine((v, ctx) => {
    if (v.availableFrom && v.availableUntil && v.availableUntil <= v.availableFrom)
      ctx.addIssue({ code: 'custom', path: ['availableUntil'], message: s.errWindow });
  });
export type GiftInput = z.output<typeof GiftInputSchema>;

/** What a member sends to redeem a gift. The limit check against the gift happens in the service. */
export const RedeemInputSchema = z.object({
  quantity: wholeNumber(1, QUANTITY_MAX, format(s.errQuantity, { max: QUANTITY_MAX })),
  contactName: z
    .string({ error: format(s.errContactName, { max: CONTACT_MAX }) })
    .trim()
    .min(1, { error: format(s.errContactName, { max: CONTACT_MAX }) })
    .max(CONTACT_MAX, { error: format(s.errContactName, { max: CONTACT_MAX }) }),
  phone: z
    .string({ error: s.errPhone })
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { error: s.errPhone }),
  address: z
    .string({ error: format(s.errAddress, { max: ADDRESS_MAX }) })
    .trim()
    .min(5, { error: format(s.errAddress, { max: ADDRESS_MAX }) })
    .max(ADDRESS_MAX, { error: format(s.errAddress, { max: ADDRESS_MAX }) }),
  /** The hidden idempotency key the form was rendered with. */
  key: z.string({ error: s.errKey }).regex(/^[A-Za-z0-9-]{8,64}$/, { error: s.errKey }),
});
export type RedeemInput = z.output<typeof RedeemInputSchema>;

export const ShipInputSchema = z.object({
  carrier: z
    .string({ error: format(s.errCarrier, { max: CARRIER_MAX }) })
    .trim()
    .min(1, { error: format(s.errCarrier, { max: CARRIER_MAX }) })
    .max(CARRIER_MAX, { error: format(s.errCarrier, { max: CARRIER_MAX }) }),
  trackingNo: z
    .string({ error: format(s.errTrackingNo, { max: TRACKING_MAX }) })
    .trim()
    .regex(new RegExp(`^[A-Za-z0-9-]{4,${TRACKING_MAX}}$`), { error: format(s.errTrackingNo, { max: TRACKING_MAX }) }),
});

export const CancelInputSchema = z.object({
  reason: z
    .string({ error: format(s.errCancelReason, { max: REASON_MAX }) })
    .trim()
    .min(1, { error: format(s.errCancelReason, { max: REASON_MAX }) })
    .max(REASON_MAX, { error: format(s.errCancelReason, { max: REASON_MAX }) }),
});
