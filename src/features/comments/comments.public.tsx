import { createHash } from 'node:crypto';
import { jsonRefusal, wantsJson } from '../../platform/http/script-json.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { HTML, htmlPage, sendPage, siteOrigin } from '../../platform/http/app.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import { isAppError, NotFoundError, UnauthorizedError, type FieldErrors } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import type { Guards } from '../members/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import type { CommentActions } from './comments.actions.ts';
import type { CommentOrder, Comments } from './comments.service.ts';
import { commentUrls, freshUrl, localPath, parseId, parsePage } from './comments.urls.ts';
import { CommentsPage, WritePage } from './views/comments-page.tsx';

const s = t.community;
export const COMMENTS_PER_PAGE = 20;

/** What comments need to know about articles; main.ts passes the articles service (comments must not import it). */
export interface ArticleLookup {
  /** With the category chain, root first (the breadcrumb of the comment pages). */
  getPublished(
    id: number,
  ): Promise<
    | { id: number; title: string; categoryId: number; commentCount: number; categoryChain: Array<{ slug: string; name: string }>; allowComments?: boolean }
    | undefined
  >;
  getPublishedMany(ids: number[]): Promise<Array<{ id: number; title: string }>>;
}

export interface CommentPagesDeps {
  comments: Comments;
  actions: CommentActions;
  articles: ArticleLookup;
  settings: SettingsService;
  chrome: ChromeBuilder;
  cache: PageCache;
  guards: Guards;
  baseUrl: string | undefined;
}

type Body = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A guest's 顶 is keyed by a hash of IP and browser, never stored in the clear. */
export function guestVoter(ip: string, userAgent: string): string {
  return 'g:' + createHash('sha256').update(`${ip}\n${userAgent}`).digest('hex').slice(0, 40);
}

