import { z } from 'zod';

export const STATUSES = ['draft', 'pending', 'published', 'rejected', 'deleted'] as const;
export type ArticleStatus = (typeof STATUSES)[number];

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}/.test(s), { message: '日期必须是 ISO 8601 格式' });
const url = z
  .string()
  .max(500)
  .refine((s) => s === '' || /^(https?:\/\/|\/)[^\s]*$/.test(s), { message: '必须是 http(s) 网址或站内路径' });

const fields = {
  title: z.string().trim().min(1, '标题不能为空').max(200, '标题不超过200个字符'),
  subtitle: z.string().trim().max(200, '副标题不超过200个字符'),
  summary: z.string().trim().max(500, '核心提示不超过500个字符'),
  body: z.string().min(1, '正文不能为空').max(500_000, '正文过长'),
  category: z.string().min(1, '请选择栏目'),
  tags: z.array(z.string().trim().min(1, '标签不能为空').max(32, '标签不超过32个字符')).max(20, '标签最多20个'),
  author: z.string().min(2, '作者用户名至少2个字符').max(32, '作者用户名不超过32个字符'),
  source: z.string().trim().max(100, '来源不超过100个字符'),
  sourceUrl: url,
  original: z.boolean(),
  status: z.enum(STATUSES),
  recommendLevel: z.number().int().min(0).max(3),
  verified: z.boolean(),
  publishedAt: isoDate,
  cover: url,
};

/** An article as the API and import accept it. `author` is a username, created as a member if new. */
export const ArticleInputSchema = z
  .object({
    ...fields,
    subtitle: fields.subtitle.default(''),
    summary: fields.summary.default(''),
    tags: fields.tags.default([]),
    source: fields.source.default(''),
    sourceUrl: fields.sourceUrl.default(''),
    original: fields.original.default(false),
    status: fields.status.default('published'),
    recommendLevel: fields.recommendLevel.default(0),
    verified: fields.verified.default(false),
    publishedAt: fields.publishedAt.optional(),
    cover: fields.cover.default(''),
  })
  .strict();

export type ArticleInput = z.infer<typeof ArticleInputSchema>;
/** A partial update: absent fields keep their value (no defaults here). */
export const ArticlePatchSchema = z.object(fields).partial().strict();
export type ArticlePatch = z.infer<typeof ArticlePatchSchema>;
