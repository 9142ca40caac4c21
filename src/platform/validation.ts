import { z } from 'zod';
import { ValidationError, type FieldErrors } from './errors.ts';
import { format, t } from '../strings/index.ts';

type Issue = Parameters<NonNullable<z.core.$ZodErrorMap>>[0];

const TYPES: Record<string, string> = t.http.zodTypes;

/** zod's name for the JavaScript type of a value (`array`, `null` and `nan` apart from `object` and `number`). */
function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && Number.isNaN(v)) return 'nan';
  if (v instanceof Date) return 'date';
  return typeof v;
}

const typeName = (type: string) => TYPES[type] ?? type;
const valueText = (v: unknown) => (typeof v === 'string' ? v : String(v));
const SIZED_LIST = new Set(['array', 'set', 'map', 'file']);

/**
 * zod's own messages in plain Chinese, with no type names, operators or regular expressions in them
 * (zod's zh-CN locale says "期望 string，实际接收 数字"). A schema's custom message still wins.
 */
function chineseMessage(iss: Issue): string {
  const h = t.http;
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return h.required;
      return format(h.zodType, { expected: typeName(iss.expected), received: typeName(typeOf(iss.input)) });
    case 'invalid_value':
      // Nothing chosen (no radio ticked, no decision button pressed): ask for a choice, not the codes behind it.
      if ((iss.input === undefined || iss.input === '') && iss.values.length > 1) return h.zodChoose;
      if (iss.values.length === 1) return format(h.zodExactly, { value: valueText(iss.values[0]) });
      return format(h.zodOneOf, { values: iss.values.map(valueText).join('、') });
    case 'too_big': {
      const n = String(iss.maximum);
      if (iss.origin === 'string') return format(h.zodTooLongText, { n });
      if (SIZED_LIST.has(iss.origin)) return format(h.zodTooLongList, { n });
      return format(iss.inclusive === false ? h.zodTooBigExclusive : h.zodTooBig, { n });
    }
    case 'too_small': {
      const n = String(iss.minimum);
      if (iss.origin === 'string') return Number(iss.minimum) <= 1 ? h.zodEmptyText : format(h.zodTooShortText, { n });
      if (SIZED_LIST.has(iss.origin)) return format(h.zodTooShortList, { n });
      return format(iss.inclusive === false ? h.zodTooSmallExclusive : h.zodTooSmall, { n });
    }
    case 'invalid_format':
      if (iss.format === 'starts_with' && 'prefix' in iss) return format(h.zodStartsWith, { s: String(iss.prefix) });
      if (iss.format === 'ends_with' && 'suffix' in iss) return format(h.zodEndsWith, { s: String(iss.suffix) });
      if (iss.format === 'includes' && 'includes' in iss) return format(h.zodIncludes, { s: String(iss.includes) });
      if (iss.format === 'email') return h.zodEmail;
      if (iss.format === 'url') return h.zodUrl;
      if (iss.format === 'datetime') return h.zodDateTime;
      if (iss.format === 'date') return h.zodDate;
      return h.zodFormat;
    case 'not_multiple_of':
      return format(h.zodMultipleOf, { n: String(iss.divisor) });
    case 'unrecognized_keys':
      return h.unknownField;
    default:
      return h.zodInvalid;
  }
}

/** The error map every parse at the edge uses: zod's messages in Chinese, a plain one for absent fields. */
export const zhError = (iss: Issue): string => chineseMessage(iss);

/** One message per bad field, keyed by its dotted path; unknown keys are named one by one. */
export function fieldErrors(err: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const i of err.issues) {
    const at = i.path.join('.');
    if (i.code === 'unrecognized_keys') for (const k of i.keys) out[at ? `${at}.${k}` : k] ??= t.http.unknownField;
    else out[at || '_'] ??= i.message;
  }
  return out;
}

/** Parse with a zod schema; a failure becomes a ValidationError (422) naming each bad field, in Chinese. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value, { error: zhError });
  if (!r.success) throw new ValidationError(fieldErrors(r.error));
  return r.data;
}

/** safeParse with Chinese messages and field errors instead of a ZodError. */
export function check<S extends z.ZodType>(schema: S, value: unknown): { ok: true; data: z.output<S> } | { ok: false; fields: FieldErrors } {
  const r = schema.safeParse(value, { error: zhError });
  return r.success ? { ok: true, data: r.data } : { ok: false, fields: fieldErrors(r.error) };
}
