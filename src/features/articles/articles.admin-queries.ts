import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';
import { toArticle, type Article } from './articles.model.ts';

/**
 * Read queries for staff tools (the JSON API, `zixun export`): articles of any status except deleted,
 * with what an external representation needs (author username, category slug, tags) in a few queries
 * per page instead of a few per article.
 */
export interface ArticleRecord extends Article {
  authorName: string;
  categorySlug: string;
  tags: string[];
}

export interface RecordFilter {
  /** Statuses to include; `deleted` is never returned. */
  statuses: string[];
  categoryIds?: number[];
  /** Only articles published at or before this instant (what the public may see). */
  publishedBy?: string;
}

function base(db: Db) {
  return db
    .selectFrom('articles')
    .innerJoin('members', 'members.id', 'articles.author_id')
    .innerJoin('categories', 'categories.id', 'articles.category_id')
    .where('articles.status', '!=', 'deleted');
}

function filtered(db: Db, f: RecordFilter) {
  let q = base(db).where('articles.status', 'in', f.statuses.length ? f.statuses : ['-']);
  if (f.categoryIds) q = q.where('articles.category_id', 'in', f.categoryIds.length ? f.categoryIds : [-1]);
  if (f.publishedBy !== undefined) q = q.where('articles.published_at', '<=', f.publishedBy);
  return q;
}

const REFS = ['members.username as author_name', 'categories.slug as category_slug'] as const;

function withRefs(db: Db) {
  return base(db).selectAll('articles').select(REFS);
}

async function attachTags(db: Db, rows: Array<Parameters<typeof toArticle>[0] & { author_name: string; category_slug: string }>): Promise<ArticleRecord[]> {
  const ids = rows.map((r) => r.id);
  const tagRows = ids.length
    ? await db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select(['article_tags.article_id', 'tags.name'])
        .where('article_tags.article_id', 'in', ids)
        .orderBy('tags.name')
        .execute()
    : [];
  const tags = new Map<number, string[]>();
  for (const t of tagRows) tags.set(t.article_id, [...(tags.get(t.article_id) ?? []), t.name]);
  // Sorted here, not in SQL: collations differ between dialects and exports must not.
  return rows.map((r) => ({ ...toArticle(r), authorName: r.author_name, categorySlug: r.category_slug, tags: (tags.get(r.id) ?? []).sort() }));
}

/** One page of articles; published-only lists are ordered like the site (newest first), others by id. */
export async function listArticleRecords(db: Db, f: RecordFilter, limit: number, offset: number): Promise<ArticleRecord[]> {
  const onlyPublished = f.statuses.length === 1 && f.statuses[0] === 'published';
  let q = filtered(db, f).selectAll('articles').select(REFS);
  if (onlyPublished) q = q.orderBy('articles.published_at', 'desc');
  const rows = await q.orderBy('articles.id', 'desc').limit(limit).offset(offset).execute();
  return attachTags(db, rows);
}

export async function countArticleRecords(db: Db, f: RecordFilter): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return toNumber(r?.n);
}

/** Keyset pagination over every non-deleted article in id order (for streaming exports). */
export async function articleRecordsAfter(db: Db, afterId: number, limit: number): Promise<ArticleRecord[]> {
  const rows = await withRefs(db).where('articles.id', '>', afterId).orderBy('articles.id', 'asc').limit(limit).execute();
  return attachTags(db, rows);
}

/** A non-deleted article of any status, or undefined. */
export async function articleRecord(db: Db, id: number): Promise<ArticleRecord | undefined> {
  const rows = await withRefs(db).where('articles.id', '=', id).execute();
  return (await attachTags(db, rows))[0];
}
