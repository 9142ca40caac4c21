import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';
import { createQueryMemo } from '../../platform/db/query-memo.ts';
import type { CommentActions } from './comments.actions.ts';

export const COMMENT_STATUSES = ['visible', 'pending', 'hidden', 'deleted'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** The comment a reply answers, as the reply shows it: only a visible parent shows its text. */
export interface CommentQuote {
  id: number;
  floor: number;
  nickname: string;
  /** The start of the parent's text; empty when the parent is no longer visible. */
  excerpt: string;
  gone: boolean;
}

export interface CommentView {
  id: number;
  articleId: number;
  memberId: number | null;
  nickname: string;
  body: string; // plain text; escaped on output
  floor: number;
  likes: number;
  status: CommentStatus;
  ip: string;
  createdAt: string;
  parent: CommentQuote | null;
}

export interface CommentPage {
  items: CommentView[];
  total: number;
}

export type CommentOrder = 'newest' | 'oldest';

const EXCERPT = 60;

export function excerpt(text: string, max = EXCERPT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max) + '…' : flat;
}

const COLS = ['id', 'article_id', 'member_id', 'nickname', 'body', 'floor', 'likes', 'status', 'ip', 'parent_id', 'created_at'] as const;
type Row = {
  id: number;
  article_id: number;
  member_id: number | null;
  nickname: string;
  body: string;
  floor: number;
  likes: number;
  status: string;
  ip: string;
  parent_id: number | null;
  created_at: string;
};

/**
 * Comments as other features see them: the read side (相关评论, comment pages, 我的评论, 评论管理) and
 * the write side (posting, 顶, moderation). The write side needs services main.ts constructs after
 * this one (audit, banned words), so registerComments attaches it; it is there before any request.
 */
export function createComments(deps: { db: Db }) {
  const { db } = deps;
  const run = createQueryMemo(db);
  let writer: CommentActions | undefined;
  const actions = (): CommentActions => {
    if (!writer) throw new Error('comments: the write side is attached by registerComments');
    return writer;
  };

  /** Rows to views, with the quoted parent of each reply loaded in one query. */
  async function toViews(rows: Row[]): Promise<CommentView[]> {
    const parentIds = [...new Set(rows.map((r) => r.parent_id).filter((id): id is number => id !== null))];
    const parents = new Map<number, CommentQuote>();
    if (parentIds.length) {
      const ps = await db.selectFrom('comments').select(['id', 'floor', 'nickname', 'body', 'status']).where('id', 'in', parentIds).execute();
      for (const p of ps) {
        const gone = p.status !== 'visible';
        parents.set(p.id, { id: p.id, floor: p.floor, nickname: p.nickname, excerpt: gone ? '' : excerpt(p.body), gone });
      }
    }
    return rows.map((r) => ({
      id: r.id,
      articleId: r.article_id,
      memberId: r.member_id,
      nickname: r.nickname,
      body: r.body,
      floor: r.floor,
      likes: r.likes,
      status: r.status as CommentStatus,
      ip: r.ip,
      createdAt: r.created_at,
      parent: r.parent_id === null ? null : (parents.get(r.parent_id) ?? { id: r.parent_id, floor: 0, nickname: '', excerpt: '', gone: true }),
    }));
  }

  async function page(
    where: { articleId?: number; memberId?: number; status?: CommentStatus },
    order: CommentOrder,
    pageNo: number,
    perPage: number,
    counted = true,
  ): Promise<CommentPage> {
    let q = db.selectFrom('comments');
    if (where.articleId !== undefined) q = q.where('article_id', '=', where.articleId);
    if (where.memberId !== undefined) q = q.where('member_id', '=', where.memberId);
    if (where.status !== undefined) q = q.where('status', '=', where.status);
    const [rows, n] = await Promise.all([
      q
        .select(COLS)
        .orderBy('id', order === 'newest' ? 'desc' : 'asc')
        .limit(perPage)
        .offset((pageNo - 1) * perPage)
        .execute(),
      counted ? q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst() : undefined,
    ]);
    return { items: await toViews(rows), total: toNumber(n?.n) };
  }

  return {
    attachActions(a: CommentActions): void {
      writer = a;
    },
    post: (p: Parameters<CommentActions['post']>[0]) => actions().post(p),
    like: (commentId: number, voter: string) => actions().like(commentId, voter),
    moderate: (m: Parameters<CommentActions['moderate']>[0]) => actions().moderate(m),
    /** Hide one comment (e.g. from a report); audited, counts and pages updated. */
    async hide(id: number, actorId: number, ip: string): Promise<void> {
      await actions().moderate({ ids: [id], action: 'hide', actorId, ip });
    },

    /** The latest visible comments of an article (相关评论 on the article page). */
    async latestFor(articleId: number, limit: number): Promise<CommentView[]> {
      // On every uncached article page: built and compiled once (the same rows as page 1 of forArticle).
      const rows = await run('latest', [articleId, limit], (v) =>
        db.selectFrom('comments').select(COLS).where('article_id', '=', v(0)).where('status', '=', 'visible').orderBy('id', 'desc').limit(v(1)),
      );
      return toViews(rows);
    },
    /** One page of an article's visible comments, newest or oldest first. */
    forArticle: (articleId: number, order: CommentOrder, pageNo: number, perPage: number) => page({ articleId, status: 'visible' }, order, pageNo, perPage),
    /** A member's own comments in every status, newest first (我的评论). */
    forMember: (memberId: number, pageNo: number, perPage: number) => page({ memberId }, 'newest', pageNo, perPage),
    /** Every comment for staff, filtered by status and article, newest first (评论管理). */
    forStaff: (filter: { status?: CommentStatus; articleId?: number }, pageNo: number, perPage: number) => page(filter, 'newest', pageNo, perPage),

    async get(id: number): Promise<CommentView | undefined> {
      const r = await db.selectFrom('comments').select(COLS).where('id', '=', id).executeTakeFirst();
      return r ? (await toViews([r]))[0] : undefined;
    },

    /** Comments per status (for the admin filter tabs and the dashboard). */
    async countByStatus(): Promise<Record<CommentStatus, number>> {
      const rows = await db
        .selectFrom('comments')
        .select(['status', (eb) => eb.fn.countAll().as('n')])
        .groupBy('status')
        .execute();
      const out: Record<CommentStatus, number> = { visible: 0, pending: 0, hidden: 0, deleted: 0 };
      for (const r of rows) if (r.status in out) out[r.status as CommentStatus] = toNumber(r.n);
      return out;
    },

    /** Comments written since an ISO time (dashboard: today's new comments). */
    async countSince(iso: string): Promise<number> {
      const r = await db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('created_at', '>=', iso)
        .executeTakeFirst();
      return toNumber(r?.n);
    },
  };
}

export type Comments = ReturnType<typeof createComments>;
