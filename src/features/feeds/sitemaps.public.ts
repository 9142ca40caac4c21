import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PageCache, PageInput } from '../../platform/cache/page-cache.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { siteOrigin } from '../../platform/http/app.ts';
import { createArticleSitemap, urls } from '../articles/index.ts';
import type { Categories } from '../categories/index.ts';
import type { Pages } from '../pages/index.ts';
import type { SettingsService } from '../settings/index.ts';
import { laterOf } from './feeds.xml.ts';
import { createCompressedSender, type CompressedSender } from './compress.ts';
import { XML_TYPE, renderRobots, renderSitemapIndex, renderUrlset, type SitemapRef, type UrlEntry } from './sitemaps.render.ts';

/** The protocol's limit of URLs per sitemap file. */
export const SITEMAP_CHUNK_SIZE = 50_000;
/** Google News only wants articles from the last two days, at most 1,000 per sitemap. */
export const NEWS_WINDOW_MS = 48 * 3600_000;
export const NEWS_MAX = 1000;

export interface SitemapRoutesDeps {
  categories: Categories;
  pages: Pages;
  settings: SettingsService;
  cache: PageCache;
  clock: Clock;
  dbh: DbHandle;
  baseUrl: string | undefined;
  /** URLs per article sitemap; defaults to the protocol limit (tests pass a small number). */
  sitemapChunkSize?: number;
}

export const sitemapUrls = {
  index: '/sitemap.xml',
  pages: '/sitemaps/pages.xml',
  news: '/sitemaps/news.xml',
  articles: (n: number) => `/sitemaps/articles-${n}.xml`,
  tags: (n: number) => `/sitemaps/tags-${n}.xml`,
};

// Owned by the pages feature; kept in step with the footer links in the default settings.
const staticPageUrl = (slug: string) => `/page/${slug}.html`;
const SITE_MAP_PAGE = '/sitemap.html';
// Owned by frontpage (点击排行).
const HOT_PAGE = '/hot/';
const CHUNK_FILE = /^(articles|tags)-([1-9]\d{0,6})\.xml$/;
/** What a tag page accepts as a name (articles.lists.tsx): others would be listed only to answer 404. */
const isListableTag = (name: string) => name.length >= 1 && name.length <= 32 && name === name.trim();

/**
 * /sitemap.xml (an index), its article and tag chunks (tags with public articles, by tag id), pages.xml
 * (home, 点击排行, categories, static pages, 网站地图), the Google News sitemap, and /robots.txt.
 */
