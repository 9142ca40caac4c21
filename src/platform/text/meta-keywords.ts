/** A space next to a Chinese (non-ASCII) character separates keywords; one between Latin words may be inside one. */
const CJK_SPACE = /\s+(?=[^\x00-\x7F])|(?<=[^\x00-\x7F])\s+/;
const SEPARATORS = /[,，、;；\n\r\t\u3000]+/;

/**
 * Meta keywords as people type them: separated by commas (, ，), 顿号 (、), semicolons (; ；), line breaks,
 * full-width spaces, or spaces next to Chinese words ("本地 财经"), saved as "a, b" with empty items and
 * repeats dropped. A space between Latin words stays inside the keyword ("New York, 青川") unless the
 * list uses no other separator at all ("news sports weather"). One rule for the site's 首页关键词 and
 * an article's SEO 关键词.
 */
export function normalizeMetaKeywords(raw: string): string {
  const separated = SEPARATORS.test(raw);
  const words = raw
    .split(separated ? SEPARATORS : /\s+/)
    .flatMap((w) => w.split(CJK_SPACE))
    .map((w) => w.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  return [...new Set(words)].join(', ');
}
