import { z } from 'zod';
import { format, t } from '../../strings/index.ts';
import { typedNumber } from '../points/index.ts';

const s = t.tips;

/** What an admin configures. `sharePercent` of each tip (rounded down) goes to the author, the rest to the site. */
export interface TipSettings {
  presets: number[];
  sharePercent: number;
  minAmount: number;
  maxAmount: number;
}

export const DEFAULT_TIP_SETTINGS: TipSettings = { presets: [10, 50, 100, 500], sharePercent: 80, minAmount: 1, maxAmount: 10_000 };

/** The hard ceiling of any amount: far below 2^31 so sums of many tips stay exact integers everywhere. */
export const AMOUNT_CEILING = 1_000_000;
export const MESSAGE_MAX = 100;
const MAX_PRESETS = 8;

/**
 * The author's and the site's parts of a tip. The author gets floor(amount × share%), the site gets the
 * remainder, so the two always add up to the amount (e.g. 1 point at 80% → author 0, site 1).
 */
export function splitTip(amount: number, sharePercent: number): { author: number; site: number } {
  const author = Math.floor((amount * sharePercent) / 100);
  return { author, site: amount - author };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A tip amount from a form field (string) or JSON (number). Full-width digits are accepted; signs,
 * fractions, exponents and anything else are refused with a message that says what is wrong.
 */
export function parseAmount(raw: unknown, st: TipSettings): Parsed<number> {
  let n: number;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { ok: false, message: s.errAmountNotNumber };
    n = raw;
  } else if (typeof raw === 'string') {
    const v = typedNumber(raw);
    if (v === '') return { ok: false, message: s.errAmountRequired };
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v)) return { ok: false, message: s.errAmountNotNumber };
    n = Number(v);
  } else if (raw === undefined || raw === null) {
    return { ok: false, message: s.errAmountRequired };
  } else {
    return { ok: false, message: s.errAmountNotNumber };
  }
  if (!Number.isInteger(n)) return { ok: false, message: s.errAmountNotInteger };
  if (n <= 0) return { ok: false, message: s.errAmountNotPositive };
  if (n < st.minAmount) return { ok: false, message: format(s.errAmountMin, { min: st.minAmount }) };
  if (n > st.maxAmount) return { ok: false, message: format(s.errAmountMax, { max: st.maxAmount }) };
  return { ok: true, value: n };
}

/** The optional message: plain text on one line (control characters dropped, spaces collapsed), ≤ 100 characters. */
export function parseMessage(raw: unknown): Parsed<string> {
  if (raw === undefined || raw === null) return { ok: true, value: '' };
  if (typeof raw !== 'string') return { ok: false, message: format(s.errMessageLong, { max: MESSAGE_MAX }) };
  // eslint-disable-next-line no-control-regex
  const v = raw
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if ([...v].length > MESSAGE_MAX) return { ok: false, message: format(s.errMessageLong, { max: MESSAGE_MAX }) };
  return { ok: true, value: v };
}

/** Checkbox or JSON boolean. */
export function parseFlag(raw: unknown): boolean {
  return raw === true || raw === '1' || raw === 'on' || raw === 'true';
}

/** A form's idempotency key (a UUID from the page); anything else counts as absent. */
export function parseFormKey(raw: unknown): string | undefined {
  return typeof raw === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(raw) ? raw : undefined;
}

/** An integer in [min, max] from a form string or a stored number; anything else is `msg`. */
function intIn(v: unknown, min: number, max: number): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,7}$/.test(v.normalize('NFKC').trim()) ? Number(v.normalize('NFKC').trim()) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

const int = (msg: string, min: number, max: number) =>
  z.unknown().transform((v, ctx) => {
    const n = intIn(v, min, max);
    if (n === undefined) {
      ctx.addIssue({ code: 'custom', message: msg });
      return z.NEVER;
    }
    return n;
  });

/** The admin form (strings) or a stored row (numbers): presets as "10,50,100" (，、 and spaces work too) or an array. */
export const TipSettingsSchema = z
  .object({
    presets: z.unknown().transform((v, ctx) => {
      const parts: unknown[] | undefined =
        typeof v === 'string'
          ? v
              .normalize('NFKC')
              .split(/[,，、\s]+/)
              .filter(Boolean)
          : Array.isArray(v)
            ? v
            : undefined;
      const nums = parts?.map((p) => intIn(p, 1, AMOUNT_CEILING));
      if (!nums || nums.length < 1 || nums.length > MAX_PRESETS || nums.some((n) => n === undefined)) {
        ctx.addIssue({ code: 'custom', message: s.errPresets });
        return z.NEVER;
      }
      return nums as number[];
    }),
    sharePercent: int(s.errShare, 0, 100),
    minAmount: int(s.errMin, 1, AMOUNT_CEILING),
    maxAmount: int(s.errMax, 1, AMOUNT_CEILING),
  })
  .superRefine((v, ctx) => {
    if (v.maxAmount < v.minAmount) ctx.addIssue({ code: 'custom', path: ['maxAmount'], message: s.errMinMax });
    else if (v.presets.some((p) => p < v.minAmount || p > v.maxAmount)) ctx.addIssue({ code: 'custom', path: ['presets'], message: s.errPresetRange });
  })
  .transform((v): TipSettings => ({ ...v, presets: [...new Set(v.presets)].sort((a, b) => a - b) }));
