import { fieldErrors, zhError } from '../../platform/validation.ts';
import { z } from 'zod';
import { syncIdSequence, type Db, type DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { FieldErrors } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import type { Categories, Category } from '../categories/index.ts';
import { checkArticleRules } from './articles.rules.ts';
import type { Members } from '../members/index.ts';
import type { ArticleRow } from '../../platform/db/schema.ts';
import { createArticlesRepo } from './articles.repo.ts';
import { articleCacheTags } from './articles.cache-tags.ts';
import type { ArticleIndexer } from './articles.index-source.ts';
import { ArticleInputSchema, type ArticleInput } from './articles.schema.ts';

/**
 * Bulk import of articles in the API's JSON shape (`zixun import`). Idempotent: a line is matched to
 * an existing, non-deleted article and updated (or left alone when nothing differs) instead of added
 * twice. Matching, in order:
 *   1. the line's `id`, when that article exists and still has the same title or the same publishedAt
 *      (so an unrelated article that happens to have the id in another database is not overwritten);
 *   2. the stable key author + title + sourceUrl;
 *   3. otherwise a new article, keeping the line's `id` when it is free (URLs survive a move between
 *      databases), else taking a new one.
 */
export interface ImportItem {
  id?: number;
  input: ArticleInput;
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/** A validated line, ready to write. */
export interface PreparedImport {
  id?: number;
  author: string;
  tags: string[];
  /** The UTC instant; null: no date (as in the API: a published article keeps its own or gets the current time). */
  publishedAt?: string | null;
  values: {
    title: string;
    subtitle: string;
    summary: string;
    body: string;
    cover: string;
    category_id: number;
    source: string;
    source_url: string;
    original: number;
    status: string;
    recommend_level: number;
    verified: number;
    seo_keywords: string;
    seo_description: string;
    allow_comments: number;
    redirect_url: string;
  };
}

const IdSchema = z.number().int().min(1).max(2_147_483_647);

/**
 * Parse one decoded line: read-only fields (`url`, `mobileUrl`) are ignored; dates and statuses follow the
 * API's rules (a real ISO 8601 date, China time without an offset; `null` for no date; never `deleted`).
 */
export function parseImportLine(raw: unknown): { ok: true; item: ImportItem } | { ok: false; fields: FieldErrors } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, fields: { _: t.errors.article.importNotObject } };
  const { id, url: _url, mobileUrl: _mobileUrl, originalClaimed, ...rest } = raw as Record<string, unknown>;
  // Export lines say `original` as the page shows it; a flagged claim (false, claimed true) is kept.
  if (rest.original === false && originalClaimed === true) rest.original = true;
  const fields: FieldErrors = {};
  const idOk = id === undefined || id === null || IdSchema.safeParse(id).success;
  if (!idOk) fields.id = t.errors.article.importBadId;
  const parsed = ArticleInputSchema.safeParse(rest, { error: zhError });
  if (!parsed.success) Object.assign(fields, fieldErrors(parsed.error));
  if (!parsed.success || !idOk) return { ok: false, fields };
  return { ok: true, item: { ...(typeof id === 'number' ? { id } : {}), input: parsed.data } };
}

interface WriteResult {
  outcome: ImportOutcome;
  id: number;
  authorId: number;
  /** The id was taken from the line (PostgreSQL then needs its sequence moved). */
  explicitId: boolean;
  before?: { row: ArticleRow; tags: string[] };
}

const tagSet = (tags: string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))].sort();

