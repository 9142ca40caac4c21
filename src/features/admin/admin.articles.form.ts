import type { FormErrors } from '../../platform/html/forms.tsx';
import { check } from '../../platform/validation.ts';
import { ArticlePatchSchema, type ArticleDetail } from '../articles/index.ts';
import { fromChinaLocal, intOf, isSafeUrl, s, toChinaLocal, topLevel } from './admin.shared.tsx';
import { splitTags } from '../submissions/index.ts';

/** Statuses an editor may set from the edit form (deleting is its own, confirmed action). */
export const EDITABLE_STATUSES = ['draft', 'pending', 'published', 'rejected'] as const;

/** Statuses of a new article written in the console (a future 发布时间 schedules a published one). */
export const NEW_STATUSES = ['draft', 'published'] as const;

/** The list's 状态 filter: the editable statuses, 定时发布 (published, time still ahead) and the 回收站. */
export const FILTER_STATUSES = [...EDITABLE_STATUSES, 'scheduled', 'deleted'] as const;

/** The edit form's values, as strings, exactly as typed (re-shown when validation fails). */
export interface ArticleFormValues {
  title: string;
  subtitle: string;
  /** Username of the author (the new-article form only; empty = the staff member writing it). */
  author: string;
  summary: string;
  body: string;
  category: string;
  tags: string;
  cover: string;
  source: string;
  sourceUrl: string;
  original: boolean;
  recommendLevel: string;
  verified: boolean;
  status: string;
  publishedAt: string;
  /** SEO 关键词 and 描述 (empty: the tags and the summary), 允许评论, 跳转链接. */
  keywords: string;
  description: string;
  allowComments: boolean;
  redirectUrl: string;
  /**
   * The posted form carried those four fields (the hidden `extrasShown`): a form without them, e.g. the
   * copy check's 仍然发布 form, leaves them as they are (`keepExtras`).
   */
  extrasSent?: boolean;
}

export function valuesFromArticle(a: ArticleDetail): ArticleFormValues {
  return {
    title: a.title,
    subtitle: a.subtitle,
    author: a.author.username,
    summary: a.summary,
    body: a.body,
    category: a.category.slug,
    tags: a.tags.join(', '),
    cover: a.cover,
    source: a.source,
    sourceUrl: a.sourceUrl,
    original: a.original,
    recommendLevel: String(a.recommendLevel),
    verified: a.verified,
    status: a.status,
    publishedAt: toChinaLocal(a.publishedAt),
    keywords: a.keywords,
    description: a.description,
    allowComments: a.allowComments,
    redirectUrl: a.redirectUrl,
  };
}

export function valuesFromForm(f: Record<string, string>): ArticleFormValues {
  const str = (k: string) => f[k] ?? '';
  return {
    title: str('title'),
    subtitle: str('subtitle'),
    author: str('author').trim(),
    summary: str('summary'),
    body: str('body'),
    category: str('category'),
    tags: str('tags'),
    cover: str('cover').trim(),
    source: str('source'),
    sourceUrl: str('sourceUrl').trim(),
    original: f.original === '1',
    recommendLevel: str('recommendLevel'),
    verified: f.verified === '1',
    status: str('status'),
    publishedAt: str('publishedAt'),
    keywords: str('keywords'),
    description: str('description'),
    // An unticked box is sent as nothing: it reads as closed only on a form that showed it.
    allowComments: f.extrasShown === '1' ? f.allowComments === '1' : true,
    redirectUrl: str('redirectUrl').trim(),
    extrasSent: f.extrasShown === '1',
  };
}

/** `v` with the article's own SEO 关键词/描述, 允许评论 and 跳转链接 when the posted form did not carry them. */
export function keepExtras(v: ArticleFormValues, a: ArticleDetail): ArticleFormValues {
  if (v.extrasSent) return v;
  return { ...v, keywords: a.keywords, description: a.description, allowComments: a.allowComments, redirectUrl: a.redirectUrl };
}

/** Tags as the member form and the review page read them (commas, not spaces: a tag may hold a space). */
export { splitTags };

/**
 * The patch `articles.update` takes, or every problem found (the form's own checks and the article
 * schema's, together, so the editor sees them all at once).
 */
export function patchFromValues(
  v: ArticleFormValues,
  current: { publishedAt: string | null },
  statuses: readonly string[] = EDITABLE_STATUSES,
): { ok: true; patch: Record<string, unknown> } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const level = intOf(v.recommendLevel);
  if (level === undefined || level < 0 || level > 3) errors.recommendLevel = s.e.level;
  if (!statuses.includes(v.status)) errors.status = statuses === EDITABLE_STATUSES ? s.e.status : s.e.newStatus;
  let publishedAt: string | undefined;
  // An untouched time field keeps the stored instant (the form shows it to the minute only).
  if (v.publishedAt.trim() && v.publishedAt.trim() !== toChinaLocal(current.publishedAt)) {
    publishedAt = fromChinaLocal(v.publishedAt);
    if (!publishedAt) errors.publishedAt = s.e.publishedAt;
  }
  if (!isSafeUrl(v.cover)) errors.cover = s.e.url;
  if (!isSafeUrl(v.sourceUrl)) errors.sourceUrl = s.e.url;
  const patch: Record<string, unknown> = {
    title: v.title,
    subtitle: v.subtitle,
    summary: v.summary,
    body: v.body,
    category: v.category,
    tags: splitTags(v.tags),
    cover: v.cover,
    source: v.source,
    sourceUrl: v.sourceUrl,
    original: v.original,
    verified: v.verified,
    keywords: v.keywords,
    description: v.description,
    allowComments: v.allowComments,
    redirectUrl: v.redirectUrl,
    ...(level !== undefined && !errors.recommendLevel ? { recommendLevel: level } : {}),
    ...(!errors.status ? { status: v.status } : {}),
    ...(publishedAt ? { publishedAt } : {}),
  };
  const schema = check(ArticlePatchSchema, patch);
  if (!schema.ok) Object.assign(errors, { ...topLevel(schema.fields), ...errors });
  if (!v.category) errors.category = s.e.required;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, patch };
}

/** Names of the fields whose value an update changed (for the audit entry). */
export function changedFields(before: ArticleFormValues, after: ArticleFormValues): string[] {
  return (Object.keys(before) as Array<keyof ArticleFormValues>).filter((k) => before[k] !== after[k]);
}
