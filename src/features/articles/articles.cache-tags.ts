import type { Article } from './articles.model.ts';

/**
 * The cache tags a change to an article touches. Pages and fragments declare the same tags when they
 * render, so purging these drops exactly what shows the article.
 *
 *   article:ID        its desktop/mobile pages and pages linking to it as previous/next
 *   listing:ID        blocks that list it by title without other purge tags (点击排行); unlike article:ID,
 *                     not sent by a tip or a comment, which change only the article's own counts
 *   category:ID       lists and blocks of that category (and its ancestors; the caller expands)
 *   tag:NAME          tag pages and related-article blocks built from that tag
 *   author:ID         the author's page
 *   list:latest       home, latest-article blocks, feeds, sitemaps
 *   list:recommended / list:pictures / list:headlines   the recommend blocks
 */
export function articleCacheTags(a: Pick<Article, 'id' | 'categoryId' | 'authorId' | 'recommendLevel'>, tagNames: string[], categoryChain: number[]): string[] {
  const tags = [
    `article:${a.id}`,
    `listing:${a.id}`,
    `author:${a.authorId}`,
    'list:latest',
    ...categoryChain.map((c) => `category:${c}`),
    ...tagNames.map((t) => `tag:${t}`),
  ];
  if (a.recommendLevel >= 1) tags.push('list:recommended');
  if (a.recommendLevel >= 2) tags.push('list:pictures');
  if (a.recommendLevel >= 3) tags.push('list:headlines');
  return tags;
}
