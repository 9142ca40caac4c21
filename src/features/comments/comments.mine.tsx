import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { clientIp } from '../../platform/http/app.ts';
import { isAppError, NotFoundError, type FieldErrors } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import type { CommentActions } from './comments.actions.ts';
import { EDIT_WINDOW_MIN, isEditable } from './comments.own.ts';
import type { Comments } from './comments.service.ts';
import type { ArticleLookup } from './comments.public.tsx';
import { parseId, parsePage } from './comments.urls.ts';
import { EditComment, MyComments } from './views/comments-console.tsx';

const s = t.community;
const PER_PAGE = 20;
const LIST = '/member/comments/';

/** The line above 我的评论 after an action; the codes carry no numbers or names (nothing to forge). */
const FLASH: Record<string, string> = {
  edited: s.editedFlash,
  held: s.editedHeldFlash,
  pending: s.editedPendingFlash,
  removed: s.removedCommentFlash,
};

export interface MyCommentsDeps {
  comments: Comments;
  actions: CommentActions;
  articles: ArticleLookup;
  guards: Guards;
  console: Console;
  clock: Clock;
}

type Query = Record<string, string | undefined>;
type Body = Record<string, unknown>;

/** 我的评论 (/member/comments/): the member's own comments, with 修改 (within the window) and 删除. */
export function registerMyComments(app: FastifyInstance, deps: MyCommentsDeps): void {
  const { comments, guards } = deps;

  async function titles(ids: number[]): Promise<Map<number, string>> {
    const list = await deps.articles.getPublishedMany([...new Set(ids)]);
    return new Map(list.map((a) => [a.id, a.title]));
  }

  async function renderList(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    page: number,
    over: { flash?: string; message?: string; status?: number } = {},
  ) {
    const res = await comments.forMember(me.id, page, PER_PAGE);
    const pages = Math.max(1, Math.ceil(res.total / PER_PAGE));
    if (page > pages) throw new NotFoundError();
    const body = (
      <MyComments
        items={res.items}
        titles={await titles(res.items.map((c) => c.articleId))}
        page={page}
        pages={pages}
        now={deps.clock.now()}
        csrf={deps.console.csrf(req, reply)}
        {...(over.message ? { message: over.message } : {})}
      />
    );
    return deps.console.member(req, reply, me, {
      title: s.myComments,
      current: LIST,
      body,
      ...(over.flash ? { flash: over.flash } : {}),
      status: over.status ?? 200,
    });
  }

  /** The member's own comment, or 404 (someone else's comment does not exist for them). */
  async function own(me: Member, idParam: string) {
    const id = parseId(idParam);
    const c = id ? await comments.get(id) : undefined;
    if (!c || c.memberId !== me.id) throw new NotFoundError(s.commentGone, 'comment_not_found');
    return c;
  }

  app.get<{ Querystring: Query }>(LIST, async (req, reply) => {
    const me = await guards.member(req);
    const page = parsePage(req.query.page);
    if (!page) throw new NotFoundError();
    const flash = FLASH[req.query.done ?? ''];
    return renderList(req, reply, me, page, flash ? { flash } : {});
  });

  async function renderEdit(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    idParam: string,
    over: { body?: string; errors?: FieldErrors; message?: string; status?: number } = {},
  ) {
    const c = await own(me, idParam);
    const open = isEditable(c, deps.clock.now());
    const view = (
      <EditComment
        c={c}
        title={(await titles([c.articleId])).get(c.articleId)}
        open={open}
        minutes={EDIT_WINDOW_MIN}
        body={over.body ?? c.body}
        csrf={deps.console.csrf(req, reply)}
        {...(over.errors ? { errors: over.errors } : {})}
        {...(over.message ? { message: over.message } : {})}
      />
    );
    return deps.console.member(req, reply, me, { title: s.editTitle, current: LIST, body: view, status: over.status ?? (open ? 200 : 409) });
  }

  app.get<{ Params: { id: string } }>('/member/comments/:id/edit', async (req, reply) => renderEdit(req, reply, await guards.member(req), req.params.id));

  app.post<{ Params: { id: string }; Body: Body }>('/member/comments/:id/edit', async (req, reply) => {
    const me = await guards.member(req);
    const c = await own(me, req.params.id);
    const body = req.body ?? {};
    try {
      const r = await deps.actions.editOwn({ id: c.id, member: me, ip: clientIp(req), fields: { body: body.body } });
      const done = r.status === 'visible' ? 'edited' : r.held ? 'held' : 'pending';
      return reply.redirect(`${LIST}?done=${done}#c${c.id}`, 303);
    } catch (e) {
      if (!isAppError(e) || ![409, 422, 429].includes(e.status)) throw e;
      return renderEdit(req, reply, me, req.params.id, {
        body: typeof body.body === 'string' ? body.body : '',
        ...(e.fields ? { errors: e.fields } : {}),
        message: e.message,
        status: e.status,
      });
    }
  });

  app.post<{ Params: { id: string } }>('/member/comments/:id/delete', async (req, reply) => {
    const me = await guards.member(req);
    const c = await own(me, req.params.id);
    try {
      await deps.actions.removeOwn({ id: c.id, member: me, ip: clientIp(req) });
    } catch (e) {
      if (!isAppError(e) || e.status !== 409) throw e;
      return renderList(req, reply, me, 1, { message: e.message, status: 409 });
    }
    return reply.redirect(`${LIST}?done=removed`, 303);
  });
}
