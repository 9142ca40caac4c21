import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';
import { createQueryMemo } from '../../platform/db/query-memo.ts';
import type { CommentActions } from './comments.actions.ts';

/** `removed`: deleted by its author; its floor stays and reads 该评论已被作者删除. `deleted`: by staff. */
export const COMMENT_STATUSES = ['visible', 'pending', 'hidden', 'deleted', 'removed'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** The comment a reply answers, as the reply shows it: only a visible parent shows its text. */
export interface CommentQuote {
  id: number;
  floor: number;
  nickname: string;
  /** Written by a guest (shown with the 游客 badge). */
  guest: boolean;
  /** The start of the parent's text; empty when the parent is no longer visible. */
  excerpt: string;
  gone: boolean;
  /** Gone because its author deleted it. */
  removed: boolean;
}

export interface CommentView {
  id: number;
  articleId: number;
  memberId: number | null;
  /** A member's current 昵称 (or username); a guest's nickname as typed. */
  nickname: string;
  /**
   * The version of a member's 头像 as it is now ('' = none); undefined where unknown (a guest, or no
   * members lookup). Pages print it: `memberRenamed` renews them when it changes, as for a 昵称.
   */
  avatar?: string | undefined;
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
  /** Rows the listing pages through (an article's list counts the floors of removed comments too). */
  total: number;
}

/** What 评论管理 filters by. */
export interface StaffFilter {
  status?: CommentStatus | undefined;
  articleId?: number | undefined;
  memberId?: number | undefined;
  ip?: string | undefined;
  keyword?: string | undefined;
}

/** Members' current names, for comments written by members (main.ts passes the members service). */
export interface MemberNameLookup {
  byIds(ids: number[]): Promise<Map<number, { username: string; displayName: string; avatar?: string | undefined }>>;
}

/** An article's list: visible comments and the floors of those their authors removed. */
type Where = StaffFilter & { shown?: boolean };

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
export function createComments(deps: { db: Db; members?: MemberNameLookup }) {
  const { db } = deps;
  const run = createQueryMemo(db);
  let writer: CommentActions | undefined;
  let members = deps.members;
  const actions = (): CommentActions => {
    if (!writer) throw new Error('comments: the write side is attached by registerComments');
    return writer;
  };

  /** Members' names as they are now (a 昵称 changed after posting shows the new one); stored nicknames otherwise. */
  async function namesOf(ids: number[]): Promise<Map<number, { name: string; avatar: string | undefined }>> {
    const out = new Map<number, { name: string; avatar: string | undefined }>();
    if (!members || !ids.length) return out;
    for (const [id, m] of await members.byIds([...new Set(ids)])) out.set(id, { name: m.displayName || m.username, avatar: m.avatar });
    return out;
  }

  /** Rows to views, with the quoted parent of each reply loaded in one query. */
  async function toViews(rows: Row[]): Promise<CommentView[]> {
    const parentIds = [...new Set(rows.map((r) => r.parent_id).filter((id): id is number => id !== null))];
    const ps = parentIds.length
      ? await db.selectFrom('comments').select(['id', 'floor', 'nickname', 'body', 'status', 'member_id']).where('id', 'in', parentIds).execute()
      : [];
    const names = await namesOf([...rows, ...ps].flatMap((r) => (r.member_id === null ? [] : [r.member_id])));
    const nameOf = (r: { member_id: number | null; nickname: string }) => (r.member_id === null ? r.nickname : (names.get(r.member_id)?.name ?? r.nickname));
    const parents = new Map<number, CommentQuote>();
    for (const p of ps) {
      const gone = p.status !== 'visible';
      parents.set(p.id, {
        id: p.id,
        floor: p.floor,
        nickname: nameOf(p),
        guest: p.member_id === null,
        excerpt: gone ? '' : excerpt(p.body),
        gone,
        removed: p.status === 'removed',
      });
    }
    return rows.map((r) => ({
      id: r.id,
      articleId: r.article_id,
      memberId: r.member_id,
      nickname: nameOf(r),
      ...(r.member_id === null ? {} : { avatar: names.get(r.member_id)?.avatar }),
      body: r.body,
      floor: r.floor,
      likes: r.likes,
      status: r.status as CommentStatus,
      ip: r.ip,
      createdAt: r.created_at,
      parent:
        r.parent_id === null
          ? null
          : (parents.get(r.parent_id) ?? { id: r.parent_id, floor: 0, nickname: '', guest: false, excerpt: '', gone: true, removed: false }),
    }));
  }

  async function page(where: Where, order: CommentOrder, pageNo: number, perPage: number, counted = true): Promise<CommentPage> {
    let q = db.selectFrom('comments');
    if (where.articleId !== undefined) q = q.where('article_id', '=', where.articleId);
    if (where.memberId !== undefined) q = q.where('member_id', '=', where.memberId);
    if (where.status !== undefined) q = q.where('status', '=', where.status);
    if (where.shown) q = q.where((eb) => eb.or([eb('status', '=', 'visible'), eb.and([eb('status', '=', 'removed'), eb('floor', '>', 0)])]));
    if (where.ip) q = q.where('ip', '=', where.ip);
    if (where.keyword) {
      // The database folds both sides alike (SQLite's lower() folds ASCII only, PostgreSQL's more).
      const pattern = `%${where.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where(sql<SqlBool>`lower(${sql.ref('body')}) like lower(${pattern}) escape '\\'`);
    }
    const dir = order === 'newest' ? 'desc' : 'asc';
    // An article's list reads in floor order: a comment approved later gets a later floor than its id says.
    const ordered = where.shown ? q.select(COLS).orderBy('floor', dir).orderBy('id', dir) : q.select(COLS).orderBy('id', dir);
    const [rows, n] = await Promise.all([
      ordered
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
    /** Where members' current names come from (registerComments passes the members service). */
    attachMembers(m: MemberNameLookup): void {
      members = m;
    },
    post: (p: Parameters<CommentActions['post']>[0]) => actions().post(p),
    like: (commentId: number, voter: string, memberId?: number) => actions().like(commentId, voter, memberId),
    moderate: (m: Parameters<CommentActions['moderate']>[0]) => actions().moderate(m),
    /** Hide one comment (e.g. from a report); audited, counts and pages updated. */
    async hide(id: number, actorId: number, ip: string): Promise<void> {
      await actions().moderate({ ids: [id], action: 'hide', actorId, ip });
    },

    /** The latest comments of an article, removed ones as their floor's placeholder (相关评论 on the article page). */
    async latestFor(articleId: number, limit: number): Promise<CommentView[]> {
      // On every uncached article page: built and compiled once (the same rows as page 1 of forArticle).
      const rows = await run('latest', [articleId, limit], (v) =>
        db
          .selectFrom('comments')
          .select(COLS)
          .where('article_id', '=', v(0))
          .where((eb) => eb.or([eb('status', '=', 'visible'), eb.and([eb('status', '=', 'removed'), eb('floor', '>', 0)])]))
          .orderBy('floor', 'desc')
          .orderBy('id', 'desc')
          .limit(v(1)),
      );
      return toViews(rows);
    },
    /** One page of an article's comments, newest or oldest first: the visible ones and the floors of removed ones. */
    forArticle: (articleId: number, order: CommentOrder, pageNo: number, perPage: number) => page({ articleId, shown: true }, order, pageNo, perPage),
    /**
     * Where a shown comment is in its article's list, newest first (the default order): the page a link
     * to it opens. Undefined when the comment is not shown (held, hidden, deleted, or gone).
     */
    async pageOf(id: number, perPage: number): Promise<{ articleId: number; page: number } | undefined> {
      const c = await db.selectFrom('comments').select(['article_id', 'floor', 'status']).where('id', '=', id).executeTakeFirst();
      if (!c || c.floor <= 0 || (c.status !== 'visible' && c.status !== 'removed')) return undefined;
      const newer = await db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('article_id', '=', c.article_id)
        .where('floor', '>', c.floor)
        .where((eb) => eb.or([eb('status', '=', 'visible'), eb('status', '=', 'removed')]))
        .executeTakeFirst();
      return { articleId: c.article_id, page: Math.floor(toNumber(newer?.n) / perPage) + 1 };
    },
    /** A member's own comments in every status, newest first (我的评论). */
    forMember: (memberId: number, pageNo: number, perPage: number) => page({ memberId }, 'newest', pageNo, perPage),
    /** Every comment for staff, filtered by status, article, member, IP and keyword, newest first (评论管理). */
    forStaff: (filter: StaffFilter, pageNo: number, perPage: number) => page(filter, 'newest', pageNo, perPage),

    /** A member's 昵称 changed: the pages that show their comments are purged (they show the current name). */
    memberRenamed: (memberId: number) => actions().memberRenamed(memberId),

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
      const out: Record<CommentStatus, number> = { visible: 0, pending: 0, hidden: 0, deleted: 0, removed: 0 };
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
