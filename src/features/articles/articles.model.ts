/** The article as the repo reads it: full rows, list cards, list filters. */
import type { ArticleRow } from '../../platform/db/schema.ts';

export interface Article {
  id: number;
  title: string;
  subtitle: string;
  summary: string;
  body: string;
  cover: string;
  categoryId: number;
  authorId: number;
  source: string;
  sourceUrl: string;
  original: boolean;
  /** The 原创 claim matched an earlier article by someone else and no editor has confirmed it: the mark is not shown. */
  originalFlagged?: boolean;
  status: string;
  recommendLevel: number;
  verified: boolean;
  hits: number;
  commentCount: number;
  favoriteCount: number;
  tipCount: number;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** SEO 关键词 for <meta name="keywords"> ("a, b"); empty: the tags. */
  keywords: string;
  /** SEO 描述 for <meta name="description"> and og:description; empty: the summary, else the start of the text. */
  description: string;
  /** 允许评论: false closes this article's comment form (existing comments stay). */
  allowComments: boolean;
  /** 跳转链接: an http(s) URL the article page answers with a 302; empty: none. */
  redirectUrl: string;
}

/** What lists and blocks need: no body. */
export interface ArticleCard {
  id: number;
  title: string;
  summary: string;
  cover: string;
  categoryId: number;
  authorId: number;
  recommendLevel: number;
  hits: number;
  commentCount: number;
  publishedAt: string;
}

export function toArticle(r: ArticleRow): Article {
  return {
    id: r.id,
    title: r.title,
    subtitle: r.subtitle,
    summary: r.summary,
    body: r.body,
    cover: r.cover,
    categoryId: r.category_id,
    authorId: r.author_id,
    source: r.source,
    sourceUrl: r.source_url,
    original: r.original === 1,
    originalFlagged: r.original_flagged === 1,
    status: r.status,
    recommendLevel: r.recommend_level,
    verified: r.verified === 1,
    hits: r.hits,
    commentCount: r.comment_count,
    favoriteCount: r.favorite_count,
    tipCount: r.tip_count,
    publishedAt: r.published_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    keywords: r.seo_keywords,
    description: r.seo_description,
    allowComments: r.allow_comments !== 0,
    redirectUrl: r.redirect_url,
  };
}

/** An article as a link: 上一篇/下一篇. */
export interface ArticleLink {
  id: number;
  title: string;
}

export const CARD_COLS = [
  'articles.id',
  'articles.title',
  'articles.summary',
  'articles.cover',
  'articles.category_id',
  'articles.author_id',
  'articles.recommend_level',
  'articles.hits',
  'articles.comment_count',
  'articles.published_at',
] as const;

export type CardRow = {
  id: number;
  title: string;
  summary: string;
  cover: string;
  category_id: number;
  author_id: number;
  recommend_level: number;
  hits: number;
  comment_count: number;
  published_at: string | null;
};

export function toCard(r: CardRow): ArticleCard {
  return {
    id: r.id,
    title: r.title,
    summary: r.summary,
    cover: r.cover,
    categoryId: r.category_id,
    authorId: r.author_id,
    recommendLevel: r.recommend_level,
    hits: r.hits,
    commentCount: r.comment_count,
    publishedAt: r.published_at ?? '',
  };
}

export interface ListFilter {
  categoryIds?: number[];
  tagId?: number;
  authorId?: number;
  minLevel?: number;
  exactLevel?: number;
  withCover?: boolean;
  excludeIds?: number[];
  /** Order by all-time hits instead of publication time. */
  byHits?: boolean;
  /** Only articles published at or before this instant (scheduled ones stay hidden). */
  now: string;
}
