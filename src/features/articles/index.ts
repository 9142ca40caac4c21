export { createArticles, splitPages, type Articles, type ArticleDetail, type ListOptions } from './articles.service.ts';
export type { Article, ArticleCard } from './articles.repo.ts';
export { ArticleInputSchema, ArticlePatchSchema, STATUSES, type ArticleInput } from './articles.schema.ts';
export { articleCacheTags } from './articles.cache-tags.ts';
export { urls, formatDate, formatDateTime, parseArticleParam, parsePageParam } from './articles.urls.ts';
export { Box, TitleList, PictureList, ArticleList, Pagination } from './views/cards.tsx';
export { registerArticlePages, type ArticlePagesDeps } from './articles.public.tsx';
export { registerArticleListPages } from './articles.lists.tsx';
export { bulkInsertArticles, type BulkArticle } from './articles.bulk.ts';
