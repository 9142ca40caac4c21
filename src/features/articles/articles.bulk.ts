import type { Db } from '../../platform/db/index.ts';

/** A trusted, already-clean article for bulk loading (synthetic corpora). Not for user input. */
export interface BulkArticle {
  title: string;
  summary: string;
  body: string;
  cover?: string;
  categoryId: number;
  authorId: number;
  source?: string;
  original: boolean;
  recommendLevel: number;
  verified: boolean;
  publishedAt: string;
  hits?: number;
  tags: string[];
}

/**
 * Multi-row inserts in the caller's transaction, for `zixun seed` on 100,000+ articles. Callers must
 * only pass generated or already-sanitized content; the page cache is not purged (seed runs offline).
 */
export async function bulkInsertArticles(trx: Db, items: BulkArticle[], now: string): Promise<number[]> {
  if (!items.length) return [];
  const rows = await trx
    .insertInto('articles')
    .values(
      items.map((a) => ({
        title: a.title,
        subtitle: '',
        summary: a.summary,
        body: a.body,
        cover: a.cover ?? '',
        category_id: a.categoryId,
        author_id: a.authorId,
        source: a.source ?? '',
        source_url: '',
        original: a.original ? 1 : 0,
        status: 'published',
        recommend_level: a.recommendLevel,
        verified: a.verified ? 1 : 0,
        hits: a.hits ?? 0,
        published_at: a.publishedAt,
        created_at: now,
        updated_at: now,
      })),
    )
    .returning('id')
    .execute();
  // Ids are assigned in VALUES order on both dialects; RETURNING order is not guaranteed, so sort.
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  const names = [...new Set(items.flatMap((a) => a.tags))];
  if (names.length) {
    await trx
      .insertInto('tags')
      .values(names.map((name) => ({ name })))
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const tagRows = await trx.selectFrom('tags').select(['id', 'name']).where('name', 'in', names).execute();
    const tagId = new Map(tagRows.map((t) => [t.name, t.id]));
    const links = items.flatMap((a, i) => [...new Set(a.tags)].map((n) => ({ article_id: ids[i] as number, tag_id: tagId.get(n) as number })));
    if (links.length) await trx.insertInto('article_tags').values(links).execute();
  }
  return ids;
}
