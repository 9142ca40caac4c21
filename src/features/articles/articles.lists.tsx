import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import type { Head, Link } from '../../platform/html/layout.tsx';
import { siteOg, siteShareImage } from '../../platform/html/share-image.ts';
import { HTML, htmlPage, sendPage, siteOrigin, type FastLane } from '../../platform/http/app.ts';
import type { PageCache, PageInput } from '../../platform/cache/page-cache.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { t, format } from '../../strings/index.ts';
import type { Categories } from '../categories/index.ts';
import type { Members } from '../members/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import type { Articles, ListOptions } from './articles.service.ts';
import { parsePageParam, urls } from './articles.urls.ts';
import { ListPage, MobileListPage, type ListIntro, type ListPageData } from './views/list-page.tsx';

export interface ArticleListPagesDeps {
  articles: Articles;
  categories: Categories;
  members: Members;
  settings: SettingsService;
  chrome: ChromeBuilder;
  cache: PageCache;
  baseUrl: string | undefined;
  /** 栏目推广 (promotion feature): article ids to show first on page 1 of a category; pages showing them carry `tag`. */
  promoted?: { inCategory(categoryId: number): Promise<number[]>; tag: string };
  /** Serves cache hits in front of Fastify (ADR 0009); absent, every request takes the route. */
  fastLane?: FastLane;
}

/**
 * Articles per list page, the same on desktop and /mobile/: page N of one layout is page N of the other,
 * so each page's 手机版 alternate and the mobile page's canonical name one another and list the same
 * articles (with different sizes a mobile page straddled two desktop pages).
 */
export const PER_PAGE = 20;

type Kind = 'category' | 'tag' | 'author';

/** The page-cache key of a list page; the route and the fast lane share it. */
function listPageKey(kind: Kind, param: string, page: number, mobile: boolean, origin: string): string {
  return `${mobile ? 'm' : 'd'}|${origin}|${kind}|${page}|${param}`;
}

/** What one kind of list contributes; the route adds counting, paging, head and caching. */
interface ListSource {
  filter: ListOptions;
  tags: string[];
  chromeCategoryId?: number;
  heading: string;
  description: string;
  crumbs: Link[];
  intro: ListIntro;
  categoryNames: Map<number, string>;
  feeds?: Head['feeds'];
  /** A list with no public article is a 404 rather than an empty page (tags). */
  emptyIsMissing?: boolean;
  blocks: string[];
}

const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const USERNAME_RE = /^[A-Za-z0-9_\u4e00-\u9fa5]{2,32}$/;

/** Cheap shape checks before any lookup: malformed names are 404s without touching the database. */
const isWellFormed: Record<Kind, (p: string) => boolean> = {
  category: (p) => SLUG_RE.test(p),
  tag: (p) => p.length >= 1 && p.length <= 32 && p === p.trim(),
  author: (p) => USERNAME_RE.test(p),
};

const listUrl: Record<Kind, (p: string, n: number, mobile: boolean) => string> = {
  category: (p, n, m) => (m ? urls.mobileCategory(p, n) : urls.category(p, n)),
  tag: (p, n, m) => (m ? urls.mobileTag(p, n) : urls.tag(p, n)),
  author: (p, n, m) => (m ? urls.mobileAuthor(p, n) : urls.author(p, n)),
};

