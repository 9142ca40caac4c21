import { escapeHtml } from '../../platform/html/jsx.ts';
import { cdata, el, plainText, rfc822, w3cDate, xmlDocument } from './feeds.xml.ts';

/** One article as feeds print it; every URL is absolute. */
export interface FeedEntry {
  url: string;
  title: string;
  publishedAt: string;
  updatedAt: string;
  author: { name: string; url: string };
  category: { slug: string; name: string; url: string };
  /** Plain text: the summary, or an excerpt of the body. */
  summary: string;
  /** Sanitized body HTML with absolute links. */
  contentHtml: string;
}

export interface FeedMeta {
  title: string;
  description: string;
  /** The HTML page this feed mirrors (home or category page). */
  htmlUrl: string;
  rssUrl: string;
  atomUrl: string;
  siteName: string;
  siteUrl: string;
  /** Latest change of any entry, or now when the feed is empty. */
  updated: string;
}

const GENERATOR = 'Zixun';

export const RSS_TYPE = 'application/rss+xml; charset=utf-8';
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

/**
 * RSS 2.0 with the content and Dublin Core modules. The author goes in `dc:creator`: RSS's own
 * `<author>` must be an e-mail address, which members do not publish. Titles, names and categories are
 * plain text (`plainText`); only the description and content:encoded are HTML.
 */
export function renderRss(meta: FeedMeta, entries: FeedEntry[]): string {
  const items = entries.map((e) =>
    el(
      'item',
      null,
      el('title', null, plainText(e.title)),
      el('link', null, e.url),
      el('guid', { isPermaLink: 'true' }, e.url),
      el('pubDate', null, rfc822(e.publishedAt)),
      el('dc:creator', null, plainText(e.author.name)),
      el('category', { domain: e.category.url }, plainText(e.category.name)),
      // Readers treat an RSS description as HTML, so the plain-text summary is HTML-escaped first.
      el('description', null, escapeHtml(e.summary)),
      el('content:encoded', null, cdata(e.contentHtml)),
    ),
  );
  const channel = el(
    'channel',
    null,
    el('title', null, plainText(meta.title)),
    el('link', null, meta.htmlUrl),
    el('description', null, plainText(meta.description)),
    el('language', null, 'zh-cn'),
    el('lastBuildDate', null, rfc822(meta.updated)),
    el('generator', null, GENERATOR),
    el('atom:link', { href: meta.rssUrl, rel: 'self', type: 'application/rss+xml' }),
    items,
  );
  return xmlDocument(
    el(
      'rss',
      {
        version: '2.0',
        'xmlns:atom': 'http://www.w3.org/2005/Atom',
        'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
        'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      },
      channel,
    ),
  );
}

/** Atom 1.0 (RFC 4287). Entry ids are the articles' permanent URLs. */
export function renderAtom(meta: FeedMeta, entries: FeedEntry[]): string {
  const items = entries.map((e) =>
    el(
      'entry',
      null,
      el('id', null, e.url),
      el('title', { type: 'text' }, e.title),
      el('link', { rel: 'alternate', type: 'text/html', href: e.url }),
      el('published', null, w3cDate(e.publishedAt)),
      el('updated', null, w3cDate(e.updatedAt)),
      el('author', null, el('name', null, e.author.name), el('uri', null, e.author.url)),
      el('category', { term: e.category.slug, label: e.category.name }),
      el('summary', { type: 'text' }, e.summary),
      el('content', { type: 'html' }, cdata(e.contentHtml)),
    ),
  );
  return xmlDocument(
    el(
      'feed',
      { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': 'zh-CN' },
      el('id', null, meta.atomUrl),
      el('title', { type: 'text' }, meta.title),
      el('subtitle', { type: 'text' }, meta.description),
      el('updated', null, w3cDate(meta.updated)),
      el('link', { rel: 'self', type: 'application/atom+xml', href: meta.atomUrl }),
      el('link', { rel: 'alternate', type: 'text/html', href: meta.htmlUrl }),
      el('author', null, el('name', null, meta.siteName), el('uri', null, meta.siteUrl)),
      el('generator', null, GENERATOR),
      items,
    ),
  );
}
