import { z } from 'zod';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';
import { toArticle, type Article } from './articles.model.ts';
import type { ArticleStatus } from './articles.schema.ts';
import { countArticlesByStatus } from './articles.member-counts.ts';

/** The fields a member writes on a submission; also the JSON stored in `article_revisions.data`. */
export const SubmissionFieldsSchema = z.object({
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  /** Category slug. */
  category: z.string(),
  tags: z.array(z.string()),
  source: z.string(),
  original: z.boolean(),
  cover: z.string(),
});
export type SubmissionFields = z.infer<typeof SubmissionFieldsSchema>;

/** An article with the workflow's own columns. */
export interface WorkflowArticle extends Article {
  submittedAt: string | null;
  rejectReason: string;
}

export type RevisionStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface Revision {
  id: number;
  articleId: number;
  memberId: number;
  data: SubmissionFields;
  status: RevisionStatus;
  reason: string;
  reviewedBy: number | null;
  reviewedAt: string | null;
  createdAt: string;
}

/** One row of 我的文章: the article plus its latest revision's state, if any. */
export interface OwnArticleRow {
  id: number;
  title: string;
  categoryId: number;
  status: string;
  rejectReason: string;
  submittedAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  revision?: { status: RevisionStatus; reason: string; createdAt: string };
}

/** One entry of the review queue: a pending submission or a pending revision of a live article. */
export interface QueueEntry {
  kind: 'article' | 'revision';
  /** The article id for `article`, the revision id for `revision`. */
  id: number;
  articleId: number;
  memberId: number;
  at: string;
}

type RevisionRow = {
  id: number;
  article_id: number;
  member_id: number;
  data: string;
  status: string;
  reason: string;
  reviewed_by: number | null;
  reviewed_at: string | null;
  created_at: string;
};

function toRevision(r: RevisionRow): Revision {
  return {
    id: r.id,
    articleId: r.article_id,
    memberId: r.member_id,
    data: SubmissionFieldsSchema.parse(JSON.parse(r.data)),
    status: r.status as RevisionStatus,
    reason: r.reason,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    createdAt: r.created_at,
  };
}

/** Read side of the submission workflow: a member's own articles and the editors' queue. */
export function createWorkflowReads(db: Db) {
  async function article(id: number): Promise<WorkflowArticle | undefined> {
    const r = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? { ...toArticle(r), submittedAt: r.submitted_at, rejectReason: r.reject_reason } : undefined;
  }

  async function revision(id: number, trx: Db = db): Promise<Revision | undefined> {
    const r = await trx.selectFrom('article_revisions').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRevision(r) : undefined;
  }

  async function pendingRevision(articleId: number, trx: Db = db): Promise<Revision | undefined> {
    const r = await trx
      .selectFrom('article_revisions')
      .selectAll()
      .where('article_id', '=', articleId)
      .where('status', '=', 'pending')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return r ? toRevision(r) : undefined;
  }

  /** The member's article (any status but deleted), or undefined when it is not theirs. */
  async function ownArticle(id: number, authorId: number): Promise<WorkflowArticle | undefined> {
    const a = await article(id);
    return a && a.authorId === authorId && a.status !== 'deleted' ? a : undefined;
  }

  /** The member's articles, newest first; with `status`, only those in it. */
  async function listByAuthor(authorId: number, limit: number, offset: number, status?: ArticleStatus): Promise<OwnArticleRow[]> {
    let q = db
      .selectFrom('articles')
      .select(['id', 'title', 'category_id', 'status', 'reject_reason', 'submitted_at', 'published_at', 'created_at', 'updated_at'])
      .where('author_id', '=', authorId);
    if (status) q = q.where('status', '=', status);
    const rows = await q.orderBy('id', 'desc').limit(limit).offset(offset).execute();
    const latest = new Map<number, RevisionRow>();
    if (rows.length) {
      const revs = await db
        .selectFrom('article_revisions')
        .selectAll()
        .where(
          'article_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('id', 'asc')
        .execute();
      for (const r of revs) latest.set(r.article_id, r);
    }
    return rows.map((r) => {
      const rev = latest.get(r.id);
      return {
        id: r.id,
        title: r.title,
        categoryId: r.category_id,
        status: r.status,
        rejectReason: r.reject_reason,
        submittedAt: r.submitted_at,
        publishedAt: r.published_at,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        ...(rev ? { revision: { status: rev.status as RevisionStatus, reason: rev.reason, createdAt: rev.created_at } } : {}),
      };
    });
  }

  /** How many articles the member has in each status, deleted included (statuses with none are absent). */
  async function countByAuthor(authorId: number): Promise<Partial<Record<ArticleStatus, number>>> {
    return countArticlesByStatus(db, authorId, { withDeleted: true });
  }

  /** How many articles the member sent for review or published since `since`, and when they last did. */
  async function submissionActivity(authorId: number, since: string, trx: Db = db): Promise<{ count: number; lastAt: string | null }> {
    const r = await trx
      .selectFrom('articles')
      .select((eb) => [eb.fn.countAll().as('n')])
      .where('author_id', '=', authorId)
      .where('submitted_at', '>=', since)
      .executeTakeFirst();
    const last = await trx
      .selectFrom('articles')
      .select((eb) => eb.fn.max('submitted_at').as('last'))
      .where('author_id', '=', authorId)
      .executeTakeFirst();
    return { count: toNumber(r?.n), lastAt: (last?.last as string | null | undefined) ?? null };
  }

  function queueQuery() {
    const arts = db
      .selectFrom('articles')
      .select((eb) => [
        sql<string>`'article'`.as('kind'),
        'id',
        'id as article_id',
        'author_id as member_id',
        eb.fn.coalesce('submitted_at', 'created_at').as('at'),
      ])
      .where('status', '=', 'pending');
    const revs = db
      .selectFrom('article_revisions')
      .select([sql<string>`'revision'`.as('kind'), 'id', 'article_id', 'member_id', 'created_at as at'])
      .where('status', '=', 'pending');
    return { arts, revs };
  }

  /** Pending submissions and pending revisions together, oldest first. */
  async function queue(limit: number, offset: number): Promise<QueueEntry[]> {
    const { arts, revs } = queueQuery();
    const rows = await arts.unionAll(revs).orderBy('at', 'asc').orderBy('id', 'asc').limit(limit).offset(offset).execute();
    return rows.map((r) => ({ kind: r.kind === 'revision' ? 'revision' : 'article', id: r.id, articleId: r.article_id, memberId: r.member_id, at: r.at }));
  }

  async function queueCount(): Promise<{ articles: number; revisions: number }> {
    const a = await db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const r = await db
      .selectFrom('article_revisions')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return { articles: toNumber(a?.n), revisions: toNumber(r?.n) };
  }

  return { article, revision, pendingRevision, ownArticle, listByAuthor, countByAuthor, submissionActivity, queue, queueCount };
}

export type WorkflowReads = ReturnType<typeof createWorkflowReads>;
