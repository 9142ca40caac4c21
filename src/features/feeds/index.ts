import type { FastifyInstance } from 'fastify';
import { createCompressedSender } from './compress.ts';
import { registerFeedRoutes, type FeedRoutesDeps } from './feeds.public.ts';
import { registerSitemapRoutes, type SitemapRoutesDeps } from './sitemaps.public.ts';

export type FeedsDeps = FeedRoutesDeps & SitemapRoutesDeps;

/**
 * Machine-readable views of the site: RSS 2.0 and Atom 1.0 (site-wide and per category), the sitemap
 * index with its article and tag chunks, pages and Google News sitemaps, and robots.txt. Feeds and
 * sitemaps are sent gzipped to clients that take it (one kept set of gzipped bodies for both).
 */
export function registerFeeds(app: FastifyInstance, deps: FeedsDeps): void {
  const send = createCompressedSender();
  registerFeedRoutes(app, deps, send);
  registerSitemapRoutes(app, deps, send);
}

export { FEED_SIZE, feedUrls } from './feeds.public.ts';
export { SITEMAP_CHUNK_SIZE, NEWS_WINDOW_MS, NEWS_MAX, sitemapUrls } from './sitemaps.public.ts';
