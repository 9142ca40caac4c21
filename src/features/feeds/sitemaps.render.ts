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

export function renderRobots(origin: string): string {
  return ['User-agent: *', 'Allow: /', 'Disallow: /api/', 'Disallow: /member/', 'Disallow: /admin/', '', `Sitemap: ${origin}/sitemap.xml`, ''].join('\n');
}