export function registerSitemapRoutes(app: FastifyInstance, deps: SitemapRoutesDeps, send: CompressedSender = createCompressedSender()): void {
  const { cache, categories, clock } = deps;
  const size = deps.sitemapChunkSize ?? SITEMAP_CHUNK_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > SITEMAP_CHUNK_SIZE) throw new Error(`sitemapChunkSize must be 1..${SITEMAP_CHUNK_SIZE}`);
  const articles = createArticleSitemap({ db: deps.dbh.db, clock });

  const xml = (body: string, tags: string[]): PageInput => ({ status: 200, contentType: XML_TYPE, body, tags });

  async function serve(req: FastifyRequest, reply: FastifyReply, name: string, render: (origin: string) => Promise<PageInput>) {
    const origin = siteOrigin(req, deps.baseUrl);
    return send(req, reply, await cache.page(`sitemap|${name}|${origin}|${size}`, () => render(origin)));
  }

  /** Latest publication per category with each category's subtree rolled up, and the site-wide latest. */
  async function lastPublished(): Promise<{ byCategory: Map<number, string>; latest: string }> {
    const own = await articles.lastPublishedByCategory();
    const byCategory = new Map<number, string>();
    for (const c of await categories.all()) {
      const ids = await categories.subtreeIds(c.id);
      const last = ids.reduce((max, id) => laterOf(max, own.get(id) ?? ''), '');
      if (last) byCategory.set(c.id, last);
    }
    return { byCategory, latest: [...own.values()].reduce(laterOf, '') };
  }

  app.get(sitemapUrls.index, (req, reply) =>
    serve(req, reply, 'index', async (origin) => {
      const [chunks, tagChunks, { latest }, pages] = await Promise.all([articles.chunks(size), articles.tagChunks(size), lastPublished(), deps.pages.list()]);
      const pagesLastmod = pages.reduce((max, p) => laterOf(max, p.updatedAt), latest);
      const refs: SitemapRef[] = [
        { loc: origin + sitemapUrls.pages, ...(pagesLastmod ? { lastmod: pagesLastmod } : {}) },
        { loc: origin + sitemapUrls.news, ...(latest ? { lastmod: latest } : {}) },
        ...chunks.map((c) => ({ loc: origin + sitemapUrls.articles(c.n), lastmod: c.lastmod })),
        ...tagChunks.map((c) => ({ loc: origin + sitemapUrls.tags(c.n), lastmod: c.lastmod })),
      ];
      return xml(renderSitemapIndex(refs), ['sitemap', 'list:latest', 'pages']);
    }),
  );

  app.get(sitemapUrls.pages, (req, reply) =>
    serve(req, reply, 'pages', async (origin) => {
      const [{ byCategory, latest }, cats, pages] = await Promise.all([lastPublished(), categories.all(), deps.pages.list()]);
      const entries: UrlEntry[] = [
        { loc: origin + '/', ...(latest ? { lastmod: latest } : {}) },
        { loc: origin + HOT_PAGE },
        ...cats.map((c) => ({ loc: origin + urls.category(c.slug), lastmod: byCategory.get(c.id) })),
        ...pages.map((p) => ({ loc: origin + staticPageUrl(p.slug), lastmod: p.updatedAt })),
        { loc: origin + SITE_MAP_PAGE },
      ];
      return xml(renderUrlset(entries), ['sitemap', 'list:latest', 'pages']);
    }),
  );

  app.get(sitemapUrls.news, (req, reply) =>
    serve(req, reply, 'news', async (origin) => {
      const since = new Date(clock.now().getTime() - NEWS_WINDOW_MS).toISOString();
      const [recent, settings] = await Promise.all([articles.publishedSince(since, NEWS_MAX), deps.settings.get()]);
      const entries: UrlEntry[] = recent.map((a) => ({
        loc: origin + urls.article(a.id),
        lastmod: a.lastmod,
        news: { publicationName: settings.siteName, language: 'zh-cn', publishedAt: a.publishedAt, title: a.title },
      }));
      // The sitemap schema requires at least one <url>: a quiet site lists its home page (without news
      // data) rather than serving an invalid empty <urlset/>.
      if (!entries.length) entries.push({ loc: origin + '/' });
      // Articles age out of the window without any purge; the short TTL drops them within minutes.
      return { ...xml(renderUrlset(entries), ['sitemap', 'list:latest']), ttlMs: 5 * 60_000 };
    }),
  );

  app.get<{ Params: { file: string } }>('/sitemaps/:file', async (req, reply) => {
    const m = CHUNK_FILE.exec(req.params.file);
    if (!m) throw new NotFoundError();
    const kind = m[1] as 'articles' | 'tags';
    const n = Number(m[2]);
    return serve(req, reply, `${kind}-${n}`, async (origin) => {
      const chunk = (kind === 'articles' ? await articles.chunks(size) : await articles.tagChunks(size))[n - 1];
      if (!chunk) throw new NotFoundError();
      const entries: UrlEntry[] =
        kind === 'articles'
          ? (await articles.range(chunk.firstId, chunk.lastId, size)).map((a) => ({ loc: origin + urls.article(a.id), lastmod: a.lastmod }))
          : (await articles.tagRange(chunk.firstId, chunk.lastId, size))
              .filter((tag) => isListableTag(tag.name))
              .map((tag) => ({ loc: origin + urls.tag(tag.name), lastmod: tag.lastmod }));
      // A chunk whose every tag is unlistable still needs one <url> to be valid: the home page.
      if (!entries.length) entries.push({ loc: origin + '/' });
      return xml(renderUrlset(entries), ['sitemap', 'list:latest']);
    });
  });

  app.get('/robots.txt', (req, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(renderRobots(siteOrigin(req, deps.baseUrl))),
  );
}
