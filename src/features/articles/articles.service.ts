import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { checkArticleRules } from './articles.rules.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import type { Categories, Category } from '../categories/index.ts';
import type { Member, Members } from '../members/index.ts';
import { createArticlesRepo } from './articles.repo.ts';
import type { Article, ArticleCard, ArticleLink, ListFilter } from './articles.model.ts';
import { createPublicationOrder } from './articles.order.ts';
import { articleCacheTags } from './articles.cache-tags.ts';
import { ArticleInputSchema, ArticlePatchSchema, type ArticleInput } from './articles.schema.ts';
import type { ArticleIndexer } from './articles.index-source.ts';
import { splitPages } from './articles.pages.ts';
import { t } from '../../strings/index.ts';

/** How a published article left the site: taken off for now (下架 to 草稿), or as a sanction (未通过, deleted). */
export type TakeDown = 'unpublished' | 'sanction';
export { splitPages };

export interface ArticleDetail extends Article {
  author: Member;
  category: Category;
  categoryChain: Category[];
  tags: string[];
  /** The body split at the editor's page breaks (`<hr class="pagebreak">`). */
  pages: string[];
}

export type ListOptions = Omit<ListFilter, 'now'>;

/** What 相关文章 needs of a public article: where it sits and its tags (ids and names, by name). */
export interface RelatedSource {
  id: number;
  categoryId: number;
  categoryChain: Category[];
  tags: Array<{ id: number; name: string }>;
}

const COUNT_TTL_MS = 60_000;
const COUNT_KEYS = 1_000;

