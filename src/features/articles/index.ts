export { createArticles, splitPages, type Articles, type ArticleDetail, type ListOptions } from './articles.service.ts';
export type { Article, ArticleCard } from './articles.model.ts';
export { ArticleInputSchema, ArticlePatchSchema, INPUT_STATUSES, STATUSES, type ArticleInput, type ArticleStatus } from './articles.schema.ts';
export { stripInvisible, TAG_MARKUP_RE } from './articles.schema.ts';
export { parseArticleFields } from './articles.rules.ts';
export { articleCacheTags } from './articles.cache-tags.ts';
export { urls, formatDate, formatDateTime, parseArticleParam, parsePageParam, UPLOADED_COVER } from './articles.urls.ts';
export { submissionOrigin, type SubmissionOrigin } from './articles.member-draft.ts';
export { Box, TitleList, PictureList, ArticleList, Pagination } from './views/cards.tsx';
export { registerArticlePages, type ArticlePagesDeps } from './articles.public.tsx';
export type { SidebarBlock } from './views/article-parts.tsx';
export { registerArticleListPages, type ArticleListPagesDeps } from './articles.lists.tsx';
export { Breadcrumb } from './views/list-page.tsx';
export { bulkInsertArticles, type BulkArticle } from './articles.bulk.ts';
export {
  composeArticleIndexers,
  indexableArticle,
  indexableArticlesAfter,
  countIndexableArticles,
  tagVocabulary,
  recentTitles,
  type ArticleIndexer,
  type IndexableArticle,
} from './articles.index-source.ts';
export { createArticleSitemap, type ArticleSitemap, type SitemapArticle, type SitemapChunk } from './articles.sitemap.ts';
export {
  listArticleRecords,
  countArticleRecords,
  articleRecordsAfter,
  articleRecord,
  type ArticleRecord,
  type RecordFilter,
} from './articles.admin-queries.ts';
export { createArticleImporter, parseImportLine, type ArticleImporter, type ImportItem, type ImportOutcome, type PreparedImport } from './articles.import.ts';
export {
  listAdminArticles,
  countAdminArticles,
  countArticlesCreatedSince,
  countReviewQueue,
  type AdminArticleFilter,
  type AdminArticleRow,
} from './articles.admin-list.ts';
export * from './articles.workflow.ts';
export { countArticlesByStatus } from './articles.member-counts.ts';
