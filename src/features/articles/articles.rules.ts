import { ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { htmlToText, sanitizeRichText } from '../../platform/html/sanitize.ts';
import type { Categories, Category } from '../categories/index.ts';

export const AUTHOR_RE = /^[A-Za-z0-9_\u4e00-\u9fa5]{2,32}$/;

/**
 * The rules a schema cannot express, shared by every write path (service, import): the category must
 * exist, a picture pick needs a cover, the author name must be valid, and the sanitized body must not be
 * empty. All problems are reported together. Returns the category and the sanitized body when given.
 */
export async function checkArticleRules(
  categories: Categories,
  input: { category?: string; author?: string; cover?: string; recommendLevel?: number; body?: string },
  current?: { recommendLevel: number; cover: string },
): Promise<{ category: Category | undefined; body: string | undefined }> {
  const fields: FieldErrors = {};
  let category: Category | undefined;
  if (input.category !== undefined) {
    category = await categories.bySlug(input.category);
    if (!category) fields.category = '栏目不存在';
  }
  const level = input.recommendLevel ?? current?.recommendLevel ?? 0;
  const cover = input.cover ?? current?.cover ?? '';
  if (level === 2 && !cover) fields.recommendLevel = '推荐图文需要封面图片';
  if (input.author !== undefined && !AUTHOR_RE.test(input.author)) fields.author = '用户名为2到32位字母、数字、下划线或汉字';
  const body = input.body !== undefined ? sanitizeRichText(input.body) : undefined;
  // Markup alone (`<p></p>`) is empty too; a body that is only a picture is not.
  if (body !== undefined && !htmlToText(body).trim() && !/<img\b/i.test(body)) fields.body = '正文不能为空';
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return { category, body };
}
