import type { FastifyInstance } from 'fastify';
import { jsonRefusal, wantsJson } from '../../platform/http/script-json.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import { h } from '../../platform/html/jsx.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { LOGIN_PATH } from '../../platform/http/app.ts';
import { localPath } from '../../platform/http/safe-urls.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import { urls, type Articles } from '../articles/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards } from '../members/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';
import { HTML, htmlPage } from '../../platform/http/app.ts';
import { createFavorites } from './favorites.service.ts';
import { MyFavorites } from './views/my-favorites.tsx';
import { FavoritePage } from './views/favorite-page.tsx';

const s = t.community;
const PER_PAGE = 20;

export interface FavoritesDeps {
  dbh: DbHandle;
  clock: Clock;
  cache: PageCache;
  articles: Articles;
  guards: Guards;
  console: Console;
  chrome: ChromeBuilder;
  baseUrl?: string | undefined;
}

type Body = Record<string, unknown>;

function parseId(v: unknown): number | undefined {
  return typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2_147_483_647 ? Number(v) : undefined;
}

/**
 * Where 返回文章 and the redirect after a toggle lead: the article's own page (desktop or phone, any of its
 * pages, with an anchor); any other path (another article, another site) falls back to its desktop URL.
 */
export function articleBack(id: number, v: unknown): string {
  const fallback = urls.article(id);
  const path = localPath(v, fallback);
  const m = /^(\/(?:mobile\/)?news\/(\d+)(?:_\d+)?\.html)(?:\?[^#]*)?(#[\w-]*)?$/.exec(path);
  return m && Number(m[2]) === id ? `${m[1]}${m[3] ?? ''}` : fallback;
}

/** The log-in page for a guest who pressed 收藏: back on the 收藏 page afterwards, told why. */
export function favoriteLogin(id: number, back: string): string {
  const next = `/favorites/toggle?article=${id}&back=${encodeURIComponent(back)}`;
  return `${LOGIN_PATH}?next=${encodeURIComponent(next)}&why=favorite`;
}

/** `back` under a URL the browser has not cached (public pages may be kept for a minute), so the new count shows. */
function fresh(path: string, token: string): string {
  const [base, hash] = path.split('#', 2) as [string, string | undefined];
  return `${base}${base.includes('?') ? '&' : '?'}_=${token}${hash === undefined ? '' : `#${hash}`}`;
}

/** 收藏: the toggle behind the article page's button, its state for the page script, and 我的收藏. */
export function registerFavorites(app: FastifyInstance, deps: FavoritesDeps): void {
  const { guards, articles } = deps;
  const favorites = createFavorites({
    dbh: deps.dbh,
    clock: deps.clock,
    purge: (tags) => void deps.cache.purge(tags),
    isPublicArticle: async (id) => (await articles.getPublished(id)) !== undefined,
  });

  // `on=1|0` says the state the reader asked for, so a repeated post changes nothing more; a post
  // without it (a form of a page cached before) toggles.
  app.post<{ Body: Body }>('/favorites/toggle', async (req, reply) => {
    try {
      const body = req.body ?? {};
      const id = parseId(body.article);
      if (!id) throw new NotFoundError(s.favoriteArticleGone, 'article_not_found');
      const back = articleBack(id, body.back);
      const me = await guards.optional(req);
      if (!me) {
        // Logged in, the guest lands on the 收藏 page and confirms there (a GET never changes anything).
        const login = favoriteLogin(id, back);
        if (wantsJson(req))
          return reply
            .code(401)
            .header('cache-control', 'no-store')
            .send({ error: { code: 'unauthorized', message: s.loginToFavorite }, login });
        return reply.redirect(login, 303);
      }
      const r = body.on === '1' || body.on === '0' ? await favorites.set(me.id, id, body.on === '1') : await favorites.toggle(me.id, id);
      if (wantsJson(req)) return reply.header('cache-control', 'no-store').send(r);
      return reply.redirect(fresh(back, `f${r.count}${r.favorited ? 'y' : 'n'}`), 303);
    } catch (e) {
      // public/community.js asks for JSON: a refusal answers in JSON too (the script then follows the link).
      return jsonRefusal(req, reply, e);
    }
  });

  // The 收藏 link of the (cached) article page: without JavaScript it lands here, on a page with the form.
  app.get<{ Querystring: Record<string, string> }>('/favorites/toggle', async (req, reply) => {
    const id = parseId(req.query.article);
    if (!id) throw new NotFoundError(s.favoriteArticleGone);
    const back = articleBack(id, req.query.back);
    const me = await guards.optional(req);
    if (!me) return reply.redirect(favoriteLogin(id, back), 303);
    const a = await articles.getPublished(id);
    if (!a) throw new NotFoundError(s.favoriteArticleGone);
    const mobile = back.startsWith('/mobile/');
    const [st, chrome] = await Promise.all([favorites.state(me.id, id), deps.chrome(a.categoryId)]);
    const d = { article: a, articleHref: mobile ? urls.mobileArticle(id) : urls.article(id), ...st, back, csrf: csrfToken(req, reply), mobile };
    return reply
      .header('cache-control', 'no-store')
      .type(HTML)
      .send(htmlPage(<FavoritePage d={d} chrome={chrome} />));
  });

  // The article page is cached for everyone: its script asks here whether this reader has favorited it.
  app.get<{ Querystring: Record<string, string> }>('/favorites/state', async (req, reply) => {
    const id = parseId(req.query.article);
    if (!id) throw new NotFoundError();
    const me = await guards.optional(req);
    csrfToken(req, reply); // so the page's forms can post without the confirmation step
    const st = await favorites.state(me?.id, id);
    return reply.header('cache-control', 'no-store').send({ ...st, loggedIn: me !== undefined });
  });

  app.get<{ Querystring: Record<string, string> }>('/member/favorites/', async (req, reply) => {
    const me = await guards.member(req);
    const page = req.query.page === undefined ? 1 : parseId(req.query.page);
    if (!page) throw new NotFoundError();
    const res = await favorites.list(me.id, page, PER_PAGE);
    const found = await articles.getPublishedMany(res.items.map((f) => f.articleId));
    const titles = new Map(found.map((a) => [a.id, a.title]));
    const pages = Math.max(1, Math.ceil(res.total / PER_PAGE));
    const body = <MyFavorites items={res.items} titles={titles} page={page} pages={pages} csrf={deps.console.csrf(req, reply)} />;
    const flash = req.query.removed === '1' ? s.removedFlash : undefined;
    return deps.console.member(req, reply, me, { title: s.myFavorites, current: '/member/favorites/', body, ...(flash ? { flash } : {}) });
  });

  app.post<{ Body: Body }>('/member/favorites/remove', async (req, reply) => {
    const me = await guards.member(req);
    const id = parseId((req.body ?? {}).article);
    if (!id) throw new NotFoundError();
    await favorites.remove(me.id, id);
    return reply.redirect('/member/favorites/?removed=1', 303);
  });
}
