import { z } from 'zod';
import { ArticleInputSchema, ArticlePatchSchema, STATUSES } from '../articles/index.ts';
import { PageInputSchema, PagePatchSchema } from '../pages/index.ts';
import { SettingsPatchSchema, SettingsSchema } from '../settings/index.ts';

/**
 * Shapes the API adds on top of the features' own schemas: outputs, list queries and category input
 * (the categories service takes a typed object, so the edge parses it). Each one also feeds the
 * OpenAPI document, so what is validated and what is documented are the same thing.
 */
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const slug = z.string().regex(SLUG, '别名只能包含小写字母、数字和连字符');

/** Statuses the API lists; deleted articles do not exist as far as the API is concerned. */
export const LISTED_STATUSES = STATUSES.filter((s) => s !== 'deleted') as Exclude<(typeof STATUSES)[number], 'deleted'>[];

export const ArticleListQuerySchema = z.object({
  status: z
    .enum(LISTED_STATUSES as ['draft', 'pending', 'published', 'rejected'], { message: '状态必须是 draft、pending、published 或 rejected' })
    .default('published'),
  category: slug.optional().describe('category slug; its subcategories are included'),
  page: z.coerce.number({ message: '页码必须是正整数' }).int('页码必须是正整数').min(1, '页码必须是正整数').max(100_000, '页码过大').default(1),
  perPage: z.coerce
    .number({ message: '每页数量必须是1到100的整数' })
    .int('每页数量必须是1到100的整数')
    .min(1, '每页数量必须是1到100的整数')
    .max(100, '每页数量必须是1到100的整数')
    .default(20),
});

export const ArticleJsonSchema = z.object({
  id: z.number().int().min(1),
  ...ArticlePatchSchema.required().shape,
  original: z.boolean().describe('原创 as the page shows it: false while the originality check has flagged the claim and no editor has confirmed it'),
  originalClaimed: z
    .boolean()
    .describe(
      'read-only: the 原创 claim as made by the author or editor, shown or not; sending back original: false for a flagged claim keeps it unless originalClaimed is false too',
    ),
  status: z.enum(LISTED_STATUSES as ['draft', 'pending', 'published', 'rejected']),
  publishedAt: z.string().meta({ format: 'date-time' }).nullable().describe('UTC; null for an unpublished article that never had a date'),
  url: z.url().describe('desktop page, read-only'),
  mobileUrl: z.url().describe('mobile page, read-only'),
});
export type ArticleJson = z.output<typeof ArticleJsonSchema>;

const categoryFields = {
  slug,
  name: z.string().trim().min(1, '名称不能为空').max(64, '名称不超过64个字符'),
  parent: slug.nullable().describe('parent category slug; null for a top-level category'),
  description: z.string().max(1000, '说明不超过1000个字符'),
  sortOrder: z.number().int().min(-1000).max(1000),
};
export const CategoryInputSchema = z
  .object({
    ...categoryFields,
    parent: categoryFields.parent.default(null),
    description: categoryFields.description.default(''),
    sortOrder: categoryFields.sortOrder.default(0),
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

const list = (item: z.ZodType) => z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), perPage: z.number().int() });

/** Component schemas of the OpenAPI document: [schema, which side of validation it describes]. */
export const COMPONENTS: Record<string, [z.ZodType, 'input' | 'output']> = {
  ArticleInput: [ArticleInputSchema, 'input'],
  ArticlePatch: [ArticlePatchSchema, 'input'],
  Article: [ArticleJsonSchema, 'output'],
  ArticleList: [list(ArticleJsonSchema), 'output'],
  CategoryInput: [CategoryInputSchema, 'input'],
  CategoryPatch: [CategoryPatchSchema, 'input'],
  Category: [CategoryJsonSchema, 'output'],
  CategoryList: [z.object({ items: z.array(CategoryJsonSchema) }), 'output'],
  PageInput: [PageInputSchema, 'input'],
  PagePatch: [PagePatchSchema, 'input'],
  Page: [PageJsonSchema, 'output'],
  PageList: [z.object({ items: z.array(PageJsonSchema) }), 'output'],
  Settings: [SettingsSchema, 'output'],
  SettingsPatch: [SettingsPatchSchema, 'input'],
  Error: [ErrorSchema, 'output'],
};
