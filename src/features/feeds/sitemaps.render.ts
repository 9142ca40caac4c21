import { el, w3cDate, xmlDocument } from './feeds.xml.ts';

/** sitemaps.org protocol 0.9 and Google's News extension 0.9. */
export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
export const XML_TYPE = 'application/xml; charset=utf-8';

export interface NewsInfo {
  publicationName: string;
  /** ISO 639 code; Google spells Chinese as `zh-cn` / `zh-tw`. */
  language: string;
  publishedAt: string;
  title: string;
}

export interface UrlEntry {
  loc: string;
  lastmod?: string;
  news?: NewsInfo;
}

export interface SitemapRef {
  loc: string;
  lastmod?: string;
}

function lastmod(iso: string | undefined) {
  return iso ? el('lastmod', null, w3cDate(iso)) : null;
}

/** A `<urlset>`; the news namespace is declared only when an entry carries news data. */
export function renderUrlset(entries: UrlEntry[]): string {
  const withNews = entries.some((e) => e.news);
  const urls = entries.map((e) =>
    el(
      'url',
      null,
      el('loc', null, e.loc),
      lastmod(e.lastmod),
      e.news
        ? el(
            'news:news',
            null,
            el('news:publication', null, el('news:name', null, e.news.publicationName), el('news:language', null, e.news.language)),
            el('news:publication_date', null, w3cDate(e.news.publishedAt)),
            el('news:title', null, e.news.title),
          )
        : null,
    ),
  );
  return xmlDocument(el('urlset', { xmlns: SITEMAP_NS, 'xmlns:news': withNews ? NEWS_NS : undefined }, urls));
}

export function renderSitemapIndex(refs: SitemapRef[]): string {
  return xmlDocument(
    el(
      'sitemapindex',
      { xmlns: SITEMAP_NS },
      refs.map((r) => el('sitemap', null, el('loc', null, r.loc), lastmod(r.lastmod))),
    ),
  );
}

/**
 * Paths crawlers should not fetch: private areas, and actions and search results that are links on
 * every article (rel=nofollow alone does not keep them out of a crawl), on desktop and under /mobile/
 * (the phone pages, and the /mobile/ addresses of desktop-only pages that redirect to them).
 */
export const ROBOTS_DISALLOW = [
  '/api/',
  '/member/',
  '/admin/',
  '/search',
  '/favorites/',
  '/tip/',
  '/report/',
  '/comments/',
  '/news/*/comments/write',
  '/ads/click/',
  '/ads/slots',
  '/mall/*/redeem',
  '/guestbook/posted',
  '/view/',
  '/plus/',
];

export function renderRobots(origin: string): string {
  const paths = ROBOTS_DISALLOW.flatMap((p) => [p, `/mobile${p}`]);
  return ['User-agent: *', 'Allow: /', ...paths.map((p) => `Disallow: ${p}`), '', `Sitemap: ${origin}/sitemap.xml`, ''].join('\n');
}
