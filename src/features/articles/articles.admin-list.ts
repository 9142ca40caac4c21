import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';

/**
 * The admin console's article list (文章管理): any status, filtered by status, category, recommend
 * level, a search text and an author; plus the dashboard's counts (today's new articles, the review
 * queue's size). Deleted articles (the 回收站) are listed only when `deleted` is asked for.
 */
export interface AdminArticleFilter {
  /** Statuses to include. Empty means every status but `deleted`. */
  statuses: string[];
  categoryIds?: number[];
  recommendLevel?: number;
  /**
   * Search text: a case-insensitive substring of the title or the author's exact username; an
   * all-digit text also finds the article with that id.
   */
  titleContains?: string;
  /** The author's username (exact, case-insensitive). */
  author?: string;
  /** Only articles published after this instant (定时发布: scheduled, not yet public). */
  publishedAfter?: string;
}

export interface AdminArticleRow {
  id: number;
  title: string;
  status: string;
  categoryId: number;
  authorName: string;
  recommendLevel: number;
  verified: boolean;
  cover: string;
  hits: number;
  publishedAt: string | null;
  updatedAt: string;
}

/** LIKE pattern for a literal substring: %, _ and the escape character itself are escaped. */
export function likePattern(s: string): string {
  return `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filtered(db: Db, f: AdminArticleFilter) {
  let q = db.selectFrom('articles').innerJoin('members', 'members.id', 'articles.author_id');
  q = f.statuses.length ? q.where('articles.status', 'in', f.statuses) : q.where('articles.status', '!=', 'deleted');
  if (f.categoryIds) q = q.where('articles.category_id', 'in', f.categoryIds.length ? f.categoryIds : [-1]);
  if (f.recommendLevel !== undefined) q = q.where('articles.recommend_level', '=', f.recommendLevel);
  if (f.titleContains) {
    const text = f.titleContains;
    const pattern = likePattern(text);
    const id = /^\d{1,9}$/.test(text) ? Number(text) : undefined;
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`lower(articles.title) like ${pattern} escape '\\'`,
        sql<boolean>`lower(members.username) = ${text.toLowerCase()}`,
        ...(id !== undefined ? [eb('articles.id', '=', id)] : []),
      ]),
    );
  }
  if (f.author) q = q.where(sql<boolean>`lower(members.username) = ${f.author.toLowerCase()}`);
  if (f.publishedAfter !== undefined) q = q.where('articles.published_at', '>', f.publishedAfter);
  return q;
}

/** One page, newest first (by id: drafts and pending articles have no publication time). */
export async function listAdminArticles(db: Db, f: AdminArticleFilter, limit: number, offset: number): Promise<AdminArticleRow[]> {
  const rows = await filtered(db, f)
    .select([
      'articles.id',
      'articles.title',
      'articles.status',
      'articles.category_id',
      'members.username',
      'articles.recommend_level',
      'articles.verified',
      'articles.cover',
      'articles.hits',
      'articles.published_at',
      'articles.updated_at',
    ])
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    categoryId: r.category_id,
    authorName: r.username,
    recommendLevel: r.recommend_level,
    verified: r.verified === 1,
    cover: r.cover,
    hits: r.hits,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
  }));
}

export async function countAdminArticles(db: Db, f: AdminArticleFilter): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return toNumber(r?.n);
}

/** Articles (any status but deleted) created at or after `sinceIso` (the dashboard's 今日新增). */
export async function countArticlesCreatedSince(db: Db, sinceIso: string): Promise<number> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '!=', 'deleted')
    .where('created_at', '>=', sinceIso)
    .executeTakeFirst();
  return toNumber(r?.n);
}

/** The review queue's size: pending submissions and pending revisions of published articles. */
export async function countReviewQueue(db: Db): Promise<{ submissions: number; revisions: number }> {
  const [a, r] = await Promise.all([
    db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirst(),
    db
      .selectFrom('article_revisions')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirst(),
  ]);
  return { submissions: toNumber(a?.n), revisions: toNumber(r?.n) };
}
