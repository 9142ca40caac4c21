import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import type { Chrome, Head } from '../../platform/html/layout.tsx';
import { htmlToText } from '../../platform/html/sanitize.ts';
import { HTML, htmlPage, sendPage, siteOrigin } from '../../platform/http/app.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { t, format } from '../../strings/index.ts';
import { urls } from '../articles/index.ts';
import type { Categories, Category } from '../categories/index.ts';
import { hotUrl } from '../frontpage/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import type { Pages } from './pages.service.ts';
import { StaticPageView } from './views/static-page.tsx';
import { RssPage, SiteMapPage, type CategoryNode, type FeedRow } from './views/site-info.tsx';

export interface StaticPagesDeps {
  pages: Pages;
  categories: Categories;
  settings: SettingsService;
  chrome: ChromeBuilder;
  cache: PageCache;
  baseUrl: string | undefined;
}

const PAGE_FILE_RE = /^([a-z0-9][a-z0-9-]{0,62})\.html$/;

export const pageUrls = {
  page: (slug: string, mobile = false) => `${mobile ? '/mobile' : ''}/page/${slug}.html`,
  siteMap: (mobile = false) => `${mobile ? '/mobile' : ''}/sitemap.html`,
  rss: (mobile = false) => `${mobile ? '/mobile' : ''}/rss.html`,
};

