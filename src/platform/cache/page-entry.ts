import { createHash } from 'node:crypto';

/**
 * The page cache's entries and how a page is put together from them (see page-cache.ts for the store).
 *
 * A rendered page is stored as segments: literal bytes and named fragments (`<!--#fragment:NAME-->`
 * in the rendered HTML). Assembling copies the literal parts and the fragments' bytes into one buffer.
 */
export interface FragmentOutput {
  html: string;
  tags: string[];
  ttlMs?: number;
}
export type FragmentRenderer = (arg: string) => Promise<FragmentOutput>;

export interface PageInput {
  status: number;
  contentType: string;
  body: string;
  tags: string[];
  ttlMs?: number;
}

export interface AssembledPage {
  status: number;
  contentType: string;
  body: Buffer;
  etag: string;
  hit: boolean;
}

/** The page cache's counters (page-cache.ts `stats()`). */
export interface CacheStats {
  enabled: boolean;
  pageHits: number;
  pageMisses: number;
  fragmentHits: number;
  fragmentMisses: number;
  purges: number;
  purgedPages: number;
  purgedFragments: number;
  pages: number;
  fragments: number;
  bytes: number;
  /** Memory holding those bytes (blocks of the byte arena, dead bytes included). */
  heldBytes: number;
  /** Renders served but not kept: the cache was nearly full and the page or fragment was new to it. */
  notAdmitted: number;
}

export interface PageEntry {
  status: number;
  contentType: string;
  /** The page's bytes: its literal parts only until first assembled, then the whole page. Literal
   *  part i is `buf[lits[2i], lits[2i+1])`; fragment i (named `frags[i]`) follows literal part i. Keeping
   *  one buffer instead of literals plus an assembled copy halves what a hot page holds, and the byte
   *  budget counts exactly what is held. */
  buf: Buffer;
  lits: number[];
  frags: string[];
  /** ETag of `buf` when it is assembled (fragment versions included); undefined while it holds literals only. */
  assembledEtag?: string;
  /** The fragment entries `buf` was assembled from, and the answer built from them: while the cache
   *  still holds exactly these, `peek` returns `served` without building anything. */
  assembledFrom?: FragmentEntry[];
  served?: AssembledPage;
  peeks: number;
  hash: string;
  tags: string[];
  expiresAt: number;
  bytes: number;
  stored: boolean;
}

export interface FragmentEntry {
  buf: Buffer;
  version: number;
  tags: string[];
  expiresAt: number;
}

/** A fragment slot in rendered HTML; group 1 is the fragment's name. */
export const MARK = /<!--#fragment:([a-z0-9:_-]+)-->/gi;

/** A short content hash (part of ETags). */
export function shortHash(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('base64url').slice(0, 12);
}

/** Splits a rendered page at its fragment slots into one buffer of literal parts. */
export function makeEntry(input: PageInput, expiresAt: number): PageEntry {
  const texts: string[] = [];
  const frags: string[] = [];
  let last = 0;
  for (const m of input.body.matchAll(MARK)) {
    texts.push(input.body.slice(last, m.index));
    // A copy, not the match: V8 keeps a long enough substring as a slice of its parent, so the
    // name would pin the whole rendered page string for as long as the entry lives.
    frags.push(Buffer.from(m[1] as string, 'latin1').toString('latin1'));
    last = (m.index ?? 0) + m[0].length;
  }
  texts.push(input.body.slice(last));
  const lits: number[] = [];
  let at = 0;
  for (const t of texts) {
    const n = Buffer.byteLength(t);
    lits.push(at, at + n);
    at += n;
  }
  const buf = Buffer.allocUnsafeSlow(at);
  texts.forEach((t, i) => buf.write(t, lits[2 * i] as number));
  return {
    status: input.status,
    contentType: input.contentType,
    buf,
    lits,
    frags,
    hash: shortHash(input.body),
    tags: input.tags,
    expiresAt,
    bytes: at,
    stored: false,
    peeks: 0,
  };
}

/**
 * Puts `entry` together with these fragment versions (`boot` makes ETags differ between processes):
 * reuses the last assembly when none changed. Returns how many bytes the entry grew by.
 */
export function assembleEntry(entry: PageEntry, frags: FragmentEntry[], boot: string): number {
  let tag = `${boot}${entry.hash}`;
  for (const f of frags) tag += `.${f.version.toString(36)}`;
  const etag = `W/"${tag}"`;
  let grew = 0;
  if (entry.assembledEtag !== etag && frags.length > 0) {
    // Literal parts are copied out of the old buffer, fragments in between; offsets follow.
    let total = 0;
    for (let i = 0; i < frags.length; i++) total += (entry.lits[2 * i + 1] as number) - (entry.lits[2 * i] as number) + (frags[i] as FragmentEntry).buf.length;
    const last = entry.lits.length - 2;
    total += (entry.lits[last + 1] as number) - (entry.lits[last] as number);
    const buf = Buffer.allocUnsafeSlow(total);
    const lits: number[] = [];
    let at = 0;
    for (let i = 0; i <= frags.length; i++) {
      const start = entry.lits[2 * i] as number;
      const end = entry.lits[2 * i + 1] as number;
      entry.buf.copy(buf, at, start, end);
      lits.push(at, at + end - start);
      at += end - start;
      const f = frags[i];
      if (f) at += f.buf.copy(buf, at);
    }
    grew = total - entry.bytes;
    entry.buf = buf;
    entry.lits = lits;
    entry.bytes = total;
    entry.assembledEtag = etag;
  }
  entry.assembledFrom = frags;
  entry.served = { status: entry.status, contentType: entry.contentType, body: entry.buf, etag, hit: true };
  return grew;
}

/** A buffer of its own: `Buffer.from` puts small strings in a shared 8 KiB slab, which a cached
 *  fragment would keep alive (and uncounted) for as long as the fragment lives. */
export function ownBuffer(s: string): Buffer {
  const buf = Buffer.allocUnsafeSlow(Buffer.byteLength(s));
  buf.write(s);
  return buf;
}

/** A page with its fragment slots (`slots`, matches of MARK) replaced by `outs`, encoded straight into
 *  one buffer (no joined copy of the page): the disabled cache's answer. */
export function spliceFragments(src: string, slots: RegExpExecArray[], outs: FragmentOutput[]): Buffer {
  const parts: string[] = [];
  let last = 0;
  for (let i = 0; i < slots.length; i++) {
    const m = slots[i] as RegExpExecArray;
    parts.push(src.slice(last, m.index), (outs[i] as FragmentOutput).html);
    last = m.index + m[0].length;
  }
  parts.push(src.slice(last));
  let size = 0;
  for (const part of parts) size += Buffer.byteLength(part);
  const body = Buffer.allocUnsafe(size);
  let at = 0;
  for (const part of parts) at += body.write(part, at);
  return body;
}
