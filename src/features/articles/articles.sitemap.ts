import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import type { Database } from '../../platform/db/schema.ts';
import { toNumber } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';

/**
 * Narrow queries over every public article (and every tag with one) for sitemaps: ids and dates only,
 * never bodies, so a site with hundreds of thousands of articles is listed in a few indexed scans.
 *
 * Articles are chunked by position in id order (oldest first): a new article only ever lands in the
 * last chunk, so older chunks stay byte-identical and crawlers can skip them.
 */
export interface SitemapChunk {
  /** 1-based chunk number, as in `/sitemaps/articles-<n>.xml`. */
  n: number;
  firstId: number;
  lastId: number;
  count: number;
  /** Latest change of any article in the chunk (ISO 8601). */
  lastmod: string;
}

export interface SitemapArticle {
  id: number;
  title: string;
  publishedAt: string;
  /** The later of the last edit and the publication time (a scheduled article changes when it goes live). */
  lastmod: string;
}

export interface SitemapTag {
  id: number;
  name: string;
  /** The latest change among the tag's public articles. */
  lastmod: string;
}

type NumberedRow = { id: number; updated_at: string | null; published_at: string | null; chunk: number };

const later = (a: string | null | undefined, b: string | null | undefined): string => ((a ?? '') > (b ?? '') ? (a ?? '') : (b ?? ''));

export function createArticleSitemap(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();

  function published(at: string) {
    return db.selectFrom('articles').where('articles.status', '=', 'published').where('articles.published_at', '<=', at);
  }

  /** Chunk boundaries, sizes and lastmods of a numbered list (id, updated_at, published_at, chunk): one aggregate. */
  // `any`: whatever FROM clause (articles, or tags through their articles) yields NumberedRow.
  async function grouped(numbered: SelectQueryBuilder<Database, any, NumberedRow>): Promise<SitemapChunk[]> {
    const rows = await db
      .selectFrom(numbered.as('t'))
      .select((eb) => [
        't.chunk',
        eb.fn.min('t.id').as('first_id'),
        eb.fn.max('t.id').as('last_id'),
        eb.fn.countAll().as('n'),
        eb.fn.max('t.updated_at').as('max_updated'),
        eb.fn.max('t.published_at').as('max_published'),
      ])
      .groupBy('t.chunk')
      .orderBy('t.chunk')
      .execute();
    return rows.map((r) => ({
      n: toNumber(r.chunk) + 1,
      firstId: toNumber(r.first_id),
      lastId: toNumber(r.last_id),
      count: toNumber(r.n),
      lastmod: later(r.max_updated as string | null, r.max_published as string | null),
    }));
  }

  /** Chunk boundaries and lastmods for all public articles, `size` per chunk, in one aggregate query. */
  async function chunks(size: number): Promise<SitemapChunk[]> {
    if (!Number.isInteger(size) || size < 1) throw new Error(`bad sitemap chunk size ${size}`);
    // The size is a validated integer inlined as a literal so both dialects see integer division.
    const numbered = published(now()).select([
      'articles.id',
      'articles.updated_at',
      'articles.published_at',
      sql<number>`(row_number() over (order by articles.id) - 1) / ${sql.lit(size)}`.as('chunk'),
    ]);
    return grouped(numbered);
  }

  /** Public articles with ids in [firstId, lastId], in id order: a keyset range, at most `limit` rows. */
  async function range(firstId: number, lastId: number, limit: number): Promise<SitemapArticle[]> {
    const rows = await published(now())
      .select(['articles.id', 'articles.title', 'articles.published_at', 'articles.updated_at'])
      .where('articles.id', '>=', firstId)
      .where('articles.id', '<=', lastId)
      .orderBy('articles.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, title: r.title, publishedAt: r.published_at ?? '', lastmod: later(r.updated_at, r.published_at) }));
  }

  /** Public articles published at or after `since`, newest first (the news sitemap). */
  async function publishedSince(since: string, limit: number): Promise<SitemapArticle[]> {
    const rows = await published(now())
      .select(['articles.id', 'articles.title', 'articles.published_at', 'articles.updated_at'])
      .where('articles.published_at', '>=', since)
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, title: r.title, publishedAt: r.published_at ?? '', lastmod: later(r.updated_at, r.published_at) }));
  }

  /** Tags with at least one public article: one row per tag, with the latest change among its public articles. */
  function publicTags(at: string) {
    return db
      .selectFrom('article_tags')
      .innerJoin('articles', 'articles.id', 'article_tags.article_id')
      .where('articles.status', '=', 'published')
      .where('articles.published_at', '<=', at)
      .groupBy('article_tags.tag_id');
  }

  /** Chunk boundaries (by tag id) and lastmods of the tags that have public articles, `size` per chunk. */
  async function tagChunks(size: number): Promise<SitemapChunk[]> {
    if (!Number.isInteger(size) || size < 1) throw new Error(`bad sitemap chunk size ${size}`);
    const numbered = publicTags(now()).select((eb) => [
      'article_tags.tag_id as id',
      eb.fn.max('articles.updated_at').as('updated_at'),
      eb.fn.max('articles.published_at').as('published_at'),
      sql<number>`(row_number() over (order by article_tags.tag_id) - 1) / ${sql.lit(size)}`.as('chunk'),
    ]);
    return grouped(numbered);
  }

  /** Tags with public articles and ids in [firstId, lastId], in id order, at most `limit`. */
  async function tagRange(firstId: number, lastId: number, limit: number): Promise<SitemapTag[]> {
    const rows = await publicTags(now())
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .groupBy('tags.name')
      .select((eb) => ['article_tags.tag_id as id', 'tags.name', eb.fn.max('articles.updated_at').as('u'), eb.fn.max('articles.published_at').as('p')])
      .where('article_tags.tag_id', '>=', firstId)
      .where('article_tags.tag_id', '<=', lastId)
      .orderBy('article_tags.tag_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, lastmod: later(r.u as string | null, r.p as string | null) }));
  }

  /** The latest publication time per category (own articles only; callers roll up subtrees). */
  async function lastPublishedByCategory(): Promise<Map<number, string>> {
    const rows = await published(now())
      .select((eb) => ['articles.category_id', eb.fn.max('articles.published_at').as('last')])
      .groupBy('articles.category_id')
      .execute();
    return new Map(rows.filter((r) => r.last).map((r) => [r.category_id, r.last as string]));
  }

  return { chunks, range, publishedSince, lastPublishedByCategory, tagChunks, tagRange };
}

export type ArticleSitemap = ReturnType<typeof createArticleSitemap>;
