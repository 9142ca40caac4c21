import { z } from 'zod';
import { ArticleInputSchema, ArticlePatchSchema, INPUT_STATUSES } from '../articles/index.ts';
import { PageInputSchema, PagePatchSchema } from '../pages/index.ts';
import { SettingsPatchSchema, SettingsSchema } from '../settings/index.ts';
import { t } from '../../strings/index.ts';

/**
 * Shapes the API adds on top of the features' own schemas: outputs, list queries and category input
 * (the categories service takes a typed object, so the edge parses it). Each one also feeds the
 * OpenAPI document, so what is validated and what is documented are the same thing.
 */
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const slug = z.string().regex(SLUG, t.errors.slugFormat);

/** Statuses the API lists; deleted articles do not exist as far as the API is concerned. */
export const LISTED_STATUSES = INPUT_STATUSES;

/** A query parameter that is a plain decimal integer (not `0x10`, `1e1`, ` 5` or `5.0`) within [min, max]. */
function decimalParam(min: number, max: number, message: string, tooBig = message) {
  return z
    .string({ message })
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, tooBig));
}

export const ArticleListQuerySchema = z.object({
  status: z.enum(LISTED_STATUSES, { message: t.errors.api.statusFilter }).default('published'),
  category: slug.optional().describe('category slug; its subcategories are included'),
  page: decimalParam(1, 100_000, t.errors.api.pageNumber, t.errors.api.pageTooLarge).default(1),
  perPage: decimalParam(1, 100, t.errors.api.perPage).default(20),
});

/**
 * Output fields a client may send back unchanged (a fetched record edited and sent with PUT): accepted
 * and ignored on input. The OpenAPI input schemas list them as `readOnly`.
 */
export const READ_ONLY_FIELDS = {
  article: {
    id: z.number().int().describe('read-only; ignored on input'),
    url: z.string().describe('read-only; ignored on input'),
    mobileUrl: z.string().describe('read-only; ignored on input'),
    originalClaimed: z
      .boolean()
      .describe('read-only; ignored on input, except that `false` with `original: false` withdraws a claim the originality check flagged'),
  },
  category: { url: z.string().describe('read-only; ignored on input') },
  page: { updatedAt: z.string().describe('read-only; ignored on input') },
} satisfies Record<string, Record<string, z.ZodType>>;

/** The body without the read-only fields of `kind` (whatever their values). */
export function withoutReadOnlyFields(body: Record<string, unknown>, kind: keyof typeof READ_ONLY_FIELDS): Record<string, unknown> {
  const rest = { ...body };
  for (const k of Object.keys(READ_ONLY_FIELDS[kind])) delete rest[k];
  return rest;
}

/** An input schema as documented: the read-only output fields listed too, optional and `readOnly`. */
function documentedInput(schema: z.ZodObject, kind: keyof typeof READ_ONLY_FIELDS): z.ZodObject {
  const extra = Object.entries(READ_ONLY_FIELDS[kind]).map(([k, t]) => [k, (t as z.ZodType).optional().meta({ readOnly: true })]);
  return schema.extend(Object.fromEntries(extra));
}

export const ArticleJsonSchema = z.object({
  id: z.number().int().min(1),
  ...ArticlePatchSchema.required().shape,
  original: z.boolean().describe('原创 as the page shows it: false while the originality check has flagged the claim and no editor has confirmed it'),
  originalClaimed: z
    .boolean()
    .describe(
      'read-only: the 原创 claim as made by the author or editor, shown or not; sending back original: false for a flagged claim keeps it unless originalClaimed is false too',
    ),
  status: z.enum(LISTED_STATUSES),
  publishedAt: z.string().meta({ format: 'date-time' }).nullable().describe('UTC; null for an unpublished article that never had a date'),
  url: z.url().describe('desktop page, read-only'),
  mobileUrl: z.url().describe('mobile page, read-only'),
  cover: z.string().describe('a picture uploaded to this site (`/uploads/…`), or empty'),
});
export type ArticleJson = z.output<typeof ArticleJsonSchema>;

const categoryFields = {
  slug,
  name: z.string().trim().min(1, t.errors.api.nameBad).max(64, t.errors.api.nameTooLong),
  parent: slug.nullable().describe('parent category slug; null for a top-level category'),
  description: z.string().max(1000, t.errors.api.descriptionTooLong),
  // The console's range: a category exported from any site can be created through the API or imported.
  sortOrder: z.number().int().min(-100_000).max(100_000),
};
export const CategoryInputSchema = z
  .object({
    ...categoryFields,
    parent: categoryFields.parent.default(null),
    description: categoryFields.description.default(''),
    sortOrder: categoryFields.sortOrder.optional().describe('place among siblings, ascending; omitted: after the last sibling (on PUT: kept)'),
  })
  .strict();
export const CategoryPatchSchema = z.object(categoryFields).partial().strict();
export const CategoryJsonSchema = z.object({ ...categoryFields, url: z.url() });
export type CategoryJson = z.output<typeof CategoryJsonSchema>;

export const PageJsonSchema = z.object({
  slug,
  title: z.string(),
  body: z.string(),
  sortOrder: z.number().int(),
  inFooter: z.boolean(),
  updatedAt: z.iso.datetime(),
});

export const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional().describe('bad input field → message') }),
});

const pageFields = {
  total: z.number().int().describe('items in the whole list'),
  page: z.number().int().describe('this page, from 1'),
  pages: z.number().int().describe('number of pages (at least 1)'),
};
const list = (item: z.ZodType) => z.object({ items: z.array(item), ...pageFields, perPage: z.number().int() });
/** A list that is never split into pages (categories, static pages): `page` and `pages` are always 1. */
const wholeList = (item: z.ZodType) => z.object({ items: z.array(item), ...pageFields });

/** The paging fields of a list answer, as every list in the API (and /points, /mall/orders) has them. */
export function listPage<T>(items: T[], total: number, page = 1, perPage = Math.max(1, total)) {
  return { items, total, page, pages: Math.max(1, Math.ceil(total / perPage)) };
}

/** Component schemas of the OpenAPI document: [schema, which side of validation it describes]. */
export const COMPONENTS: Record<string, [z.ZodType, 'input' | 'output']> = {
  ArticleInput: [documentedInput(ArticleInputSchema, 'article'), 'input'],
  ArticlePatch: [documentedInput(ArticlePatchSchema, 'article'), 'input'],
  Article: [ArticleJsonSchema, 'output'],
  ArticleList: [list(ArticleJsonSchema), 'output'],
  CategoryInput: [documentedInput(CategoryInputSchema, 'category'), 'input'],
  CategoryPatch: [documentedInput(CategoryPatchSchema, 'category'), 'input'],
  Category: [CategoryJsonSchema, 'output'],
  CategoryList: [wholeList(CategoryJsonSchema), 'output'],
  PageInput: [documentedInput(PageInputSchema, 'page'), 'input'],
  PagePatch: [documentedInput(PagePatchSchema, 'page'), 'input'],
  Page: [PageJsonSchema, 'output'],
  PageList: [wholeList(PageJsonSchema), 'output'],
  Settings: [SettingsSchema, 'output'],
  SettingsPatch: [SettingsPatchSchema, 'input'],
  Error: [ErrorSchema, 'output'],
};
