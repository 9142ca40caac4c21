import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AssembledPage } from '../../platform/cache/page-cache.ts';
import { PAGE_CACHE_CONTROL, matchesEtag } from '../../platform/http/fast-lane.ts';
import { acceptsGzip, GZIP_MIN_BYTES as MIN_BYTES, gzipEtag, GzipStore } from '../../platform/http/gzip.ts';

/** The gzipped bodies kept, by ETag, least recently sent dropped first. */
const KEEP_BYTES = 8 * 1024 * 1024;

export { acceptsGzip, gzipEtag };

/**
 * Sends cached XML (feeds, sitemaps) gzipped to clients that take it: 70 KB feeds shrink to a fifth.
 * The gzipped bytes are made once per page version (its ETag) and kept (platform/http/gzip.ts);
 * `Vary: Accept-Encoding` on every answer, so shared caches keep both variants apart; each variant has
 * its own ETag, and a 304 answers the one asked for.
 */
export function createCompressedSender() {
  const store = new GzipStore(KEEP_BYTES);
  const gzipped = (page: AssembledPage) => store.make(page);

  return async function send(req: FastifyRequest, reply: FastifyReply, page: AssembledPage, cacheControl = PAGE_CACHE_CONTROL) {
    const gz = page.status === 200 && page.body.length >= MIN_BYTES && acceptsGzip(req.headers['accept-encoding']);
    const etag = gz ? gzipEtag(page.etag) : page.etag;
    reply
      .header('vary', 'Accept-Encoding')
      .header('etag', etag)
      .header('cache-control', cacheControl)
      .header('x-cache', page.hit ? 'HIT' : 'MISS');
    const inm = req.headers['if-none-match'];
    if (inm && page.status === 200 && matchesEtag(inm, etag)) return reply.code(304).send();
    if (!gz) return reply.code(page.status).type(page.contentType).send(page.body);
    const body = await gzipped(page);
    return reply.code(200).type(page.contentType).header('content-encoding', 'gzip').send(body);
  };
}

export type CompressedSender = ReturnType<typeof createCompressedSender>;