export function createArticles(deps: {
  dbh: DbHandle;
  clock: Clock;
  categories: Categories;
  members: Members;
  purge: (tags: string[]) => void;
  articleIndexer?: ArticleIndexer;
  /**
   * After a published article left the site (unpublished, rejected or deleted by staff or over the
   * API): the one hook for every take-down path (the author's 站内信; on a sanction, points: the
   * article's approval reward is reversed). `reason` is what the author is told, when the path gives one.
   */
  onTakenDown?: (articleId: number, actorId: number | undefined, reason?: string, how?: TakeDown) => Promise<void>;
  /**
   * After an article that is not published becomes published by an edit (any path: 回收站's 恢复并发布,
   * 发布 of a restored draft, the API): points give back what its earlier take-downs reversed.
   */
  onPublished?: (articleId: number, actorId: number | undefined) => Promise<void>;
  /** A background read failed (the in-memory publication order): logged; pages fall back to SQL. */
  onError?: (e: unknown) => void;
  /**
   * Subscribes to "some article's public state changed" (page-cache purges and clears, which every
   * article write and scheduled release triggers, from this instance or over the purge bus). With it,
   * list counts are kept between requests; without it, every count is read from the database.
   */
  onListsChanged?: (fn: (tags?: string[]) => void) => void;
}) {
  const { dbh, clock, categories, members } = deps;
  const repo = createArticlesRepo(dbh.db);
  const nowIso = () => clock.now().toISOString();

  async function purgeFor(a: Article, tagNames: string[]): Promise<void> {
    const chain = (await categories.ancestry(a.categoryId)).map((c) => c.id);
    deps.purge(articleCacheTags(a, tagNames, chain));
  }

  /** The article with author, category and tags; the tags' ids too (what 相关文章 needs of them). */
  async function detailAndTags(a: Article): Promise<{ article: ArticleDetail; tags: Array<{ id: number; name: string }> } | undefined> {
    const [author, category, chain, tags] = await Promise.all([
      members.byId(a.authorId),
      categories.byId(a.categoryId),
      categories.ancestry(a.categoryId),
      repo.tagsOf(a.id),
    ]);
    if (!author || !category) return undefined;
    const article = { ...a, author, category, categoryChain: chain, tags: tags.map((tag) => tag.name), pages: splitPages(a.body) };
    return { article, tags };
  }

  async function detail(a: Article): Promise<ArticleDetail | undefined> {
    return (await detailAndTags(a))?.article;
  }

  const isPublic = (a: { status: string; publishedAt: string | null }) => a.status === 'published' && !!a.publishedAt && a.publishedAt <= nowIso();

  /** A published, already-public article, or undefined (drafts, scheduled and deleted ones are not public). */
  async function getPublished(id: number): Promise<ArticleDetail | undefined> {
    const a = await repo.byId(id);
    if (!a || !isPublic(a)) return undefined;
    return detail(a);
  }

  /**
   * getPublished for the article page: the detail and, from the same reads, what its 相关文章 fragment
   * needs (relatedSource's answer), so the fragment rendered with the page reads neither again.
   */
  async function getPublishedPage(id: number): Promise<{ article: ArticleDetail; related: RelatedSource } | undefined> {
    const a = await repo.byId(id);
    if (!a || !isPublic(a)) return undefined;
    const d = await detailAndTags(a);
    if (!d) return undefined;
    const { article, tags } = d;
    return { article, related: { id, categoryId: article.categoryId, categoryChain: article.categoryChain, tags } };
  }

  /**
   * What the 相关文章 fallback needs of a public article — its category chain and tags — in two small
   * queries (no body, no author), or undefined when the article is not public.
   */
  async function relatedSource(id: number): Promise<RelatedSource | undefined> {
    const r = await repo.publicRef(id);
    if (!r || !isPublic(r)) return undefined;
    const [categoryChain, tags] = await Promise.all([categories.ancestry(r.categoryId), repo.tagsOf(id)]);
    return { id, categoryId: r.categoryId, categoryChain, tags };
  }

  /** Many public articles with author, category and tags in four queries, in the order of `ids`. */
  async function getPublishedMany(ids: number[]): Promise<ArticleDetail[]> {
    const now = nowIso();
    const rows = (await repo.byIds(ids)).filter((a) => a.status === 'published' && a.publishedAt && a.publishedAt <= now);
    const [authors, tags] = await Promise.all([members.byIds(rows.map((a) => a.authorId)), repo.tagNamesFor(rows.map((a) => a.id))]);
    const out: ArticleDetail[] = [];
    for (const a of rows) {
      const author = authors.get(a.authorId);
      const category = await categories.byId(a.categoryId);
      if (!author || !category) continue;
      out.push({ ...a, author, category, categoryChain: await categories.ancestry(a.categoryId), tags: tags.get(a.id) ?? [], pages: splitPages(a.body) });
    }
    return out;
  }

  async function getAny(id: number): Promise<ArticleDetail | undefined> {
    const a = await repo.byId(id);
    return a ? detail(a) : undefined;
  }

  async function list(opts: ListOptions, limit: number, offset = 0): Promise<ArticleCard[]> {
    return repo.list({ ...opts, now: nowIso() }, limit, offset);
  }

  // Counting a list reads every index entry of it (18,612 for the benchmark's largest category, about
  // 2 ms) only to number the pages: counts are kept until an article write, or a minute at most
  // (articles written by a process without the purge bus).
  const counts = new Map<string, { n: number; at: number }>();
  let countsGeneration = 0;
  deps.onListsChanged?.(() => {
    countsGeneration++;
    counts.clear();
  });

  // 上一篇/下一篇 from the in-memory publication order when purges keep it current; else two index seeks.
  const order = deps.onListsChanged
    ? createPublicationOrder(repo.publicationOrder, { now: () => clock.now().getTime(), maxAgeMs: COUNT_TTL_MS, onError: deps.onError })
    : undefined;
  if (order) deps.onListsChanged?.(order.changed);

  async function neighbours(a: Article & { publishedAt: string }): Promise<{ prev?: ArticleLink; next?: ArticleLink }> {
    const now = clock.now();
    if (!order) return repo.neighbours(a, now.toISOString());
    const found = await order.neighbours(a, now.getTime()).catch(() => undefined);
    if (!found) return repo.neighbours(a, now.toISOString()); // the order is not held yet or could not be read: SQL answers
    const wanted = [found.prev, found.next].flatMap((e) => (e ? [{ id: e.id, at: new Date(e.at).toISOString() }] : []));
    const titles = await repo.neighbourTitles(a.categoryId, wanted);
    // One changed by a process without the purge bus (the order is read again within a minute), or a date
    // stored in another form: SQL answers.
    if (titles.size < wanted.length) return repo.neighbours(a, now.toISOString());
    const out: { prev?: ArticleLink; next?: ArticleLink } = {};
    if (found.prev) out.prev = { id: found.prev.id, title: titles.get(found.prev.id) as string };
    if (found.next) out.next = { id: found.next.id, title: titles.get(found.next.id) as string };
    return out;
  }

  async function count(opts: ListOptions): Promise<number> {
    if (!deps.onListsChanged) return repo.count({ ...opts, now: nowIso() });
    const key = JSON.stringify(opts);
    const at = clock.now().getTime();
    const kept = counts.get(key);
    if (kept && at - kept.at < COUNT_TTL_MS) return kept.n;
    const gen = countsGeneration;
    const n = await repo.count({ ...opts, now: nowIso() });
    if (gen === countsGeneration) {
      if (counts.size >= COUNT_KEYS) counts.delete(counts.keys().next().value as string);
      counts.set(key, { n, at });
    }
    return n;
  }

  /** Create an article; everything (member, tags, row) is written in one transaction or not at all. */
  async function create(raw: unknown): Promise<ArticleDetail> {
    const input: ArticleInput = parseOrThrow(ArticleInputSchema, raw);
    const checked = await checkArticleRules(categories, input);
    const category = checked.category as Category;
    const body = checked.body as string;
    const now = nowIso();
    const publishedAt = input.publishedAt ? new Date(input.publishedAt).toISOString() : input.status === 'published' ? now : null;
    const id = await dbh.tx(async (trx) => {
      const author = await members.ensure(input.author, trx);
      const row = await trx
        .insertInto('articles')
        .values({
          title: input.title,
          subtitle: input.subtitle,
          summary: input.summary,
          body,
          cover: input.cover,
          category_id: category.id,
          author_id: author.id,
          source: input.source,
          source_url: input.sourceUrl,
          original: input.original ? 1 : 0,
          status: input.status,
          recommend_level: input.recommendLevel,
          verified: input.verified ? 1 : 0,
          published_at: publishedAt,
          created_at: now,
          updated_at: now,
          seo_keywords: input.keywords,
          seo_description: input.description,
          allow_comments: input.allowComments ? 1 : 0,
          redirect_url: input.redirectUrl,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await repo.setTags(trx, row.id, input.tags);
      await deps.articleIndexer?.sync(trx, row.id);
      return row.id;
    });
    const d = (await getAny(id)) as ArticleDetail;
    if (d.status === 'published') await purgeFor(d, d.tags);
    return d;
  }

  /** `opts.rejectReason`: what the author is told in 我的文章 when this takes the article down (a report upheld). */
  async function update(id: number, raw: unknown, actorId?: number, opts: { rejectReason?: string } = {}): Promise<ArticleDetail> {
    const cur = await repo.byId(id);
    if (!cur || cur.status === 'deleted') throw new NotFoundError(t.errors.articleNotFound, 'article_not_found');
    const p = parseOrThrow(ArticlePatchSchema, raw);
    const { category, body } = await checkArticleRules(categories, p, cur);
    const oldTags = await repo.tagNames(id);
    const now = nowIso();
    await dbh.tx(async (trx) => {
      const author = p.author !== undefined ? await members.ensure(p.author, trx) : undefined;
      const status = p.status ?? cur.status;
      // null: no date; a published article keeps its own (or, with none, gets the current time).
      const publishedAt = p.publishedAt
        ? new Date(p.publishedAt).toISOString()
        : status === 'published'
          ? (cur.publishedAt ?? now)
          : p.publishedAt === null
            ? null
            : cur.publishedAt;
      await trx
        .updateTable('articles')
        .set({
          ...(p.title !== undefined ? { title: p.title } : {}),
          ...(p.subtitle !== undefined ? { subtitle: p.subtitle } : {}),
          ...(p.summary !== undefined ? { summary: p.summary } : {}),
          ...(body !== undefined ? { body } : {}),
          ...(p.cover !== undefined ? { cover: p.cover } : {}),
          ...(category ? { category_id: category.id } : {}),
          ...(author ? { author_id: author.id } : {}),
          ...(p.source !== undefined ? { source: p.source } : {}),
          ...(p.sourceUrl !== undefined ? { source_url: p.sourceUrl } : {}),
          ...(p.original !== undefined ? { original: p.original ? 1 : 0 } : {}),
          ...(p.recommendLevel !== undefined ? { recommend_level: p.recommendLevel } : {}),
          ...(p.verified !== undefined ? { verified: p.verified ? 1 : 0 } : {}),
          ...(p.keywords !== undefined ? { seo_keywords: p.keywords } : {}),
          ...(p.description !== undefined ? { seo_description: p.description } : {}),
          ...(p.allowComments !== undefined ? { allow_comments: p.allowComments ? 1 : 0 } : {}),
          ...(p.redirectUrl !== undefined ? { redirect_url: p.redirectUrl } : {}),
          status,
          ...(opts.rejectReason !== undefined ? { reject_reason: opts.rejectReason } : {}),
          published_at: publishedAt,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      if (p.tags !== undefined) await repo.setTags(trx, id, p.tags);
      await deps.articleIndexer?.sync(trx, id);
    });
    const d = (await getAny(id)) as ArticleDetail;
    // Purge for both the old and the new state: the article may have left a category, tag or block.
    if (cur.status === 'published') await purgeFor(cur, oldTags);
    if (d.status === 'published') await purgeFor(d, d.tags);
    // Back to 草稿 is staff taking it off the site for now (下架); 未通过 or deleted is a sanction.
    if (cur.status === 'published' && d.status !== 'published')
      await deps.onTakenDown?.(id, actorId, opts.rejectReason, d.status === 'draft' ? 'unpublished' : 'sanction');
    if (cur.status !== 'published' && d.status === 'published') await deps.onPublished?.(id, actorId);
    return d;
  }

  /** Soft delete: the row stays (counters, comments, ledger links) but nothing public shows it. */
  async function remove(id: number, actorId?: number): Promise<void> {
    const cur = await repo.byId(id);
    if (!cur || cur.status === 'deleted') throw new NotFoundError(t.errors.articleNotFound, 'article_not_found');
    const tags = await repo.tagNames(id);
    await dbh.tx(async (trx) => {
      await trx.updateTable('articles').set({ status: 'deleted', updated_at: nowIso() }).where('id', '=', id).execute();
      await deps.articleIndexer?.sync(trx, id);
    });
    if (cur.status === 'published') await purgeFor(cur, tags);
    // Deleting what was live once is a sanction, also after a plain 下架 (the reversal is keyed: once).
    if (cur.status === 'published' || (cur.publishedAt && cur.status !== 'pending')) await deps.onTakenDown?.(id, actorId, undefined, 'sanction');
  }

  /**
   * Scheduled articles become public when their time comes, without a write; purge what now shows
   * them. Called periodically with the previous call's `until`.
   */
  async function releaseScheduled(since: string, until: string): Promise<number> {
    const due = await dbh.db
      .selectFrom('articles')
      .select('id')
      .where('status', '=', 'published')
      .where('published_at', '>', since)
      .where('published_at', '<=', until)
      .execute();
    for (const { id } of due) {
      const a = await repo.byId(id);
      if (a) await purgeFor(a, await repo.tagNames(id));
    }
    return due.length;
  }

  return {
    releaseScheduled,
    getPublished,
    getPublishedPage,
    getPublishedMany,
    getAny,
    list,
    count,
    cardsByIds: (ids: number[]) => repo.cardsByIds(ids, nowIso()),
    neighbours,
    relatedSource,
    /** Public cards sharing the most of these tags with article `id` (see the repo's sharingTags). */
    sharingTagIds: (id: number, tagIds: number[], limit: number) => repo.sharingTags(id, tagIds, limit, nowIso()),
    tagByName: repo.tagByName,
    create,
    update,
    remove,
  };
}

export type Articles = ReturnType<typeof createArticles>;
