import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { escapeHtml } from '../../platform/html/jsx.ts';
import { htmlToText } from '../../platform/html/sanitize.ts';
import { siteOrigin } from '../../platform/http/app.ts';
import { urls, type ArticleDetail, type Articles } from '../articles/index.ts';
import type { Categories, Category } from '../categories/index.ts';
import type { SettingsService } from '../settings/index.ts';
import { t, format as fill } from '../../strings/index.ts';
import { ATOM_TYPE, RSS_TYPE, renderAtom, renderRss, type FeedEntry, type FeedMeta } from './feeds.render.ts';
import { laterOf } from './feeds.xml.ts';
import { createCompressedSender, type CompressedSender } from './compress.ts';

/** Articles per feed. */
export const FEED_SIZE = 30;
const EXCERPT_CHARS = 200;

export interface FeedRoutesDeps {
  articles: Articles;
  categories: Categories;
  settings: SettingsService;
  cache: PageCache;
  clock: Clock;
  baseUrl: string | undefined;
}

type Format = 'rss' | 'atom';

/** A feed's title, in the feed itself and in the pages' `<link rel="alternate" title>`. */
export function feedTitle(site: string, categoryName?: string): string {
  return categoryName === undefined ? fill(t.feedTitleSite, { site }) : fill(t.feedTitleCategory, { site, name: categoryName });
}

export const feedUrls = {
  site: (format: Format) => `/${format}.xml`,
  category: (slug: string, format: Format) => `/category/${slug}/${format}.xml`,
};

/** Feed readers show content out of context: root-relative links and images must carry the origin. */
export function absolutizeLinks(html: string, origin: string): string {
  return html.replace(/(\s(?:src|href)=")\/(?!\/)/g, `$1${origin}/`);
}

function absoluteUrl(url: string, origin: string): string {
  return /^https?:\/\//.test(url) ? url : origin + url;
}

function excerpt(html: string): string {
  const chars = Array.from(htmlToText(html).replace(/\s+/g, ' ').trim());
  return chars.length > EXCERPT_CHARS ? chars.slice(0, EXCERPT_CHARS).join('') + '…' : chars.join('');
}

function toFeedEntry(a: ArticleDetail, origin: string): FeedEntry {
  const publishedAt = a.publishedAt ?? a.createdAt;
  const cover = a.cover ? `<p><img src="${escapeHtml(absoluteUrl(a.cover, origin))}" alt="${escapeHtml(a.title)}"></p>` : '';
  return {
    url: origin + urls.article(a.id),
    title: a.title,
    publishedAt,
    updatedAt: laterOf(a.updatedAt, publishedAt),
    author: { name: a.author.username, url: origin + urls.author(a.author.username) },
    category: { slug: a.category.slug, name: a.category.name, url: origin + urls.category(a.category.slug) },
    summary: a.summary || excerpt(a.body),
    // The body is stored sanitized; it is only re-based here, never re-parsed. Its pages are joined
    // without the editor's page-break markers (`<hr class="pagebreak">`), which mean nothing to a reader.
    contentHtml: cover + absolutizeLinks(a.pages.join('\n'), origin),
  };
}

/** RSS 2.0 and Atom 1.0 for the whole site and for each category (with its subcategories). */
export function registerFeedRoutes(app: FastifyInstance, deps: FeedRoutesDeps, send: CompressedSender = createCompressedSender()): void {
  const { articles, categories, cache } = deps;

  async function latestEntries(categoryIds: number[] | undefined, origin: string): Promise<FeedEntry[]> {
    const cards = await articles.list(categoryIds ? { categoryIds } : {}, FEED_SIZE);
    const details = await articles.getPublishedMany(cards.map((c) => c.id));
    return details.map((a) => toFeedEntry(a, origin));
  }

  async function feedMeta(origin: string, entries: FeedEntry[], cat: Category | undefined): Promise<FeedMeta> {
    const s = await deps.settings.get();
    const updated = entries.reduce((max, e) => laterOf(max, e.updatedAt), '') || deps.clock.now().toISOString();
    const description = (cat?.description || s.siteDescription || s.tagline || s.siteName).trim();
    return {
      // The same title the pages' <link rel="alternate"> give the feed (home, category and RSS订阅 pages).
      title: feedTitle(s.siteName, cat?.name),
      description,
      htmlUrl: origin + (cat ? urls.category(cat.slug) : '/'),
      rssUrl: origin + (cat ? feedUrls.category(cat.slug, 'rss') : feedUrls.site('rss')),
      atomUrl: origin + (cat ? feedUrls.category(cat.slug, 'atom') : feedUrls.site('atom')),
      siteName: s.siteName,
      siteUrl: origin + '/',
      updated,
    };
  }

  async function serve(req: FastifyRequest, reply: FastifyReply, format: Format, slug?: string) {
    const origin = siteOrigin(req, deps.baseUrl);
    let cat: Category | undefined;
    if (slug !== undefined) {
      cat = await categories.bySlug(slug);
      if (!cat) {
        // A renamed category's old feed URL: feed readers follow the permanent redirect and update it.
        const renamed = await categories.formerSlug(slug);
        if (renamed) return reply.redirect(feedUrls.category(renamed.slug, format), 301);
        throw new NotFoundError(t.errors.categoryNotFound);
      }
    }
    const key = `feed|${format}|${origin}|${cat ? cat.id : 'site'}`;
    const page = await cache.page(key, async () => {
      const entries = await latestEntries(cat ? await categories.subtreeIds(cat.id) : undefined, origin);
      const meta = await feedMeta(origin, entries, cat);
      return {
        status: 200,
        contentType: format === 'rss' ? RSS_TYPE : ATOM_TYPE,
        body: format === 'rss' ? renderRss(meta, entries) : renderAtom(meta, entries),
        // Publishing purges `list:latest` and `category:<id>` for the article's category and its ancestors.
        tags: cat ? [`category:${cat.id}`] : ['list:latest'],
      };
    });
    return send(req, reply, page);
  }

  for (const format of ['rss', 'atom'] as const) {
    app.get(feedUrls.site(format), (req, reply) => serve(req, reply, format));
    app.get<{ Params: { slug: string } }>(`/category/:slug/${format}.xml`, (req, reply) => serve(req, reply, format, req.params.slug));
  }
}
