import type { Db } from '../../platform/db/index.ts';
import { htmlToText } from '../../platform/html/sanitize.ts';

/**
 * The port through which indexes (search, fingerprints…) follow article writes. Every write path
 * (service, workflow, importer) calls `sync(trx, id)` inside the write's own transaction, so an
 * index never disagrees with a committed article; if `sync` throws, the write rolls back.
 */
export interface ArticleIndexer {
  sync(trx: Db, articleId: number): Promise<void>;
}

/** Several indexers as one: each `sync` in turn, in the same transaction. */
export function composeArticleIndexers(...indexers: Array<ArticleIndexer | undefined>): ArticleIndexer {
  const list = indexers.filter((x): x is ArticleIndexer => !!x);
  return {
    async sync(trx, id) {
      for (const x of list) await x.sync(trx, id);
    },
  };
}

/** What an index needs to know about one article: plain text (no markup) and the filter columns. */
export interface IndexableArticle {
  id: number;
  title: string;
  subtitle: string;
  summary: string;
  /** The body as plain text. */
  text: string;
  tags: string[];
  status: string;
  publishedAt: string | null;
  categoryId: number;
  authorId: number;
  recommendLevel: number;
  verified: boolean;
}

const COLUMNS = ['id', 'title', 'subtitle', 'summary', 'body', 'status', 'published_at', 'category_id', 'author_id', 'recommend_level', 'verified'] as const;

async function withTags(
  db: Db,
  rows: Array<{
    id: number;
    title: string;
    subtitle: string;
    summary: string;
    body: string;
    status: string;
    published_at: string | null;
    category_id: number;
    author_id: number;
    recommend_level: number;
    verified: number;
  }>,
): Promise<IndexableArticle[]> {
  if (!rows.length) return [];
  const links = await db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['article_tags.article_id as articleId', 'tags.name as name'])
    .where(
      'article_tags.article_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const tags = new Map<number, string[]>();
  for (const l of links) {
    const list = tags.get(l.articleId) ?? [];
    list.push(l.name);
    tags.set(l.articleId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    subtitle: r.subtitle,
    summary: r.summary,
    text: htmlToText(r.body),
    tags: tags.get(r.id) ?? [],
    status: r.status,
    publishedAt: r.published_at,
    categoryId: r.category_id,
    authorId: r.author_id,
    recommendLevel: r.recommend_level,
    verified: r.verified === 1,
  }));
}

/** One article in any state (read in the caller's transaction), or undefined when there is no such row. */
export async function indexableArticle(db: Db, id: number): Promise<IndexableArticle | undefined> {
  const row = await db.selectFrom('articles').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? (await withTags(db, [row]))[0] : undefined;
}

/** Published articles (scheduled ones included) with id > afterId, in id order: for rebuilding indexes in batches. */
export async function indexableArticlesAfter(db: Db, afterId: number, limit: number): Promise<IndexableArticle[]> {
  const rows = await db.selectFrom('articles').select(COLUMNS).where('status', '=', 'published').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return withTags(db, rows);
}

/** How many articles `indexableArticlesAfter` walks through. */
export async function countIndexableArticles(db: Db): Promise<number> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'published')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Tag names (the site's own vocabulary, for segmentation dictionaries), newest first. Cheap: no join. */
export async function tagVocabulary(db: Db, limit = 20_000): Promise<string[]> {
  const rows = await db.selectFrom('tags').select('name').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => r.name);
}

/** Titles of the latest published articles (a vocabulary for "did you mean"). */
export async function recentTitles(db: Db, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('articles').select('title').where('status', '=', 'published').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => r.title);
}
