import type { FastifyInstance } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { t, format } from '../../strings/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Members } from '../members/index.ts';
import type { CommentActions } from './comments.actions.ts';
import { registerMyComments } from './comments.mine.tsx';
import { MODERATIONS, type Moderation } from './comments.schema.ts';
import { COMMENT_STATUSES, type CommentStatus, type CommentView, type Comments, type StaffFilter } from './comments.service.ts';
import type { ArticleLookup } from './comments.public.tsx';
import { parseId, parsePage } from './comments.urls.ts';
import { AdminComments, adminListUrl, type AdminFilter } from './views/comments-console.tsx';

const s = t.community;
const PER_PAGE = 20;

export interface CommentConsoleDeps {
  comments: Comments;
  actions: CommentActions;
  articles: ArticleLookup;
  guards: Guards;
  console: Console;
  clock: Clock;
  bannedWords: BannedWords;
  members: Pick<Members, 'byUsername'>;
}

type Query = Record<string, string | undefined>;
type Body = Record<string, unknown>;

/** A filter text from the query: trimmed, bounded, without control characters. */
function text(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const x = v.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return x ? x.slice(0, max) : undefined;
}

function parseFilter(q: Query | Body): AdminFilter {
  const status = COMMENT_STATUSES.find((st) => st === q.status);
  return {
    status,
    articleId: parseId(q.article),
    member: text(q.member, 32),
    ip: text(q.ip, 64),
    keyword: text(q.q, 50),
    page: parsePage(q.page) ?? 1,
  };
}

/** `approve` acts on the checked rows; `approve:12` on comment 12 alone. */
function parseAction(v: unknown, checked: unknown): { action: Moderation; ids: number[] } {
  const m = typeof v === 'string' ? /^([a-z]+)(?::([1-9]\d{0,9}))?$/.exec(v) : null;
  const action = MODERATIONS.find((a) => a === m?.[1]);
  if (!m || !action) throw new ValidationError({ action: t.errors.unknownAction });
  if (m[2]) return { action, ids: [Number(m[2])] };
  const list = Array.isArray(checked) ? checked : checked === undefined ? [] : [checked];
  return { action, ids: list.map(parseId).filter((id): id is number => id !== undefined) };
}

/** 我的评论 (/member/comments/, comments.mine.tsx) and 评论管理 (/admin/comments/). */
export function registerCommentConsole(app: FastifyInstance, deps: CommentConsoleDeps): void {
  const { comments, guards } = deps;
  registerMyComments(app, deps);

  async function titles(ids: number[]): Promise<Map<number, string>> {
    const list = await deps.articles.getPublishedMany([...new Set(ids)]);
    return new Map(list.map((a) => [a.id, a.title]));
  }

  /** The banned words in each waiting comment: why it was held. */
  async function heldWords(items: CommentView[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    for (const c of items) {
      if (c.status !== 'pending') continue;
      const words = await deps.bannedWords.find(c.body, c.memberId === null ? c.nickname : '');
      if (words.length) out.set(c.id, words);
    }
    return out;
  }

  /** The service's filter; undefined when it names a member who does not exist (nothing matches). */
  async function staffFilter(f: AdminFilter): Promise<StaffFilter | undefined> {
    const out: StaffFilter = { status: f.status, articleId: f.articleId, ip: f.ip, keyword: f.keyword };
    if (f.member) {
      const m = await deps.members.byUsername(f.member);
      if (!m) return undefined;
      out.memberId = m.id;
    }
    return out;
  }

  app.get<{ Querystring: Query }>('/admin/comments/', async (req, reply) => {
    const me = await guards.staff(req);
    const f = parseFilter(req.query);
    const filter = await staffFilter(f);
    const [res, counts] = await Promise.all([filter ? comments.forStaff(filter, f.page, PER_PAGE) : { items: [], total: 0 }, comments.countByStatus()]);
    const pages = Math.max(1, Math.ceil(res.total / PER_PAGE));
    const done = /^\d{1,4}$/.test(req.query.done ?? '') ? Number(req.query.done) : undefined;
    const flash = req.query.none ? s.noneSelected : done !== undefined ? format(s.doneFlash, { n: done }) : undefined;
    const body = (
      <AdminComments
        items={res.items}
        titles={await titles(res.items.map((c) => c.articleId))}
        held={await heldWords(res.items)}
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
