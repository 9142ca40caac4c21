import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import type { Head } from '../../platform/html/layout.tsx';
import { HTML, htmlPage, siteOrigin } from '../../platform/http/app.ts';
import { htmlToText } from '../../platform/html/sanitize.ts';
import { t, format } from '../../strings/index.ts';
import type { Categories } from '../categories/index.ts';
import { urls, type Articles, type ArticleDetail } from '../articles/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import { highlight, mentions, snippet } from './search.highlight.ts';
import { cleanQuery } from './search.query.ts';
import type { Search } from './search.service.ts';
import { decodeQueryParam, redirectRawSearchUrl, type QueryEncoding } from './search.encoding.ts';
import { SearchPage, type HitView, type SearchPageData } from './search.views.tsx';

export interface SearchPagesDeps {
  search: Search;
  articles: Articles;
  categories: Categories;
  settings: SettingsService;
  chrome: ChromeBuilder;
  baseUrl?: string | undefined;
  /** Articles that won this keyword in the promotion auction (shown first on page 1, marked 推广). */
  promotedFor?: (q: string) => Promise<number[]>;
  /** The banned-word list (features/banned-words): queries containing one never appear in 热门搜索. */
  bannedWords?: { find(...texts: string[]): Promise<string[]> };
}

export const PER_PAGE = { desktop: 10, mobile: 10 } as const;
const PARAMS = ['q', 'category', 'from', 'to', 'sort', 'page'] as const;

function hitView(a: ArticleDetail, terms: string[], mobile: boolean): HitView {
  const text = htmlToText(a.body);
  const source = a.summary && (mentions(a.summary, terms) || !mentions(text, terms)) ? a.summary : text;
  return {
    id: a.id,
    href: mobile ? urls.mobileArticle(a.id) : urls.article(a.id),
    title: highlight(a.title, terms),
    snippet: snippet(source, terms, mobile ? 80 : 120),
    categoryName: a.category.name,
    publishedAt: a.publishedAt ?? '',
  };
}

/** 站内搜索: /search and /mobile/search. Not page-cached (every query differs); the index keeps it fast. */
export function registerSearchPages(app: FastifyInstance, deps: SearchPagesDeps): void {
  const { search, articles, categories } = deps;

  // Raw non-ASCII bytes in a /search URL never reach a route (search.encoding.ts).
  app.server?.prependListener('clientError', (err, socket) => void redirectRawSearchUrl(err, socket as never));

  async function categoryOptions() {
    const all = await categories.all();
    const byId = new Map(all.map((c) => [c.id, c]));
    const depth = (id: number | null, n = 0): number => {
      const c = id === null ? undefined : byId.get(id);
      return c && c.parentId !== null && n < 8 ? depth(c.parentId, n + 1) : n;
    };
    // Parents first, each followed by its children.
    const out: Array<{ slug: string; name: string; depth: number }> = [];
    const walk = (parent: number | null) => {
      for (const c of all.filter((x) => x.parentId === parent)) {
        out.push({ slug: c.slug, name: c.name, depth: depth(c.id) });
        walk(c.id);
      }
    };
    walk(null);
    return out;
  }

  async function promoted(q: string): Promise<number[]> {
    if (!deps.promotedFor || !q) return [];
    try {
      // The promotion feature decides how many slots a keyword sells; all its winners show.
      return await deps.promotedFor(q);
    } catch (e) {
      app.log.error({ err: e }, 'promotedFor failed'); // a broken promotion never breaks search
      return [];
    }
  }

  const allowed = async (q: string) => !deps.bannedWords || (await deps.bannedWords.find(q)).length === 0;

  async function handle(req: FastifyRequest, reply: FastifyReply, mobile: boolean) {
    const query = { ...((req.query ?? {}) as Record<string, unknown>) };
    // A legacy GBK link (?q=%B5%D8%CC%FA): read as GBK; bytes that are no text at all: said so, not searched.
    const raw = decodeQueryParam(req.url);
    let encoding: QueryEncoding = 'utf-8';
    if (raw && raw.encoding !== 'utf-8') {
      encoding = raw.encoding;
      query.q = raw.value;
    }
    const perPage = mobile ? PER_PAGE.mobile : PER_PAGE.desktop;
    const out = await search.search(query, perPage, await promoted(cleanQuery(query.q).q));
    if (out.page === 1 && out.total > 0 && !out.partial) search.recordSearch(out.q, req.ip);
    const [shownPromoted, found, settings, chrome, hot] = await Promise.all([
      articles.getPublishedMany(out.promoted),
      articles.getPublishedMany(out.ids),
      deps.settings.get(),
      deps.chrome(),
      search.hotSearches(allowed),
    ]);
    const action = mobile ? '/mobile/search' : '/search';
    const current: Record<string, string | undefined> = {
      q: out.q || undefined,
      category: out.category?.slug,
      from: out.from,
      to: out.to,
      sort: out.sort === 'newest' ? 'newest' : undefined,
      page: out.page > 1 ? String(out.page) : undefined,
    };
    const build = (base: string, over: Record<string, string | number | undefined>) => {
      const p = new URLSearchParams();
      for (const k of PARAMS) {
        const v = k in over ? over[k] : current[k];
        if (v !== undefined && v !== '') p.set(k, String(v));
      }
      const s = p.toString();
      return s ? `${base}?${s}` : base;
    };
    const d: SearchPageData = {
      out,
      hits: found.map((a) => hitView(a, out.highlight, mobile)),
      promoted: shownPromoted.map((a) => hitView(a, out.highlight, mobile)),
      categories: await categoryOptions(),
      urlWith: (over) => build(action, over),
      action,
      switchHref: build(mobile ? '/search' : '/mobile/search', {}),
      encoding,
      hot: hot.map((q) => ({ q, href: `${action}?q=${encodeURIComponent(q)}` })),
    };
    // Past the last page (an old link, a hand-edited URL): the last page that has results (partial matches too).
    if (out.page > Math.max(1, out.pages))
      return reply.header('cache-control', 'no-store').redirect(d.urlWith({ page: out.pages > 1 ? out.pages : undefined }), 302);
    const origin = siteOrigin(req, deps.baseUrl);
    const title = out.q ? format(t.search.titleFor, { q: out.q }) : t.search.title;
    const head: Head = {
      title: format(t.titleSuffix, { title, site: settings.siteName }),
      robots: 'noindex, follow',
      canonical: origin + build('/search', {}),
    };
    return reply
      .header('cache-control', 'private, max-age=0')
      .type(HTML)
      .send(htmlPage(<SearchPage d={d} chrome={chrome} head={head} mobile={mobile} />));
  }

  app.get('/search', (req, reply) => handle(req, reply, false));
  app.get('/mobile/search', (req, reply) => handle(req, reply, true));
}