/** The category tree for views, children under their parent, in the admin's order. */
export function categoryTree(all: Category[], href: (c: Category) => string): CategoryNode[] {
  const nodes = new Map(all.map((c) => [c.id, { name: c.name, href: href(c), children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const c of all) {
    const node = nodes.get(c.id) as CategoryNode;
    const parent = c.parentId === null ? undefined : nodes.get(c.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Depth-first rows of the tree (for the feed table), each with its depth. */
function flatten(all: Category[]): Array<{ cat: Category; depth: number }> {
  const out: Array<{ cat: Category; depth: number }> = [];
  const walk = (parentId: number | null, depth: number) => {
    for (const c of all) {
      if (c.parentId !== parentId || depth > 10) continue;
      out.push({ cat: c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** 关于我们 and other static pages, 网站地图 and RSS订阅, each with a /mobile/ twin. */
export function registerStaticPages(app: FastifyInstance, deps: StaticPagesDeps): void {
  const { pages, categories, cache } = deps;

  type Rendered = { root: (chrome: Chrome) => SafeHtml; tags: string[] };

  async function serve(req: FastifyRequest, reply: FastifyReply, mobile: boolean, name: string, build: (origin: string, site: string) => Promise<Rendered>) {
    const origin = siteOrigin(req, deps.baseUrl);
    const page = await cache.page(`${mobile ? 'm' : 'd'}|${origin}|${name}`, async () => {
      const [settings, chrome] = await Promise.all([deps.settings.get(), deps.chrome()]);
      const r = await build(origin, settings.siteName);
      return { status: 200, contentType: HTML, body: htmlPage(r.root(chrome)), tags: r.tags };
    });
    return sendPage(req, reply, page);
  }

  function head(origin: string, title: string, description: string, desktopPath: string, mobile: boolean): Head {
    return {
      title,
      description,
      canonical: origin + desktopPath,
      ...(mobile ? {} : { alternateMobile: origin + desktopPath.replace(/^\//, '/mobile/') }),
    };
  }

  async function staticPage(req: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply, mobile: boolean) {
    const slug = PAGE_FILE_RE.exec(req.params.file)?.[1];
    if (!slug) throw new NotFoundError();
    // A renamed page's old URL moves permanently to the new one (as a renamed category's does).
    const to = await deps.settings.pageRedirect(slug);
    if (to && !(await pages.bySlug(slug)) && (await pages.bySlug(to))) return reply.redirect(pageUrls.page(to, mobile), 301);
    return serve(req, reply, mobile, `page|${slug}`, async (origin, site) => {
      const [page, all] = await Promise.all([pages.bySlug(slug), pages.list()]);
      if (!page) throw new NotFoundError(t.errors.pageNotFound);
      const description = htmlToText(page.body).replace(/\s+/g, ' ').trim().slice(0, 120);
      const hd = head(origin, format(t.titleSuffix, { title: page.title, site }), description, pageUrls.page(slug), mobile);
      const d = {
        title: page.title,
        body: page.body,
        href: pageUrls.page(slug, mobile),
        switchHref: pageUrls.page(slug, !mobile),
        siblings: all.map((p) => ({ href: pageUrls.page(p.slug, mobile), label: p.title, current: p.slug === slug })),
      };
      return { root: (chrome) => <StaticPageView d={d} chrome={chrome} head={hd} mobile={mobile} />, tags: [`page:${slug}`, 'pages', 'settings'] };
    });
  }

  async function siteMap(req: FastifyRequest, reply: FastifyReply, mobile: boolean) {
    return serve(req, reply, mobile, 'sitemap', async (origin, site) => {
      const [all, list] = await Promise.all([categories.all(), pages.list()]);
      const catHref = (c: Category) => (mobile ? urls.mobileCategory(c.slug) : urls.category(c.slug));
      const d = {
        tree: categoryTree(all, catHref),
        rankings: (['24h', '7d', '30d'] as const).map((w) => ({
          href: hotUrl(w, undefined, mobile),
          label: format(t.hotPageTitle, { window: { '24h': t.hot24h, '7d': t.hot7d, '30d': t.hot30d }[w] }),
        })),
        pages: list.map((p) => ({ href: pageUrls.page(p.slug, mobile), label: p.title })),
        // Only search has a phone twin; the other services are desktop pages that work on phones.
        services: [
          { href: mobile ? '/mobile/search' : '/search', label: t.siteMapServiceLinks.search },
          { href: '/member/articles/new', label: t.siteMapServiceLinks.submit },
          { href: '/promotion/', label: t.siteMapServiceLinks.promotion },
          { href: '/ads/', label: t.siteMapServiceLinks.ads },
          { href: '/mall/', label: t.siteMapServiceLinks.mall },
          { href: '/guestbook/', label: t.siteMapServiceLinks.guestbook },
          { href: '/report/', label: t.siteMapServiceLinks.report },
        ],
        feeds: [
          { href: pageUrls.rss(mobile), label: t.rssTitle },
          { href: '/rss.xml', label: `${t.feedSiteName} (RSS)` },
          { href: '/atom.xml', label: `${t.feedSiteName} (Atom)` },
          { href: '/sitemap.xml', label: t.siteMapXml },
        ],
        href: pageUrls.siteMap(mobile),
        switchHref: pageUrls.siteMap(!mobile),
      };
      const hd = head(origin, format(t.titleSuffix, { title: t.siteMapTitle, site }), t.siteMapIntro, pageUrls.siteMap(), mobile);
      // `category-tree` documents the dependency; category changes clear the whole cache anyway.
      return { root: (chrome) => <SiteMapPage d={d} chrome={chrome} head={hd} mobile={mobile} />, tags: ['pages', 'category-tree', 'settings'] };
    });
  }

  async function rss(req: FastifyRequest, reply: FastifyReply, mobile: boolean) {
    return serve(req, reply, mobile, 'rss', async (origin, site) => {
      const all = await categories.all();
      const row = (name: string, depth: number, base: string): FeedRow => ({ name, depth, rss: `${origin}${base}/rss.xml`, atom: `${origin}${base}/atom.xml` });
      const d = {
        site: row(t.feedSiteName, 0, ''),
        categories: flatten(all).map(({ cat, depth }) => row(cat.name, depth, `/category/${cat.slug}`)),
        href: pageUrls.rss(mobile),
        switchHref: pageUrls.rss(!mobile),
      };
      const feedTitle = format(t.feedTitleSite, { site });
      const hd: Head = {
        ...head(origin, format(t.titleSuffix, { title: t.rssTitle, site }), t.rssIntro, pageUrls.rss(), mobile),
        feeds: [
          { href: d.site.rss, title: feedTitle, type: 'rss' },
          { href: d.site.atom, title: feedTitle, type: 'atom' },
        ],
      };
      return { root: (chrome) => <RssPage d={d} chrome={chrome} head={hd} mobile={mobile} />, tags: ['category-tree', 'settings'] };
    });
  }

  for (const mobile of [false, true]) {
    const pre = mobile ? '/mobile' : '';
    app.get<{ Params: { file: string } }>(`${pre}/page/:file`, (req, reply) => staticPage(req, reply, mobile));
    app.get(`${pre}/sitemap.html`, (req, reply) => siteMap(req, reply, mobile));
    app.get(`${pre}/rss.html`, (req, reply) => rss(req, reply, mobile));
  }
}