export function registerCommentPages(app: FastifyInstance, deps: CommentPagesDeps): void {
  const { comments, actions, articles, cache } = deps;

  async function article(id: number) {
    const a = await articles.getPublished(id);
    if (!a) throw new NotFoundError(s.articleGone);
    return a;
  }

  async function list(req: FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string> }>, reply: FastifyReply, mobile: boolean) {
    const id = parseId(req.params.id);
    const page = parsePage(req.query.page);
    if (!id || !page) throw new NotFoundError();
    const order: CommentOrder = req.query.order === 'oldest' ? 'oldest' : 'newest';
    const origin = siteOrigin(req, deps.baseUrl);
    const out = await cache.page(`comments|${mobile ? 'm' : 'd'}|${origin}|${id}|${order}|${page}`, async () => {
      const a = await article(id);
      const [res, st, chrome] = await Promise.all([comments.forArticle(id, order, page, COMMENTS_PER_PAGE), deps.settings.get(), deps.chrome(a.categoryId)]);
      const pages = Math.max(1, Math.ceil(res.total / COMMENTS_PER_PAGE));
      if (page > pages) throw new NotFoundError();
      const d = {
        article: a,
        ...res,
        page,
        pages,
        order,
        mobile,
        origin,
        commentsEnabled: st.commentsEnabled,
        guestComments: st.guestComments,
        registrationOpen: st.registrationOpen,
      };
      return { status: 200, contentType: HTML, body: htmlPage(<CommentsPage d={d} chrome={chrome} />), tags: [`comments:${id}`, `article:${id}`, 'settings'] };
    });
    return sendPage(req, reply, out);
  }

  interface WriteState {
    mobile: boolean;
    parentId?: number | undefined;
    sent?: 'pending' | 'held' | undefined;
    status?: number;
    values?: { body: string; nickname: string };
    errors?: FieldErrors | undefined;
    message?: string;
  }

  async function renderWrite(req: FastifyRequest, reply: FastifyReply, id: number, w: WriteState) {
    const a = await article(id);
    const [st, me, chrome] = await Promise.all([deps.settings.get(), deps.guards.optional(req), deps.chrome(a.categoryId)]);
    const p = w.parentId ? await comments.get(w.parentId) : undefined;
    const parent = p && p.articleId === id && p.status === 'visible' ? { id: p.id, floor: p.floor, nickname: p.nickname, excerpt: p.body.slice(0, 120) } : null;
    const d = {
      article: a,
      mobile: w.mobile,
      sent: w.sent,
      form: {
        commentsEnabled: st.commentsEnabled,
        articleClosed: a.allowComments === false,
        guestComments: st.guestComments,
        registrationOpen: st.registrationOpen,
        viewer: me ? ('member' as const) : ('guest' as const),
        csrf: csrfToken(req, reply),
        loginNext: req.url,
        values: w.values ?? {},
        errors: w.errors ?? {},
        ...(w.message ? { message: w.message } : {}),
        parent,
      },
    };
    return reply
      .code(w.status ?? 200)
      .header('cache-control', 'no-store')
      .type(HTML)
      .send(htmlPage(<WritePage d={d} chrome={chrome} />));
  }

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/news/:id/comments', (req, reply) => list(req, reply, false));
  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/mobile/news/:id/comments', (req, reply) => list(req, reply, true));

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/news/:id/comments/write', async (req, reply) => {
    const id = parseId(req.params.id);
    if (!id) throw new NotFoundError();
    const q = req.query;
    const sent = q.sent === 'pending' || q.sent === 'held' ? q.sent : undefined;
    return renderWrite(req, reply, id, { mobile: q.m === '1', parentId: parseId(q.reply), sent });
  });

  app.post<{ Params: { id: string }; Body: Body }>('/news/:id/comments', async (req, reply) => {
    const id = parseId(req.params.id);
    if (!id) throw new NotFoundError();
    const body = req.body ?? {};
    const mobile = body.m === '1';
    const member = await deps.guards.optional(req);
    try {
      const r = await actions.post({ articleId: id, member, ip: req.ip, fields: body });
      if (r.status === 'visible') return reply.redirect(freshUrl(`${commentUrls.list(id, mobile)}#c${r.id}`, `c${r.id}`), 303);
      return reply.redirect(commentUrls.write(id, { mobile, sent: r.held ? 'held' : 'pending' }), 303);
    } catch (e) {
      // Only members may comment: the form comes back with the text and a log-in link (a redirect would lose it).
      if (e instanceof UnauthorizedError)
        return renderWrite(req, reply, id, {
          mobile,
          parentId: parseId(body.parent),
          status: 401,
          values: { body: str(body.body), nickname: str(body.nickname) },
        });
      // A script asking for JSON gets the refusal as JSON (e.g. comments_closed), not a page.
      if (wantsJson(req)) return jsonRefusal(req, reply, e);
      if (!isAppError(e) || (e.status !== 422 && e.status !== 429)) throw e;
      return renderWrite(req, reply, id, {
        mobile,
        parentId: parseId(body.parent),
        status: e.status,
        values: { body: str(body.body), nickname: str(body.nickname) },
        errors: e.fields,
        message: e.status === 429 ? e.message : s.formHasErrors,
      });
    }
  });

  // A link to one comment (a reply's 站内信): the page of the article's list it is on now, at its anchor.
  app.get<{ Params: { id: string } }>('/comments/:id', async (req, reply) => {
    const id = parseId(req.params.id);
    const at = id === undefined ? undefined : await comments.pageOf(id, COMMENTS_PER_PAGE);
    if (!id || !at || !(await articles.getPublished(at.articleId))) throw new NotFoundError(s.commentGone, 'comment_not_found');
    return reply.header('cache-control', 'no-store').redirect(`${commentUrls.list(at.articleId, false, 'newest', at.page)}#c${id}`, 303);
  });

  app.post<{ Params: { id: string }; Body: Body }>('/comments/:id/like', async (req, reply) => {
    try {
      const id = parseId(req.params.id);
      if (!id) throw new NotFoundError(s.commentGone, 'comment_not_found');
      const me = await deps.guards.optional(req);
      const voter = me ? `m:${me.id}` : guestVoter(req.ip, String(req.headers['user-agent'] ?? ''));
      const r = await actions.like(id, voter, me?.id);
      if (wantsJson(req)) return reply.header('cache-control', 'no-store').send({ likes: r.likes, liked: r.liked });
      return reply.redirect(freshUrl(localPath(req.body?.back, commentUrls.list(r.articleId)), `l${id}-${r.likes}`), 303);
    } catch (e) {
      // public/community.js asks for JSON: a refusal answers in JSON too (the page falls back to the form post).
      return jsonRefusal(req, reply, e);
    }
  });
}
