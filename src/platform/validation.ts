import { z } from 'zod';
import { ValidationError, type FieldErrors } from './errors.ts';
import { t } from '../strings/index.ts';

const zhCN = z.locales.zhCN().localeError;

/** zod's own messages in Chinese (a schema's custom message still wins), with a plain one for absent fields. */
export const zhError = (iss: Parameters<typeof zhCN>[0]) => (iss.code === 'invalid_type' && iss.input === undefined ? t.http.required : zhCN(iss));

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
