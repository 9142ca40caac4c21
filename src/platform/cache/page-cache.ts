import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';

/**
 * In-process page cache with tag-based purge.
 *
 * A page is stored as segments: literal bytes and named fragments (`<!--#fragment:NAME-->` in the
 * rendered HTML). Fragments are shared blocks (latest, hot ranking, same-category list...) cached on
 * their own, so publishing an article re-renders the few blocks that list it instead of evicting every
 * article page that shows those blocks. Pages and fragments both carry tags; `purge(tags)` drops
 * exactly the entries that declared one of them.
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

interface PageEntry {
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

interface FragmentEntry {
  buf: Buffer;
  version: number;
  tags: string[];
  expiresAt: number;
}

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
}

const MARK = /<!--#fragment:([a-z0-9:_-]+)-->/gi;

export interface PageCacheOptions {
  enabled: boolean;
  clock: Clock;
  maxPages?: number;
  maxBytes?: number;
  defaultTtlMs?: number;
}

export class PageCache {
  private readonly pages = new Map<string, PageEntry>();
  private readonly fragments = new Map<string, FragmentEntry>();
  private readonly pending = new Map<string, Promise<FragmentEntry>>();
  private readonly renderers = new Map<string, FragmentRenderer>();
  private readonly boot = randomBytes(3).toString('hex');
  private version = 0;
  /** Bumped by every purge: a render that started before a purge is served but not stored. */
  private generation = 0;
  private bytes = 0;
  private readonly s = { pageHits: 0, pageMisses: 0, fragmentHits: 0, fragmentMisses: 0, purges: 0, purgedPages: 0, purgedFragments: 0 };
  private readonly listeners: Array<(tags: string[]) => void> = [];
  private readonly clearListeners: Array<() => void> = [];
  readonly enabled: boolean;
  private readonly clock: Clock;
  private readonly maxPages: number;
  private readonly maxBytes: number;
  private readonly defaultTtlMs: number;

  constructor(opts: PageCacheOptions) {
    this.enabled = opts.enabled;
    this.clock = opts.clock;
    this.maxPages = opts.maxPages ?? 20_000;
    this.maxBytes = opts.maxBytes ?? 64 * 1024 * 1024; // ~3,000 article pages: the hot set of a busy portal
    this.defaultTtlMs = opts.defaultTtlMs ?? 10 * 60_000;
  }

  /** Register the renderer for fragments named `kind` or `kind:arg`. */
  registerFragment(kind: string, renderer: FragmentRenderer): void {
    if (this.renderers.has(kind)) throw new Error(`fragment ${kind} registered twice`);
    this.renderers.set(kind, renderer);
  }

  /** Called after every purge, with the tags purged (e.g. to broadcast to other instances). */
  onPurge(fn: (tags: string[]) => void): void {
    this.listeners.push(fn);
  }

  /** Serve `key` from cache, or render, store and serve it. */
  async page(key: string, renderPage: () => Promise<PageInput>): Promise<AssembledPage> {
    const now = this.clock.now().getTime();
    let entry = this.enabled ? this.pages.get(key) : undefined;
    let hit = false;
    if (entry && entry.expiresAt > now) {
      hit = true;
      this.s.pageHits++;
      this.pages.delete(key); // refresh LRU position
      this.pages.set(key, entry);
    } else {
      if (entry) this.dropPage(key, entry);
      this.s.pageMisses++;
      const gen = this.generation;
      const input = await renderPage();
      entry = this.makeEntry(input, now);
      if (this.enabled && input.status === 200 && gen === this.generation) this.storePage(key, entry);
    }
    return this.assemble(entry, hit);
  }

  purge(tags: string[]): { pages: number; fragments: number } {
    const wanted = new Set(tags);
    this.generation++;
    this.pending.clear();
    let pages = 0;
    let fragments = 0;
    for (const [k, e] of this.pages) {
      if (e.tags.some((t) => wanted.has(t))) {
        this.dropPage(k, e);
        pages++;
      }
    }
    for (const [k, f] of this.fragments) {
      if (f.tags.some((t) => wanted.has(t))) {
        this.dropFragment(k, f);
        fragments++;
      }
    }
    this.s.purges++;
    this.s.purgedPages += pages;
    this.s.purgedFragments += fragments;
    for (const fn of this.listeners) fn(tags);
    return { pages, fragments };
  }

  /** Called after every clear(). */
  onClear(fn: () => void): void {
    this.clearListeners.push(fn);
  }

  /** Drop everything (settings changes affect the chrome of every page). */
  clear(): void {
    this.generation++;
    this.pending.clear();
    this.pages.clear();
    this.fragments.clear();
    this.bytes = 0;
    for (const fn of this.clearListeners) fn();
  }

  has(key: string): boolean {
    return this.pages.has(key);
  }

  stats(): CacheStats {
    return { enabled: this.enabled, ...this.s, pages: this.pages.size, fragments: this.fragments.size, bytes: this.bytes };
  }

  private makeEntry(input: PageInput, now: number): PageEntry {
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
      hash: createHash('sha1').update(input.body).digest('base64url').slice(0, 12),
      tags: input.tags,
      expiresAt: now + (input.ttlMs ?? this.defaultTtlMs),
      bytes: at,
      stored: false,
      peeks: 0,
    };
  }

  private storePage(key: string, entry: PageEntry): void {
    const old = this.pages.get(key);
    if (old) this.dropPage(key, old);
    this.pages.set(key, entry);
    entry.stored = true;
    this.bytes += entry.bytes;
    this.trim();
  }

  /** Evict least recently used pages, then fragments, until both budgets hold. */
  private trim(): void {
    while (this.pages.size > this.maxPages || this.bytes > this.maxBytes) {
      const first = this.pages.entries().next();
      if (first.done) break;
      this.dropPage(first.value[0], first.value[1]);
    }
    while (this.fragments.size > this.maxPages || this.bytes > this.maxBytes) {
      const first = this.fragments.entries().next();
      if (first.done) break;
      this.dropFragment(first.value[0], first.value[1]);
    }
  }

  /** Fragments share the byte budget with pages; per-article ones (related, same-category) can be many. */
  private storeFragment(name: string, entry: FragmentEntry): void {
    const old = this.fragments.get(name);
    if (old) this.dropFragment(name, old);
    this.fragments.set(name, entry);
    this.bytes += entry.buf.length;
    while (this.fragments.size > this.maxPages || this.bytes > this.maxBytes) {
      const first = this.fragments.entries().next();
      if (first.done) break;
      this.dropFragment(first.value[0], first.value[1]);
    }
  }

  private dropFragment(name: string, f: FragmentEntry): void {
    if (this.fragments.get(name) === f) {
      this.fragments.delete(name);
      this.bytes -= f.buf.length;
    }
  }

  private dropPage(key: string, e: PageEntry): void {
    if (this.pages.get(key) === e) {
      this.pages.delete(key);
      e.stored = false;
      this.bytes -= e.bytes;
    }
  }

  private async assemble(entry: PageEntry, hit: boolean): Promise<AssembledPage> {
    const frags: FragmentEntry[] = [];
    for (const name of entry.frags) frags.push(await this.fragment(name));
    return this.build(entry, frags, hit);
  }

  /** The page with these fragment versions: reuses the last assembly when none changed. */
  private build(entry: PageEntry, frags: FragmentEntry[], hit: boolean): AssembledPage {
    let tag = `${this.boot}${entry.hash}`;
    for (const f of frags) tag += `.${f.version.toString(36)}`;
    const etag = `W/"${tag}"`;
    if (entry.assembledEtag !== etag && frags.length > 0) {
      // Literal parts are copied out of the old buffer, fragments in between; offsets follow.
      let total = 0;
      for (let i = 0; i < frags.length; i++)
        total += (entry.lits[2 * i + 1] as number) - (entry.lits[2 * i] as number) + (frags[i] as FragmentEntry).buf.length;
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
      if (entry.stored) this.bytes += total - entry.bytes;
      entry.buf = buf;
      entry.lits = lits;
      entry.bytes = total;
      entry.assembledEtag = etag;
      if (entry.stored) this.trim();
    }
    entry.assembledFrom = frags;
    entry.served = { status: entry.status, contentType: entry.contentType, body: entry.buf, etag, hit: true };
    return hit ? entry.served : { ...entry.served, hit };
  }

  /**
   * A fresh cached page whose fragments are all fresh, assembled without waiting for anything; else
   * undefined (the caller takes the ordinary path, which renders what is missing). Counts as a hit.
   */
  peek(key: string): AssembledPage | undefined {
    if (!this.enabled) return undefined;
    const entry = this.pages.get(key);
    if (!entry) return undefined;
    const now = this.clock.now().getTime();
    if (entry.expiresAt <= now) return undefined;
    const from = entry.assembledFrom;
    let same = from !== undefined && entry.served !== undefined;
    let frags: FragmentEntry[] | undefined;
    for (let i = 0; i < entry.frags.length; i++) {
      const f = this.fragments.get(entry.frags[i] as string);
      if (!f || f.expiresAt <= now) return undefined;
      if (same && from?.[i] !== f) same = false;
      if (!same) (frags ??= from?.slice(0, i) ?? []).push(f);
    }
    this.s.pageHits++;
    this.s.fragmentHits += entry.frags.length;
    this.pages.delete(key); // refresh LRU position
    this.pages.set(key, entry);
    // The page's fragments move up too, but only now and then: a hot page is peeked thousands of
    // times a second, and a fragment only has to outlive the pages that use it.
    if ((++entry.peeks & 31) === 1) {
      for (const name of entry.frags) {
        const f = this.fragments.get(name) as FragmentEntry;
        this.fragments.delete(name);
        this.fragments.set(name, f);
      }
    }
    if (same) return entry.served;
    return this.build(entry, frags ?? [], true);
  }

  private async fragment(name: string): Promise<FragmentEntry> {
    const now = this.clock.now().getTime();
    const f = this.enabled ? this.fragments.get(name) : undefined;
    if (f && f.expiresAt > now) {
      this.s.fragmentHits++;
      this.fragments.delete(name); // refresh LRU position
      this.fragments.set(name, f);
      return f;
    }
    const inflight = this.pending.get(name);
    if (inflight) return inflight;
    this.s.fragmentMisses++;
    const p = this.renderFragment(name, now).finally(() => this.pending.delete(name));
    this.pending.set(name, p);
    return p;
  }

  private async renderFragment(name: string, now: number): Promise<FragmentEntry> {
    const i = name.indexOf(':');
    const kind = i < 0 ? name : name.slice(0, i);
    const arg = i < 0 ? '' : name.slice(i + 1);
    const renderer = this.renderers.get(kind);
    if (!renderer) throw new Error(`no renderer for fragment ${name}`);
    const gen = this.generation;
    const out = await renderer(arg);
    const entry: FragmentEntry = {
      buf: ownBuffer(out.html),
      version: ++this.version,
      tags: out.tags,
      expiresAt: now + (out.ttlMs ?? this.defaultTtlMs),
    };
    if (this.enabled && gen === this.generation) this.storeFragment(name, entry);
    return entry;
  }
}

/** A buffer of its own: `Buffer.from` puts small strings in a shared 8 KiB slab, which a cached
 *  fragment would keep alive (and uncounted) for as long as the fragment lives. */
function ownBuffer(s: string): Buffer {
  const buf = Buffer.allocUnsafeSlow(Buffer.byteLength(s));
  buf.write(s);
  return buf;
}
