import { z } from 'zod';
import { format, t } from '../../strings/index.ts';
import { typedNumber } from '../points/index.ts';

const s = t.promotion;

/** `released`: refunded because its article left the site (taken down, unpublished, deleted). */
export const BID_STATUSES = ['held', 'won', 'lost', 'cancelled', 'withdrawn', 'released'] as const;
export type BidStatus = (typeof BID_STATUSES)[number];

export const KEYWORD_MAX = 20;
export const FLOOR_MAX = 1_000_000;
export const SLOTS_MAX = 10;
/** The largest bid accepted (points): anything above is a typo or an attack, not a bid. */
export const AMOUNT_MAX = 10_000_000;

/** A whole, positive number of points typed into a form: digits only (full-width ones too, as everywhere: `typedNumber`), so `-5`, `1.5`, `1e3` and `abc` are refused. */
function points(messages: { invalid: string; max: string }, max: number) {
  return z
    .string({ error: messages.invalid })
    .overwrite(typedNumber)
    .regex(/^\d{1,12}$/, messages.invalid)
    .transform(Number)
    .refine((n) => n >= 1, messages.invalid)
    .refine((n) => n <= max, messages.max);
}

export const KeywordFormSchema = z.object({
  keyword: z
    .string({ error: s.errKeyword })
    .trim()
    .min(1, s.errKeyword)
    .max(KEYWORD_MAX, format(s.errKeywordLong, { n: KEYWORD_MAX }))
    .refine((v) => !/[\p{Cc}\p{Cf}]/u.test(v), s.errKeyword),
  floorPrice: points({ invalid: s.errFloor, max: format(s.errFloorMax, { n: FLOOR_MAX }) }, FLOOR_MAX),
  slots: points({ invalid: format(s.errSlots, { n: SLOTS_MAX }), max: format(s.errSlots, { n: SLOTS_MAX }) }, SLOTS_MAX),
  active: z.literal('1').optional(),
  /** Optional category whose list page the winners also top; empty = search only. */
  category: z
    .string()
    .regex(/^(|[1-9]\d{0,9})$/, s.errCategory)
    .optional()
    .transform((v) => (v ? Number(v) : null)),
});
export type KeywordForm = z.output<typeof KeywordFormSchema>;

const id = (message: string) =>
  z
    .string({ error: message })
    .regex(/^[1-9]\d{0,9}$/, message)
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, message);

export const BidFormSchema = z.object({
  keyword: id(s.errKeywordPick),
  period: z.string({ error: s.errPeriod }).regex(/^\d{4}-\d{2}$/, s.errPeriod),
  article: id(s.errArticlePick),
  amount: points({ invalid: s.errAmount, max: format(s.errAmountMax, { n: AMOUNT_MAX }) }, AMOUNT_MAX),
});
export type BidForm = z.output<typeof BidFormSchema>;
