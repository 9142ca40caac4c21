import type { FastifyInstance } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { t, format } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards } from '../members/index.ts';
import type { CommentActions } from './comments.actions.ts';
import { MODERATIONS, type Moderation } from './comments.schema.ts';
import { COMMENT_STATUSES, type CommentStatus, type Comments } from './comments.service.ts';
import type { ArticleLookup } from './comments.public.tsx';
import { parseId, parsePage } from './comments.urls.ts';
import { AdminComments, adminListUrl, MyComments, type AdminFilter } from './views/comments-console.tsx';

const s = t.community;
const PER_PAGE = 20;

export interface CommentConsoleDeps {
  comments: Comments;
  actions: CommentActions;
  articles: ArticleLookup;
  guards: Guards;
  console: Console;
}

type Query = Record<string, string | undefined>;
type Body = Record<string, unknown>;

function parseFilter(q: Query | Body): AdminFilter {
  const status = COMMENT_STATUSES.find((st) => st === q.status);
  return { status, articleId: parseId(q.article), page: parsePage(q.page) ?? 1 };
}

/** `approve` acts on the checked rows; `approve:12` on comment 12 alone. */
function parseAction(v: unknown, checked: unknown): { action: Moderation; ids: number[] } {
  const m = typeof v === 'string' ? /^([a-z]+)(?::([1-9]\d{0,9}))?$/.exec(v) : null;
  const action = MODERATIONS.find((a) => a === m?.[1]);
  if (!m || !action) throw new ValidationError({ action: '未知的操作' });
  if (m[2]) return { action, ids: [Number(m[2])] };
  const list = Array.isArray(checked) ? checked : checked === undefined ? [] : [checked];
  return { action, ids: list.map(parseId).filter((id): id is number => id !== undefined) };
}

/** 我的评论 (/member/comments/) and 评论管理 (/admin/comments/). */
export function registerCommentConsole(app: FastifyInstance, deps: CommentConsoleDeps): void {
  const { comments, guards } = deps;

  async function titles(ids: number[]): Promise<Map<number, string>> {
    const list = await deps.articles.getPublishedMany([...new Set(ids)]);
    return new Map(list.map((a) => [a.id, a.title]));
  }

  app.get<{ Querystring: Query }>('/member/comments/', async (req, reply) => {
    const me = await guards.member(req);
    const page = parsePage(req.query.page);
    if (!page) throw new NotFoundError();
    const res = await comments.forMember(me.id, page, PER_PAGE);
    const pages = Math.max(1, Math.ceil(res.total / PER_PAGE));
    const body = <MyComments items={res.items} titles={await titles(res.items.map((c) => c.articleId))} page={page} pages={pages} />;
    return deps.console.member(req, reply, me, { title: s.myComments, current: '/member/comments/', body });
  });

  app.get<{ Querystring: Query }>('/admin/comments/', async (req, reply) => {
    const me = await guards.staff(req);
    const f = parseFilter(req.query);
    const [res, counts] = await Promise.all([comments.forStaff({ status: f.status, articleId: f.articleId }, f.page, PER_PAGE), comments.countByStatus()]);
    const pages = Math.max(1, Math.ceil(res.total / PER_PAGE));
    const done = /^\d{1,4}$/.test(req.query.done ?? '') ? Number(req.query.done) : undefined;
    const flash = req.query.none ? s.noneSelected : done !== undefined ? format(s.doneFlash, { n: done }) : undefined;
    const body = (
      <AdminComments
        items={res.items}
        titles={await titles(res.items.map((c) => c.articleId))}
        counts={counts as Record<CommentStatus, number>}
        filter={f}
        total={res.total}
        pages={pages}
        csrf={deps.console.csrf(req, reply)}
      />
    );
    return deps.console.admin(req, reply, me, { title: s.adminTitle, current: '/admin/comments/', body, ...(flash ? { flash } : {}) });
  });

  app.post<{ Body: Body }>('/admin/comments/moderate', async (req, reply) => {
    const me = await guards.staff(req);
    const body = req.body ?? {};
    const { action, ids } = parseAction(body.action, body.ids);
    const f = parseFilter(body);
    if (!ids.length) return reply.redirect(adminListUrl(f, { none: '1' }), 303);
    const n = await deps.actions.moderate({ ids, action, actorId: me.id, ip: req.ip });
    return reply.redirect(adminListUrl(f, { done: String(n) }), 303);
  });
}
