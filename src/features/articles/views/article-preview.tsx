import { h, type SafeHtml } from '../../../platform/html/jsx.ts';
import type { ArticleDetail } from '../articles.service.ts';
import { ArticleBody, ArticleMeta, Disclaimer, SummaryBox, Tags, type ArticlePageData } from './article-parts.tsx';

/**
 * An article as its page will show it (title, meta line, summary, every body page, disclaimer, tags),
 * built from the article page's own parts, for review and the author's preview. Not cached.
 */
export function ArticlePreview(props: { article: ArticleDetail; disclaimer: string; isStaffAuthor: boolean }): SafeHtml {
  const d = (page: number): ArticlePageData => ({
    article: props.article,
    page,
    isStaffAuthor: props.isStaffAuthor,
    disclaimer: props.disclaimer,
    comments: [],
  });
  const a = props.article;
  return (
    <article class="article preview" data-article-id={a.id}>
      <h1>{a.title}</h1>
      {a.subtitle ? <p class="subtitle">{a.subtitle}</p> : null}
      <ArticleMeta d={d(1)} />
      <SummaryBox d={d(1)} />
      {a.pages.map((_, i) => [i > 0 ? <hr class="pagebreak" /> : null, <ArticleBody d={d(i + 1)} />])}
      <Disclaimer d={d(1)} />
      <Tags d={d(1)} />
    </article>
  );
}
