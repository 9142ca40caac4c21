import type { Db } from '../../platform/db/index.ts';
import type { ArticleRow } from '../../platform/db/schema.ts';
import { toNumber } from '../../platform/db/index.ts';
import { createQueryMemo } from '../../platform/db/query-memo.ts';
import { createListSpec } from './articles.list-spec.ts';
import { CARD_COLS, toArticle, toCard, type Article, type ArticleCard, type ArticleLink, type CardRow, type ListFilter } from './articles.model.ts';

/** Past these, a multi-category list falls back to one `IN (…)` query (deep pages, huge subtrees). */
const MERGE_MAX_CATEGORIES = 16;
const MERGE_MAX_ROWS = 2_000;

export function createArticlesRepo(db: Db) {
  const run = createQueryMemo(db);
  const listSpec = createListSpec(db);

  /**
   * Most-hit first. The date condition is applied here rather than in SQL so that SQLite walks the
   * (status, hits) index instead of sorting every published article. Only id and date are read while
   * walking (the over-fetched rows cost no column decoding); the cards of the kept ids are then read by
   * primary key, in rank order.
   */
  async function mostHit(f: ListFilter, limit: number, offset: number): Promise<ArticleCard[]> {
    const cats = f.categoryIds ? (f.categoryIds.length ? f.categoryIds : [-1]) : [];
    const ex = f.excludeIds ?? [];
    const shape = `hits|${f.categoryIds ? cats.length : '-'}|${ex.length}`;
    const ids: number[] = [];
    const want = limit + offset;
    for (let skip = 0, page = want + 20; ids.length < want; skip += page) {
      const rows = await run(shape, ['published', ...cats, ...ex, page, skip], (v) => {
        let q = db.selectFrom('articles').select(['articles.id', 'articles.published_at']).where('articles.status', '=', v(0));
        if (f.categoryIds)
          q = q.where(
            'articles.category_id',
            'in',
            cats.map((_, i) => v(1 + i)),
          );
        if (ex.length)
          q = q.where(
            'articles.id',
            'not in',
            ex.map((_, i) => v(1 + cats.length + i)),
          );
        const at = 1 + cats.length + ex.length;
        return q
          .orderBy('articles.hits', 'desc')
          .orderBy('articles.id', 'desc')
          .limit(v(at))
          .offset(v(at + 1));
      });
      for (const r of rows) if (r.published_at !== null && r.published_at <= f.now) ids.push(r.id);
      if (rows.length < page) break;
    }
    return cardsByIdsImpl(ids.slice(offset, want), f.now);
  }

  /**
   * Newest first across several categories (a category and its subcategories). `category_id IN (…)`
   * ordered by date sorts every article of the subtree (18,000 in the benchmark's largest) for each
   * page; instead each category's own index range yields its newest `offset + limit`, and only those
   * are merged and sorted. Same rows, same order as the single query.
   */
  async function mergedList(f: ListFilter, categoryIds: number[], limit: number, offset: number): Promise<ArticleCard[]> {
    const spec = listSpec({ ...f, categoryIds: undefined });
    const at = spec.values.length;
    const n = categoryIds.length;
    const values = [...spec.values, ...categoryIds, offset + limit, limit, offset];
    const rows = await run(`merged|${spec.shape}|${n}`, values, (v) => {
      const part = (i: number) =>
        db
          .selectFrom(
            spec
              .build(v)
              .where('articles.category_id', '=', v(at + i))
              .select(CARD_COLS)
              .orderBy('articles.published_at', 'desc')
              .orderBy('articles.id', 'desc')
              .limit(v(at + n))
              .as(`c${i}`),
          )
          .selectAll();
      let q = part(0);
      for (let i = 1; i < n; i++) q = q.unionAll(part(i));
      return q
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(v(at + n + 1))
        .offset(v(at + n + 2));
    });
    return rows.map(toCard);
  }

  async function cardsByIdsImpl(ids: number[], now: string): Promise<ArticleCard[]> {
    if (!ids.length) return [];
    // Only the primary key in SQL: a status/date condition can lure the planner onto a range index.
    const rows = await run(`cards|${ids.length}`, ids, (v) =>
      db
        .selectFrom('articles')
        .select([...CARD_COLS, 'articles.status'])
        .where(
          'id',
          'in',
          ids.map((_, i) => v(i)),
        ),
    );
    const byId = new Map(rows.filter((r) => r.status === 'published' && r.published_at !== null && r.published_at <= now).map((r) => [r.id, toCard(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
  const cardsByIds = cardsByIdsImpl;

  return {
    async byId(id: number): Promise<Article | undefined> {
      const [r] = await run('byId', [id], (v) => db.selectFrom('articles').selectAll().where('id', '=', v(0)));
      return r ? toArticle(r) : undefined;
    },

    async byIds(ids: number[]): Promise<Article[]> {
      if (!ids.length) return [];
      const rows = await db.selectFrom('articles').selectAll().where('id', 'in', ids).execute();
      const byId = new Map(rows.map((r) => [r.id, toArticle(r)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    async tagNamesFor(ids: number[]): Promise<Map<number, string[]>> {
      const out = new Map<number, string[]>(ids.map((id) => [id, []]));
      if (!ids.length) return out;
      const rows = await db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select(['article_tags.article_id', 'tags.name'])
        .where('article_tags.article_id', 'in', ids)
        .orderBy('tags.name')
        .execute();
      for (const r of rows) out.get(r.article_id)?.push(r.name);
      return out;
    },

    async list(f: ListFilter, limit: number, offset = 0): Promise<ArticleCard[]> {
      if (f.byHits) return mostHit(f, limit, offset);
      if (f.categoryIds && f.categoryIds.length > 1 && f.categoryIds.length <= MERGE_MAX_CATEGORIES && offset + limit <= MERGE_MAX_ROWS) {
        return mergedList(f, f.categoryIds, limit, offset);
      }
      const spec = listSpec(f);
      const at = spec.values.length;
      const rows = await run(`list|${spec.shape}`, [...spec.values, limit, offset], (v) =>
        spec
          .build(v)
          .select(CARD_COLS)
          .orderBy('articles.published_at', 'desc')
          .orderBy('articles.id', 'desc')
          .limit(v(at))
          .offset(v(at + 1)),
      );
      return rows.map(toCard);
    },

    async count(f: ListFilter): Promise<number> {
      const spec = listSpec(f);
      const [r] = await run(`count|${spec.shape}`, spec.values, (v) => spec.build(v).select((eb) => eb.fn.countAll().as('n')));
      return toNumber(r?.n);
    },

    /** Public cards for these ids, in their order (unpublished and scheduled ones left out). */
    cardsByIds,

    /**
     * The article published just before / after this one in the same category: id and title, read from the
     * (category_id, status, published_at, id, title) index alone (no row of the table).
     */
    /** The source of the in-memory publication order (articles.order.ts). */
    publicationOrder: {
      async categoryChunk(categoryId: number, after: { at: string; id: number } | undefined, limit: number) {
        // Read from the (category_id, status, published_at, id, …) index alone, in its order.
        const rows = await db
          .selectFrom('articles')
          .select(['id', 'published_at'])
          .where('category_id', '=', categoryId)
          .where('status', '=', 'published')
          .where('published_at', 'is not', null) // every row counts towards the chunk's length
          .$if(!!after, (q) =>
            q.where('published_at', '>=', after?.at ?? '').where((eb) => eb.or([eb('published_at', '>', after?.at ?? ''), eb('id', '>', after?.id ?? 0)])),
          )
          .orderBy('published_at')
          .orderBy('id')
          .limit(limit)
          .execute();
        return rows.flatMap((r) => (r.published_at ? [{ id: r.id, publishedAt: r.published_at }] : []));
      },
      async rows(ids: number[]) {
        if (!ids.length) return [];
        const rows = await db.selectFrom('articles').select(['id', 'category_id', 'status', 'published_at']).where('id', 'in', ids).execute();
        return rows.map((r) => ({ id: r.id, categoryId: r.category_id, status: r.status, publishedAt: r.published_at }));
      },
    },

    /**
     * Titles of these articles of one category, published at these times (上一篇/下一篇 links), while still
     * published there. Each is one seek in the (category_id, status, published_at, id, title) index, whose
     * pages mostly stay in SQLite's cache, instead of a read of the article's row at a random place of the
     * table. An article whose stored time is not in `toISOString` form is not found (the caller falls back).
     */
    async neighbourTitles(categoryId: number, entries: Array<{ id: number; at: string }>): Promise<Map<number, string>> {
      if (!entries.length) return new Map();
      const rows = await run(`ntitles|${entries.length}`, [categoryId, 'published', ...entries.flatMap((e) => [e.at, e.id])], (v) => {
        const one = (i: number) =>
          db
            .selectFrom('articles')
            .select(['id', 'title'])
            .where('category_id', '=', v(0))
            .where('status', '=', v(1))
            .where('published_at', '=', v(2 + 2 * i))
            .where('id', '=', v(3 + 2 * i));
        let q = one(0);
        for (let i = 1; i < entries.length; i++) q = q.unionAll(one(i));
        return q;
      });
      return new Map(rows.map((r) => [r.id, r.title]));
    },

    async neighbours(a: { id: number; categoryId: number; publishedAt: string }, now: string): Promise<{ prev?: ArticleLink; next?: ArticleLink }> {
      // Bound published_at on the article's side too: the index range then starts at the article instead
      // of at the category's newest (cost grew with the article's age). Both in one statement (each side an
      // index range and at most one row); which is which is told apart by (published_at, id). The next
      // one has no upper bound in SQL: with `published_at <= now` the planner walked the site-wide
      // (status, published_at) index from the article to now instead; a next article scheduled for later
      // is dropped below (any after it is later still). After the article by (published_at, id) is written
      // `published_at >= at and (published_at > at or id > article)`, not as a row-value comparison, which
      // also led SQLite's planner onto that index.
      const rows = await run('neighbours', [a.categoryId, a.publishedAt < now ? a.publishedAt : now, a.publishedAt, a.id], (v) => {
        const base = () =>
          db
            .selectFrom('articles')
            .select(['articles.id', 'articles.title', 'articles.published_at'])
            .where('status', '=', 'published')
            .where('category_id', '=', v(0));
        const prev = base()
          .where('published_at', '<=', v(1))
          .where((eb) => eb.or([eb('published_at', '<', v(2)), eb('id', '<', v(3))]))
          .orderBy('published_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1);
        const next = base()
          .where('published_at', '>=', v(2))
          .where((eb) => eb.or([eb('published_at', '>', v(2)), eb('id', '>', v(3))]))
          .orderBy('published_at', 'asc')
          .orderBy('id', 'asc')
          .limit(1);
        return db
          .selectFrom(prev.as('p'))
          .selectAll()
          .unionAll(db.selectFrom(next.as('n')).selectAll());
      });
      const out: { prev?: ArticleLink; next?: ArticleLink } = {};
      for (const r of rows) {
        const at = r.published_at ?? '';
        const link = { id: r.id, title: r.title };
        if (at < a.publishedAt || (at === a.publishedAt && r.id < a.id)) out.prev = link;
        else if (at <= now) out.next = link;
      }
      return out;
    },

    /**
     * Published articles sharing the most tags with this one, newer first among equals. Each tag
     * contributes only its newest `perTag` articles (an index range, not a scan of a popular tag).
     */
    async sharingTags(articleId: number, tagIds: number[], limit: number, now: string, perTag = 200): Promise<ArticleCard[]> {
      if (!tagIds.length) return [];
      // One statement: each tag's newest `perTag` articles, counted per article, best-ranked first.
      const n = tagIds.length;
      const ranked = (v: (i: number) => any) => {
        const part = (i: number) =>
          db
            .selectFrom(
              db
                .selectFrom('article_tags')
                .select('article_id')
                .where('tag_id', '=', v(3 + i))
                .where('article_id', '!=', v(0))
                .orderBy('article_id', 'desc')
                .limit(v(1))
                .as(`t${i}`),
            )
            .selectAll();
        let shared = part(0);
        for (let i = 1; i < n; i++) shared = shared.unionAll(part(i));
        return db
          .selectFrom(shared.as('s'))
          .select(['s.article_id', (eb) => eb.fn.countAll().as('n')])
          .groupBy('s.article_id')
          .orderBy('n', 'desc')
          .orderBy('s.article_id', 'desc')
          .limit(v(2 + n + 1))
          .offset(v(2));
      };
      const out: ArticleCard[] = [];
      // Walk candidates in rank order, skipping unpublished ones, as many at a time as are still missing:
      // each candidate is a random row (~25 µs of reading at 100,000 articles). The card columns are read
      // in the same statement, by primary key only (status and date are checked here; with them in SQL
      // the planner may walk the (status, published_at) index instead). A left join: a candidate without
      // a row still counts as read.
      for (let offset = 0, want = limit; out.length < limit; offset += want, want = limit - out.length) {
        const rows = await run(`sharing|${n}`, [articleId, perTag, offset, ...tagIds, want], (v) =>
          db
            .selectFrom(ranked(v).as('r'))
            .leftJoin('articles', 'articles.id', 'r.article_id')
            .select([...CARD_COLS, 'articles.status'])
            .orderBy('r.n', 'desc')
            .orderBy('r.article_id', 'desc'),
        );
        for (const r of rows) {
          if (r.status === 'published' && r.published_at !== null && r.published_at <= now) out.push(toCard(r as CardRow));
        }
        if (rows.length < want) break;
      }
      return out;
    },

    async tagNames(articleId: number): Promise<string[]> {
      const rows = await run('tagNames', [articleId], (v) =>
        db
          .selectFrom('article_tags')
          .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
          .select('tags.name')
          .where('article_tags.article_id', '=', v(0))
          .orderBy('tags.name'),
      );
      return rows.map((r) => r.name);
    },

    /** The few columns that say whether an article is public and where it sits. */
    async publicRef(id: number): Promise<{ categoryId: number; status: string; publishedAt: string | null } | undefined> {
      const [r] = await run('publicRef', [id], (v) => db.selectFrom('articles').select(['category_id', 'status', 'published_at']).where('id', '=', v(0)));
      return r && { categoryId: r.category_id, status: r.status, publishedAt: r.published_at };
    },

    /** An article's tags, ids and names, by name. */
    async tagsOf(articleId: number): Promise<Array<{ id: number; name: string }>> {
      return run('tagsOf', [articleId], (v) =>
        db
          .selectFrom('article_tags')
          .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
          .select(['tags.id', 'tags.name'])
          .where('article_tags.article_id', '=', v(0))
          .orderBy('tags.name'),
      );
    },

    async tagByName(name: string): Promise<{ id: number; name: string } | undefined> {
      return db.selectFrom('tags').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
    },

    /** Replace an article's tags inside the caller's transaction, creating tags as needed. */
    async setTags(trx: Db, articleId: number, names: string[]): Promise<void> {
      await trx.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
      const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
      for (const name of unique) {
        await trx
          .insertInto('tags')
          .values({ name })
          .onConflict((oc) => oc.column('name').doNothing())
          .execute();
        const tag = await trx.selectFrom('tags').select('id').where('name', '=', name).executeTakeFirstOrThrow();
        await trx.insertInto('article_tags').values({ article_id: articleId, tag_id: tag.id }).execute();
      }
    },
  };
}

export type ArticlesRepo = ReturnType<typeof createArticlesRepo>;
