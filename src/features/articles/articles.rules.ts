import type { z } from 'zod';
import { ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { htmlToText, sanitizeRichText } from '../../platform/html/sanitize.ts';
import { t } from '../../strings/index.ts';
import { fieldErrors, zhError } from '../../platform/validation.ts';
import type { Categories, Category } from '../categories/index.ts';

export const AUTHOR_RE = /^[A-Za-z0-9_\u4e00-\u9fa5]{2,32}$/;

/**
 * The rules a schema cannot express, shared by every write path (service, import): the category must
 * exist, a picture pick needs a cover, the author name must be valid, and the sanitized body must not be
 * empty. All problems are reported together. Returns the category and the sanitized body when given.
 */
export async function checkArticleRules(
  categories: Categories,
  input: RuleInput,
  current?: { recommendLevel: number; cover: string },
): Promise<{ category: Category | undefined; body: string | undefined }> {
  const { fields, category, body } = await ruleProblems(categories, input, current);
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return { category, body };
}

type RuleInput = { category?: string; author?: string; cover?: string; recommendLevel?: number; body?: string };

async function ruleProblems(
  categories: Categories,
  input: RuleInput,
  current?: { recommendLevel: number; cover: string },
): Promise<{ fields: FieldErrors; category: Category | undefined; body: string | undefined }> {
  const fields: FieldErrors = {};
  let category: Category | undefined;
  if (input.category !== undefined) {
    category = await categories.bySlug(input.category);
    if (!category) fields.category = t.errors.categoryNotFound;
  }
  const level = input.recommendLevel ?? current?.recommendLevel ?? 0;
  const cover = input.cover ?? current?.cover ?? '';
  if (level === 2 && !cover) fields.recommendLevel = t.errors.article.picturePickNeedsCover;
  if (input.author !== undefined && !AUTHOR_RE.test(input.author)) fields.author = t.errors.article.authorFormat;
  const body = input.body !== undefined ? sanitizeRichText(input.body) : undefined;
  // Markup alone (`<p></p>`) is empty too; a body that is only a picture is not.
  if (body !== undefined && !htmlToText(body).trim() && !/<img\b/i.test(body)) fields.body = t.errors.bodyEmpty;
  return { fields, category, body };
}

/**
 * Parses an article body with `schema` (the input or the patch schema). When the schema refuses it, the
 * rules are checked too, on the fields that have the right type, so one answer names every bad field
 * (a bad `category` is not reported only once everything else is fixed). On success the rules are left
 * to the write path (`checkArticleRules`), which runs them once.
 */
export async function parseArticleFields<S extends z.ZodType>(
  categories: Categories,
  schema: S,
  raw: unknown,
  current?: { recommendLevel: number; cover: string },
): Promise<z.output<S>> {
  const r = schema.safeParse(raw, { error: zhError });
  if (r.success) return r.data;
  const fields = fieldErrors(r.error);
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' && !fields[k] ? (o[k] as string) : undefined);
  const level = typeof o.recommendLevel === 'number' && !fields.recommendLevel ? o.recommendLevel : undefined;
  const input: RuleInput = {};
  for (const k of ['category', 'author', 'cover', 'body'] as const) if (str(k) !== undefined) input[k] = str(k);
  if (level !== undefined) input.recommendLevel = level;
  // A picture pick is judged only with a cover that is itself valid (or absent).
  const rules = (await ruleProblems(categories, input, fields.cover ? undefined : current)).fields;
  if (fields.cover) delete rules.recommendLevel;
  for (const [k, message] of Object.entries(rules)) fields[k] ??= message;
  throw new ValidationError(fields);
}
