import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { htmlToText } from '../../platform/html/sanitize.ts';
import type { Categories } from '../categories/index.ts';
import type { Members } from '../members/index.ts';
import { createArticlesRepo } from './articles.repo.ts';
import type { Article } from './articles.model.ts';
import { articleCacheTags } from './articles.cache-tags.ts';
import { checkArticleRules } from './articles.rules.ts';
import type { ArticleIndexer } from './articles.index-source.ts';
import { createWorkflowReads, type SubmissionFields, type WorkflowArticle } from './articles.workflow-reads.ts';
import { t } from '../../strings/index.ts';

/**
 * Hooks run inside the write's transaction: `before` may refuse (quota checks), `after` records
 * (the audit log). Either throwing rolls the whole write back.
 */
export interface TxHooks {
  before?: (trx: Db) => Promise<void>;
  after?: (trx: Db, articleId: number) => Promise<void>;
}

export interface WorkflowDeps {
  dbh: DbHandle;
  clock: Clock;
  categories: Categories;
  members: Members;
  purge: (tags: string[]) => void;
  /** Indexes that follow every write, inside its transaction (search, fingerprints). */
  articleIndexer?: ArticleIndexer;
}

/** A write lost a race (reviewed, withdrawn or edited meanwhile): the caller shows it, nothing was written. */
export function changed(): ConflictError {
  return new ConflictError(t.errors.articleStateChanged, 'article_state_changed');
}

/** What every workflow write shares: the article rules, the columns a member writes, precise purges. */
export function createWorkflowCore(deps: WorkflowDeps) {
  const { dbh, clock, categories } = deps;
  const repo = createArticlesRepo(dbh.db);
  const reads = createWorkflowReads(dbh.db);
  const nowIso = () => clock.now().toISOString();

  const isPublic = (a: Article) => a.status === 'published' && !!a.publishedAt && a.publishedAt <= nowIso();

  async function purgeIfPublic(a: Article, tagNames: string[]): Promise<void> {
    if (!isPublic(a)) return;
    const chain = (await categories.ancestry(a.categoryId)).map((c) => c.id);
    deps.purge(articleCacheTags(a, tagNames, chain));
  }

  /** Shared article rules (category exists, picture picks need a cover, sanitized body not empty). */
  async function prepare(f: SubmissionFields, current?: { recommendLevel: number; cover: string }, recommendLevel?: number) {
    const { category, body } = await checkArticleRules(categories, { category: f.category, body: f.body, cover: f.cover, recommendLevel }, current);
    // Markup without words or pictures (what is left of `<p><script>…</script></p>`) is no body.
    if (!htmlToText(body as string) && !/<img\b/i.test(body as string)) throw new ValidationError({ body: t.errors.bodyEmpty });
    return { ...f, body: body as string, categoryId: (category as { id: number }).id };
  }

  function columns(p: Awaited<ReturnType<typeof prepare>>) {
    return { title: p.title, summary: p.summary, body: p.body, cover: p.cover, category_id: p.categoryId, source: p.source, original: p.original ? 1 : 0 };
  }

  async function reload(id: number): Promise<WorkflowArticle> {
    const a = await reads.article(id);
    if (!a) throw new NotFoundError(t.errors.articleNotFound, 'article_not_found');
    return a;
  }

  /** Bring the indexes in line with the article, in the write's transaction. */
  const sync = async (trx: Db, id: number): Promise<void> => {
    await deps.articleIndexer?.sync(trx, id);
  };

  return { ...deps, repo, reads, nowIso, purgeIfPublic, prepare, columns, reload, sync };
}

export type WorkflowCore = ReturnType<typeof createWorkflowCore>;
