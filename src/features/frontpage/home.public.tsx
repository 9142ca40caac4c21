import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import type { Head } from '../../platform/html/layout.tsx';
import { siteOg, siteShareImage } from '../../platform/html/share-image.ts';
import { HTML, htmlPage, sendPage, siteOrigin, type FastLane } from '../../platform/http/app.ts';
import type { PageCache, PageInput } from '../../platform/cache/page-cache.ts';
import { t, format } from '../../strings/index.ts';
import { urls, type Articles } from '../articles/index.ts';
import type { Categories } from '../categories/index.ts';
import type { ChromeBuilder, Settings, SettingsService } from '../settings/index.ts';
import { HomePage, MobileHomePage, type HomeData } from './views/home-page.tsx';

export interface HomeDeps {
  articles: Articles;
  categories: Categories;
  settings: SettingsService;
  chrome: ChromeBuilder;
  cache: PageCache;
  baseUrl: string | undefined;
  /** Serves cache hits in front of Fastify (ADR 0009); absent, every request takes the route. */
  fastLane?: FastLane;
}

/** The page-cache key of the home page; the route and the fast lane share it. */
function homeKey(mobile: boolean, origin: string): string {
  return `${mobile ? 'm' : 'd'}|${origin}|home`;
}

/** How much of each list the home page shows, per layout. */
const SIZES = {
  desktop: { headlines: 5, latest: 14, perCategory: 8 },
  mobile: { headlines: 4, latest: 10, perCategory: 6 },
} as const;

export function homeHead(s: Settings, origin: string, mobile: boolean): Head {
  const title = s.tagline ? format(t.homeTitle, { site: s.siteName, tagline: s.tagline }) : s.siteName;
  const feedTitle = format(t.feedTitleSite, { site: s.siteName });
  return {
    title,
    description: s.siteDescription,
    ...(s.seoKeywords ? { keywords: s.seoKeywords } : {}),
    canonical: origin + '/',
    ...(mobile ? {} : { alternateMobile: origin + '/mobile/' }),
    feeds: [
      { href: origin + '/rss.xml', title: feedTitle, type: 'rss' },
      { href: origin + '/atom.xml', title: feedTitle, type: 'atom' },
    ],
    og: siteOg({ type: 'website', title, description: s.siteDescription, url: origin + '/', siteName: s.siteName, image: siteShareImage(s.logoUrl, origin) }),
    jsonLd: [
      { '@context': 'https://schema.org', '@type': 'WebSite', name: s.siteName, url: origin + '/', description: s.siteDescription, inLanguage: 'zh-CN' },
    ],
  };
}

/** The home page `/` and its phone twin `/mobile/`. */
export function registerHomePages(app: FastifyInstance, deps: HomeDeps): void {
  const { articles, categories, cache } = deps;

  async function render(mobile: boolean, origin: string): Promise<PageInput> {
    const size = mobile ? SIZES.mobile : SIZES.desktop;
    const [settings, chrome, headlines, latest, roots] = await Promise.all([
      deps.settings.get(),
      deps.chrome('home'),
      articles.list({ minLevel: 3 }, size.headlines),
      articles.list({}, size.latest),
      categories.roots(),
    ]);
    const sections = await Promise.all(
      roots.map(async (c) => ({
        categoryId: c.id,
        name: c.name,
        href: mobile ? urls.mobileCategory(c.slug) : urls.category(c.slug),
        cards: await articles.list({ categoryIds: await categories.subtreeIds(c.id) }, size.perCategory),
      })),
    );
    const d: HomeData = { siteName: settings.siteName, headlines, latest, sections: sections.filter((s) => s.cards.length > 0) };
    const head = homeHead(settings, origin, mobile);
    const root = mobile ? <MobileHomePage d={d} chrome={chrome} head={head} /> : <HomePage d={d} chrome={chrome} head={head} />;
    // Every top-level category is declared, shown or not (yet): its first article must purge the home page.
    // An article in a subcategory purges its ancestors' tags too, so the roots suffice.
    const tags = ['list:latest', 'list:headlines', 'list:recommended', 'list:pictures', ...roots.map((c) => `category:${c.id}`), 'settings'];
    return { status: 200, contentType: HTML, body: htmlPage(root), tags };
  }

  async function handle(req: FastifyRequest, reply: FastifyReply, mobile: boolean) {
    const origin = siteOrigin(req, deps.baseUrl);
    return sendPage(req, reply, await cache.page(homeKey(mobile, origin), () => render(mobile, origin)));
  }

  app.get('/', (req, reply) => handle(req, reply, false));
  app.get('/mobile/', (req, reply) => handle(req, reply, true));
  for (const mobile of [false, true]) {
    deps.fastLane?.add({ path: mobile ? '/mobile/' : '/' }, { key: (_rest, req) => homeKey(mobile, siteOrigin(req, deps.baseUrl)) });
  }
}