/** Category (栏目), tag (标签) and author (作者) list pages, desktop and /mobile/, paginated with stable URLs. */
export function registerArticleListPages(app: FastifyInstance, deps: ArticleListPagesDeps): void {
  const { articles, categories, cache } = deps;

  async function allCategoryNames(): Promise<Map<number, string>> {
    return new Map((await categories.all()).map((c) => [c.id, c.name]));
  }

  const sources: Record<Kind, (param: string, mobile: boolean, site: string) => Promise<ListSource>> = {
    async category(slug, mobile, site) {
      const cat = await categories.bySlug(slug);
      if (!cat) throw new NotFoundError(t.errors.categoryNotFound);
      const [chain, children, ids, all] = await Promise.all([
        categories.ancestry(cat.id),
        categories.children(cat.id),
        categories.subtreeIds(cat.id),
        categories.all(),
      ]);
      const link = (c: { slug: string; name: string }): Link => ({ href: listUrl.category(c.slug, 1, mobile), label: c.name });
      const feedTitle = format(t.feedTitleCategory, { site, name: cat.name });
      return {
        filter: { categoryIds: ids },
        tags: [...ids.map((id) => `category:${id}`), 'settings'],
        chromeCategoryId: cat.id,
        heading: cat.name,
        description: cat.description || format(t.categoryDescription, { site, name: cat.name }),
        crumbs: chain.map(link),
        intro: { kind: 'category', description: cat.description, subcategories: children.map(link) },
        // Only subcategories are named in the list: the category itself is the page heading.
        categoryNames: new Map(all.filter((c) => c.id !== cat.id && ids.includes(c.id)).map((c) => [c.id, c.name])),
        feeds: [
          { href: `/category/${cat.slug}/rss.xml`, title: feedTitle, type: 'rss' },
          { href: `/category/${cat.slug}/atom.xml`, title: feedTitle, type: 'atom' },
        ],
        blocks: mobile ? [`m-hot:${cat.id}`, 'm-latest'] : [`hot:${cat.id}`, 'latest', 'recommended'],
      };
    },
    async tag(name, mobile, site) {
      const tag = await articles.tagByName(name);
      if (!tag) throw new NotFoundError(t.errors.tagNotFound);
      const heading = format(t.tagTitle, { name: tag.name });
      return {
        filter: { tagId: tag.id },
        tags: [`tag:${tag.name}`, 'settings'],
        heading,
        description: format(t.tagDescription, { site, name: tag.name }),
        crumbs: [{ href: listUrl.tag(tag.name, 1, mobile), label: heading }],
        intro: { kind: 'tag', name: tag.name },
        categoryNames: await allCategoryNames(),
        emptyIsMissing: true,
        blocks: mobile ? ['m-latest', 'm-hot'] : ['latest', 'recommended', 'hot'],
      };
    },
    async author(username, mobile, site) {
      const member = await deps.members.byUsername(username);
      if (!member) throw new NotFoundError(t.errors.authorNotFound);
      const name = member.displayName || member.username;
      const { bio } = await deps.members.accounts.profile(member.id); // (a profile edit purges author:<id>)
      const heading = format(t.authorTitle, { name });
      return {
        filter: { authorId: member.id },
        tags: [`author:${member.id}`, 'settings'],
        heading,
        description: format(t.authorDescription, { site, name }),
        crumbs: [{ href: listUrl.author(member.username, 1, mobile), label: heading }],
        // The 头像 by its versioned file: a change purges author:<id> (members' avatar routes).
        intro: { kind: 'author', username: member.username, displayName: member.displayName, bio, memberId: member.id, avatar: member.avatar ?? '' },
        categoryNames: await allCategoryNames(),
        blocks: mobile ? ['m-latest', 'm-hot'] : ['latest', 'recommended', 'hot'],
      };
    },
  };

  async function render(kind: Kind, param: string, page: number, mobile: boolean, origin: string): Promise<PageInput> {
    const settings = await deps.settings.get();
    const site = settings.siteName;
    const src = await sources[kind](param, mobile, site);
    const total = await articles.count(src.filter);
    if (total === 0 && src.emptyIsMissing) throw new NotFoundError();
    const per = PER_PAGE;
    const pages = Math.max(1, Math.ceil(total / per));
    if (page > pages) throw new NotFoundError();
    const [cards, chrome] = await Promise.all([articles.list(src.filter, per, (page - 1) * per), deps.chrome(src.chromeCategoryId)]);
    const urlFor = (n: number) => listUrl[kind](param, n, mobile);
    const promotedIds = kind === 'category' && page === 1 && deps.promoted && src.chromeCategoryId ? await deps.promoted.inCategory(src.chromeCategoryId) : [];
    const promoted = (promotedIds.length ? await articles.getPublishedMany(promotedIds) : []).map((a) => ({
      id: a.id,
      title: a.title,
      href: mobile ? urls.mobileArticle(a.id) : urls.article(a.id),
    }));
    const d: ListPageData = {
      ...(promoted.length ? { promoted } : {}),
      heading: src.heading,
      crumbs: src.crumbs,
      intro: src.intro,
      total,
      cards,
      categoryNames: src.categoryNames,
      page,
      pages,
      urlFor,
      switchHref: listUrl[kind](param, page, !mobile),
      blocks: src.blocks,
    };
    // A mobile page's canonical is the desktop page with the same number (and the same articles).
    const canonical = origin + listUrl[kind](param, page, false);
    const head: Head = {
      title: page > 1 ? format(t.titlePaged, { title: src.heading, n: page, site }) : format(t.titleSuffix, { title: src.heading, site }),
      description: src.description,
      canonical,
      ...(mobile ? {} : { alternateMobile: origin + d.switchHref }),
      ...(page > 1 ? { prev: origin + urlFor(page - 1) } : {}),
      ...(page < pages ? { next: origin + urlFor(page + 1) } : {}),
      ...(src.feeds ? { feeds: src.feeds.map((f) => ({ ...f, href: origin + f.href })) } : {}),
      ...(total === 0 ? { robots: 'noindex' } : {}),
      og: siteOg({
        type: kind === 'author' ? 'profile' : 'website',
        title: page > 1 ? `${src.heading}_${format(t.pageN, { n: page })}` : src.heading,
        description: src.description,
        url: canonical,
        siteName: site,
        image: siteShareImage(settings.logoUrl, origin),
      }),
    };
    const root = mobile ? <MobileListPage d={d} chrome={chrome} head={head} /> : <ListPage d={d} chrome={chrome} head={head} />;
    const tags = kind === 'category' && deps.promoted ? [...src.tags, deps.promoted.tag] : src.tags;
    return { status: 200, contentType: HTML, body: htmlPage(root), tags };
  }

  async function handle(req: FastifyRequest, reply: FastifyReply, kind: Kind, param: string, file: string | undefined, mobile: boolean) {
    const page = parsePageParam(file);
    if (page === undefined || !isWellFormed[kind](param)) throw new NotFoundError();
    // `1.html` is the first page under a second name: send readers and crawlers to the one URL.
    if (file === '1.html') return reply.redirect(listUrl[kind](param, 1, mobile), 301);
    const origin = siteOrigin(req, deps.baseUrl);
    try {
      return sendPage(req, reply, await cache.page(listPageKey(kind, param, page, mobile, origin), () => render(kind, param, page, mobile, origin)));
    } catch (e) {
      // A renamed category's old URL: the same page at its new one, for good.
      const renamed = kind === 'category' && e instanceof NotFoundError ? await deps.categories.formerSlug(param) : undefined;
      if (renamed) return reply.redirect(listUrl.category(renamed.slug, page, mobile), 301);
      throw e;
    }
  }

  for (const mobile of [false, true]) {
    for (const kind of ['category', 'tag', 'author'] as const) {
      const base = `${mobile ? '/mobile' : ''}/${kind}/:param`;
      app.get<{ Params: { param: string } }>(base, (req, reply) => handle(req, reply, kind, req.params.param, undefined, mobile));
      app.get<{ Params: { param: string; file: string } }>(`${base}/:file`, (req, reply) =>
        handle(req, reply, kind, req.params.param, req.params.file, mobile),
      );
      // Cache hits of `<base>/<param>[/][<n>.html]` are served in front of Fastify (ADR 0009).
      deps.fastLane?.add(
        { prefix: `${mobile ? '/mobile' : ''}/${kind}/` },
        {
          key: (rest, req) => {
            const [param = '', file, extra] = rest.split('/');
            const page = parsePageParam(file);
            if (extra !== undefined || page === undefined || file === '1.html' || !isWellFormed[kind](param)) return undefined;
            return listPageKey(kind, param, page, mobile, siteOrigin(req, deps.baseUrl));
          },
        },
      );
    }
  }
}