export function createArticleImporter(deps: {
  dbh: DbHandle;
  clock: Clock;
  categories: Categories;
  members: Members;
  purge?: (tags: string[]) => void;
  articleIndexer?: ArticleIndexer;
}) {
  const { dbh, categories, members } = deps;

  /** Check references and rules the schema cannot (category, picture pick cover, author name, empty body). */
  async function prepare(item: ImportItem): Promise<PreparedImport> {
    const a = item.input;
    const checked = await checkArticleRules(categories, a);
    const category = checked.category as Category;
    const body = checked.body as string;
    return {
      ...(item.id !== undefined ? { id: item.id } : {}),
      author: a.author,
      tags: tagSet(a.tags),
      ...(a.publishedAt !== undefined ? { publishedAt: a.publishedAt === null ? null : new Date(a.publishedAt).toISOString() } : {}),
      values: {
        title: a.title,
        subtitle: a.subtitle,
        summary: a.summary,
        body,
        cover: a.cover,
        category_id: category.id,
        source: a.source,
        source_url: a.sourceUrl,
        original: a.original ? 1 : 0,
        status: a.status,
        recommend_level: a.recommendLevel,
        verified: a.verified ? 1 : 0,
        seo_keywords: a.keywords,
        seo_description: a.description,
        allow_comments: a.allowComments ? 1 : 0,
        redirect_url: a.redirectUrl,
      },
    };
  }

  async function findMatch(trx: Db, p: PreparedImport, authorId: number): Promise<ArticleRow | undefined> {
    if (p.id !== undefined) {
      const r = await trx.selectFrom('articles').selectAll().where('id', '=', p.id).where('status', '!=', 'deleted').executeTakeFirst();
      if (r && (r.title === p.values.title || (typeof p.publishedAt === 'string' && r.published_at === p.publishedAt))) return r;
    }
    // author_id first: it is indexed, so this scans one author's articles, not the table.
    return trx
      .selectFrom('articles')
      .selectAll()
      .where('author_id', '=', authorId)
      .where('title', '=', p.values.title)
      .where('source_url', '=', p.values.source_url)
      .where('status', '!=', 'deleted')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
  }

  /** The date a line leaves an article with (`kept`: its current one; `now` when a published one has none). */
  function datedAs(p: PreparedImport, kept: string | null, now: string): string | null {
    if (p.publishedAt) return p.publishedAt;
    if (p.values.status === 'published') return kept ?? now;
    return p.publishedAt === null ? null : kept;
  }

  function isSame(cur: ArticleRow, curTags: string[], p: PreparedImport, authorId: number): boolean {
    const v = p.values;
    const keys = Object.keys(v) as Array<keyof typeof v>;
    return (
      keys.every((k) => cur[k] === v[k]) &&
      cur.author_id === authorId &&
      cur.published_at === datedAs(p, cur.published_at, cur.published_at ?? '') &&
      tagSet(curTags).join('\n') === p.tags.join('\n')
    );
  }

  async function writeOne(trx: Db, p: PreparedImport): Promise<WriteResult> {
    const repo = createArticlesRepo(trx);
    const now = deps.clock.now().toISOString();
    const author = await members.ensure(p.author, trx);
    const cur = await findMatch(trx, p, author.id);
    if (cur) {
      const curTags = await repo.tagNames(cur.id);
      if (isSame(cur, curTags, p, author.id)) return { outcome: 'unchanged', explicitId: false, id: cur.id, authorId: author.id };
      const publishedAt = datedAs(p, cur.published_at, now);
      await trx
        .updateTable('articles')
        .set({ ...p.values, author_id: author.id, published_at: publishedAt, updated_at: now })
        .where('id', '=', cur.id)
        .execute();
      await repo.setTags(trx, cur.id, p.tags);
      return { outcome: 'updated', explicitId: false, id: cur.id, authorId: author.id, before: { row: cur, tags: curTags } };
    }
    const idFree = p.id !== undefined && !(await trx.selectFrom('articles').select('id').where('id', '=', p.id).executeTakeFirst());
    const publishedAt = p.publishedAt ?? (p.values.status === 'published' ? now : null);
    const row = await trx
      .insertInto('articles')
      .values({ ...(idFree ? { id: p.id } : {}), ...p.values, author_id: author.id, published_at: publishedAt, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.setTags(trx, row.id, p.tags);
    return { outcome: 'created', explicitId: idFree, id: row.id, authorId: author.id };
  }

  /** Write a batch in one transaction: all of it or, if anything fails, none of it. */
  async function importBatch(items: PreparedImport[]): Promise<ImportOutcome[]> {
    const results = await dbh.tx(async (trx) => {
      const out = [];
      for (const p of items) {
        const r = await writeOne(trx, p);
        if (r.outcome !== 'unchanged') await deps.articleIndexer?.sync(trx, r.id);
        out.push(r);
      }
      if (out.some((r) => r.explicitId)) await syncIdSequence(trx, dbh.dialect, 'articles');
      return out;
    });
    if (deps.purge) await purgeChanged(results, items);
    return results.map((r) => r.outcome);
  }

  /** Purge what showed the old state and what will show the new one, like the service does. */
  async function purgeChanged(results: WriteResult[], items: PreparedImport[]): Promise<void> {
    const tags = new Set<string>();
    const add = async (a: { id: number; category_id: number; author_id: number; recommend_level: number }, tagNames: string[]) => {
      const chain = (await categories.ancestry(a.category_id)).map((c) => c.id);
      for (const t of articleCacheTags({ id: a.id, categoryId: a.category_id, authorId: a.author_id, recommendLevel: a.recommend_level }, tagNames, chain))
        tags.add(t);
    };
    for (const [i, r] of results.entries()) {
      const p = items[i];
      if (r.outcome === 'unchanged' || !p) continue;
      if (r.before?.row.status === 'published') await add(r.before.row, r.before.tags);
      if (p.values.status === 'published') await add({ ...p.values, id: r.id, author_id: r.authorId }, p.tags);
    }
    if (tags.size) deps.purge?.([...tags]);
  }

  return { prepare, importBatch };
}

export type ArticleImporter = ReturnType<typeof createArticleImporter>;
