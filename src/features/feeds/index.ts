import type { FastifyInstance } from 'fastify';
import { registerFeedRoutes, type FeedRoutesDeps } from './feeds.public.ts';
import { registerSitemapRoutes, type SitemapRoutesDeps } from './sitemaps.public.ts';

export type FeedsDeps = FeedRoutesDeps & SitemapRoutesDeps;

/**
 * Machine-readable views of the site: RSS 2.0 and Atom 1.0 (site-wide and per category), the sitemap
 * index with its article chunks, pages and Google News sitemaps, and robots.txt.
 */
export function registerFeeds(app: FastifyInstance, deps: FeedsDeps): void {
  registerFeedRoutes(app, deps);
  registerSitemapRoutes(app, deps);
}

export { FEED_SIZE, feedUrls } from './feeds.public.ts';
export { SITEMAP_CHUNK_SIZE, NEWS_WINDOW_MS, NEWS_MAX, sitemapUrls } from './sitemaps.public.ts';
