import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AssembledPage } from '../../platform/cache/page-cache.ts';
import { PAGE_CACHE_CONTROL, matchesEtag } from '../../platform/http/fast-lane.ts';

const gzipAsync = promisify(gzip);

/** Below this a gzip header and a round of CPU buy nothing. */
const MIN_BYTES = 1024;
/** The gzipped bodies kept, by ETag, least recently sent dropped first. */
const KEEP_BYTES = 8 * 1024 * 1024;

/**
 * Whether an `Accept-Encoding` header takes gzip: `gzip` (or `x-gzip`) with a weight above 0, or `*`
 * above 0 when gzip is not named (RFC 9110 §12.5.3).
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (!header) return false;
  let star: boolean | undefined;
  for (const item of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name = '', ...params] = item.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const accepted = q === undefined || Number(q) > 0;
    if (name.trim() === 'gzip' || name.trim() === 'x-gzip') return accepted;
    if (name.trim() === '*') star = accepted;
  }
  return star === true;
}

/** The ETag of the gzipped variant: a different entity, so a different tag (`W/"abc"` → `W/"abc-gzip"`). */
export function gzipEtag(etag: string): string {
  return etag.endsWith('"') ? `${etag.slice(0, -1)}-gzip"` : `${etag}-gzip`;
}

/**
 * Sends cached XML (feeds, sitemaps) gzipped to clients that take it: 70 KB feeds shrink to a fifth.
 * The gzipped bytes are made once per page version (its ETag) and kept, at most `KEEP_BYTES` of them;
 * concurrent first requests share one compression. `Vary: Accept-Encoding` on every answer, so shared
 * caches keep both variants apart; each variant has its own ETag, and a 304 answers the one asked for.
 */
export function createCompressedSender() {
  const kept = new Map<string, { size: number; bytes: Promise<Buffer> }>();
  let keptBytes = 0;

  function gzipped(page: AssembledPage): Promise<Buffer> {
    const key = `${page.etag}|${page.body.length}`;
    const hit = kept.get(key);
    if (hit) {
      kept.delete(key); // most recently used last
      kept.set(key, hit);
      return hit.bytes;
    }
    const bytes = gzipAsync(page.body, { level: 6 });
    const slot = { size: page.body.length, bytes };
    kept.set(key, slot);
    keptBytes += slot.size;
    bytes.then(
      (b) => {
        // Counted by the source size until compressed, then by what is really kept.
        if (kept.get(key) === slot) keptBytes += b.length - slot.size;
        slot.size = b.length;
      },
      () => {
        if (kept.get(key) === slot) {
          kept.delete(key);
          keptBytes -= slot.size;
        }
      },
    );
    for (const [k, v] of kept) {
      if (keptBytes <= KEEP_BYTES || k === key) break;
      kept.delete(k);
      keptBytes -= v.size;
    }
    return bytes;
  }

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
