import { urls, type ArticleDetail, type ArticleRecord } from '../articles/index.ts';
import { withoutReadOnlyFields, type ArticleJson } from './api.schemas.ts';

/**
 * The one external shape of an article (API responses and `zixun export` lines). `cover` stays as
 * stored (a site path or URL) so that it can be sent back; `url`/`mobileUrl` are absolute.
 */
export function articleJson(a: ArticleRecord, origin: string): ArticleJson {
  return {
    id: a.id,
    title: a.title,
    subtitle: a.subtitle,
    summary: a.summary,
    body: a.body,
    category: a.categorySlug,
    tags: [...a.tags].sort(),
    author: a.authorName,
    source: a.source,
    sourceUrl: a.sourceUrl,
    // What the page shows: a 原创 claim flagged by the originality check is hidden until an editor confirms it.
    original: a.original && !a.originalFlagged,
    originalClaimed: a.original,
    status: a.status as ArticleJson['status'],
    recommendLevel: a.recommendLevel,
    verified: a.verified,
    publishedAt: a.publishedAt,
    cover: a.cover,
    keywords: a.keywords,
    description: a.description,
    allowComments: a.allowComments,
    redirectUrl: a.redirectUrl,
    url: origin + urls.article(a.id),
    mobileUrl: origin + urls.mobileArticle(a.id),
  };
}

export function recordOf(d: ArticleDetail): ArticleRecord {
  return { ...d, authorName: d.author.username, categorySlug: d.category.slug, tags: d.tags };
}

/**
 * A request body without the read-only fields, `author` trimmed. With `current` (PATCH, PUT), an article sent back as the
 * API reported it keeps a hidden claim: `original: false` for an article whose claim is flagged leaves
 * the claim as it is, unless the body also says `originalClaimed: false` (the claim is withdrawn).
 */
export function withoutReadOnly(body: Record<string, unknown>, current?: ArticleRecord): Record<string, unknown> {
  const rest = withoutReadOnlyFields(body, 'article');
  // A username copied with a stray space ("newwriter01 ") names the same member.
  if (typeof rest.author === 'string') rest.author = rest.author.trim();
  if (current?.original && current.originalFlagged && rest.original === false && body.originalClaimed !== false) rest.original = true;
  return rest;
}
