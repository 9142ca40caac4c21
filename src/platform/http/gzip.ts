import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { AssembledPage } from '../cache/page-cache.ts';

const gzipAsync = promisify(gzip);

/** Below this a gzip header and a round of CPU buy nothing. */
export const GZIP_MIN_BYTES = 1024;

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
 * Gzipped bodies of cached pages, made once per page version (its ETag) and kept, least recently
 * sent dropped first, at most `maxBytes` of them; concurrent first requests share one compression.
 * `ready` answers synchronously (the fast lane cannot wait), `make` compresses when needed.
 */
export class GzipStore {
  private readonly kept = new Map<string, { size: number; bytes: Promise<Buffer>; done?: Buffer }>();
  private keptBytes = 0;
  private reads = 0;

  constructor(private readonly maxBytes: number) {}

  /** The gzipped body if it is already made. */
  ready(page: AssembledPage): Buffer | undefined {
    const key = keyOf(page);
    const slot = this.kept.get(key);
    // The fast lane's hits keep an entry recent too (every 32nd, as PageCache.peek), or the pages read most
    // would be the first dropped when a crawler walks the long tail.
    if (slot?.done && ++this.reads % 32 === 0) {
      this.kept.delete(key);
      this.kept.set(key, slot);
    }
    return slot?.done;
  }

  make(page: AssembledPage): Promise<Buffer> {
    const key = keyOf(page);
    const hit = this.kept.get(key);
    if (hit) {
      this.kept.delete(key); // most recently used last
      this.kept.set(key, hit);
      return hit.bytes;
    }
    const bytes = gzipAsync(page.body, { level: 6 });
    const slot: { size: number; bytes: Promise<Buffer>; done?: Buffer } = { size: page.body.length, bytes };
    this.kept.set(key, slot);
    this.keptBytes += slot.size;
    bytes.then(
      (b) => {
        slot.done = b;
        // Counted by the source size until compressed, then by what is really kept.
        if (this.kept.get(key) === slot) this.keptBytes += b.length - slot.size;
        slot.size = b.length;
      },
      () => {
        if (this.kept.get(key) === slot) {
          this.kept.delete(key);
          this.keptBytes -= slot.size;
        }
      },
    );
    for (const [k, v] of this.kept) {
      if (this.keptBytes <= this.maxBytes || k === key) break;
      this.kept.delete(k);
      this.keptBytes -= v.size;
    }
    return bytes;
  }

  stats(): { entries: number; bytes: number } {
    return { entries: this.kept.size, bytes: this.keptBytes };
  }
}

const keyOf = (page: AssembledPage) => `${page.etag}|${page.body.length}`;

/** The gzipped HTML of cached pages, shared by sendPage and the fast lane (8 MiB: some 1,500 article pages). */
export const pageGzip = new GzipStore(8 * 1024 * 1024);
