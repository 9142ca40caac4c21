import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { ByteArena, type ArenaOwner } from './byte-arena.ts';
import {
  assembleEntry,
  makeEntry,
  spliceFragments,
  MARK,
  ownBuffer,
  shortHash,
  type AssembledPage,
  type CacheStats,
  type FragmentEntry,
  type FragmentOutput,
  type FragmentRenderer,
  type PageEntry,
  type PageInput,
} from './page-entry.ts';

export type { AssembledPage, CacheStats, FragmentOutput, FragmentRenderer, PageInput } from './page-entry.ts';

/**
 * The output with its HTML made one flat string now (V8 flattens a string to read a character of it).
 * Rendered HTML is a tree of concatenations; kept as such while the page's other fragments are awaited,
 * its thousands of small pieces survive garbage collections and are walked cold when the page is
 * encoded. Flattened while fresh, they die young.
 */
function flattenOutput(out: FragmentOutput): FragmentOutput {
  out.html.charCodeAt(0);
  return out;
}

/** After the arena moved a page's bytes: the answer it serves points at them. */
function repointServed(owner: ArenaOwner): void {
  const e = owner as Partial<PageEntry>;
  if (e.served) e.served = { ...e.served, body: owner.buf };
}

/**
 * In-process page cache with tag-based purge.
 *
 * A page is stored as segments: literal bytes and named fragments (`<!--#fragment:NAME-->` in the
 * rendered HTML). Fragments are shared blocks (latest, hot ranking, same-category list...) cached on
 * their own, so publishing an article re-renders the few blocks that list it instead of evicting every
 * article page that shows those blocks. Pages and fragments both carry tags; `purge(tags)` drops
 * exactly the entries that declared one of them. Entries and their assembly are in page-entry.ts.
 *
 * Disabled (`ZIXUN_PAGE_CACHE=0`), nothing is kept: each page and each of its fragments is rendered
 * and spliced into one string, without building the entries a cache would store.
 */

/** Below this share of the byte budget every render is kept; above it, only what was asked for before. */
const ADMIT_ALL_BELOW = 0.9;

export interface PageCacheOptions {
  enabled: boolean;
  clock: Clock;
  maxPages?: number;
  maxBytes?: number;
  defaultTtlMs?: number;
  /** Size of the byte arena's blocks (1 MiB; above the allocator's mmap threshold, ADR 0010). */
  arenaBlockBytes?: number;
}

export class PageCache {
  private readonly pages = new Map<string, PageEntry>();
  private readonly fragments = new Map<string, FragmentEntry>();
  private readonly pending = new Map<string, Promise<FragmentEntry>>();
  private readonly pendingHtml = new Map<string, Promise<FragmentOutput>>();
  private readonly renderers = new Map<string, FragmentRenderer>();
  private readonly boot = randomBytes(3).toString('hex');
  private version = 0;
  /** Bumped by every purge: a render that started before a purge is served but not stored. */
  private generation = 0;
  private bytes = 0;
  private readonly s = { pageHits: 0, pageMisses: 0, fragmentHits: 0, fragmentMisses: 0, purges: 0, purgedPages: 0, purgedFragments: 0, notAdmitted: 0 };
  private readonly listeners: Array<(tags: string[]) => void> = [];
  private readonly clearListeners: Array<() => void> = [];
  /**
   * Admission once the cache is nearly full: keys of pages and fragments rendered once and not kept. A
   * second render within the next `maxPages` such keys is kept. Without it, each one-off view of the long
   * tail (most article views of a large portal) evicted a page that was being read again; it also kept
   * every such page's buffers alive until V8's next full collection (server RSS, bench/README.md).
   */
  private readonly doorkeeper = new Set<string>();
  /** The bytes of stored pages and fragments (not of renders served but not kept): byte-arena.ts. */
  private readonly arena: ByteArena;
  readonly enabled: boolean;
  private readonly clock: Clock;
  private readonly maxPages: number;
  private readonly maxBytes: number;
  private readonly defaultTtlMs: number;

  constructor(opts: PageCacheOptions) {
    this.enabled = opts.enabled;
    this.clock = opts.clock;
    this.maxPages = opts.maxPages ?? 20_000;
    this.maxBytes = opts.maxBytes ?? 48 * 1024 * 1024; // ~2,000 article pages with their fragments: a busy portal's hot set
    this.defaultTtlMs = opts.defaultTtlMs ?? 10 * 60_000;
    this.arena = new ByteArena({ blockBytes: opts.arenaBlockBytes, minLive: 0.8, onMove: repointServed });
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
    if (!this.enabled) return this.renderUncached(renderPage);
    const now = this.clock.now().getTime();
    let entry = this.pages.get(key);
    let hit = false;
    if (entry && entry.expiresAt > now) {
      hit = true;
      this.s.pageHits++;
      this.pages.delete(key); // refresh LRU position
      this.pages.set(key, entry);
    } else {
      const expired = entry !== undefined;
      if (entry) this.dropPage(key, entry);
      this.s.pageMisses++;
      const gen = this.generation;
      const input = await renderPage();
      entry = makeEntry(input, now + (input.ttlMs ?? this.defaultTtlMs));
      // A page that was cached until it expired was read before: kept again without a second render.
      if (input.status === 200 && gen === this.generation && (expired || this.admit(`p ${key}`, entry.bytes))) this.storePage(key, entry);
    }
    return this.assemble(entry, hit);
  }

  /** True when a new entry of `bytes` is kept: while there is room, or when `key` was rendered recently. */
  private admit(key: string, bytes: number): boolean {
    if (this.bytes + bytes <= this.maxBytes * ADMIT_ALL_BELOW) return true;
    if (this.doorkeeper.delete(key)) return true;
    this.remember(key);
    this.s.notAdmitted++;
    return false;
  }

  private remember(key: string): void {
    this.doorkeeper.add(key);
    if (this.doorkeeper.size > this.maxPages) this.doorkeeper.delete(this.doorkeeper.values().next().value as string);
  }

  purge(tags: string[]): { pages: number; fragments: number } {
    const wanted = new Set(tags);
    this.generation++;
    this.pending.clear();
    this.pendingHtml.clear();
    let pages = 0;
    let fragments = 0;
    for (const [k, e] of this.pages) {
      if (e.tags.some((t) => wanted.has(t))) {
        this.dropPage(k, e);
        this.remember(`p ${k}`); // it was being read: kept again at its next render, full or not
        pages++;
      }
    }
    for (const [k, f] of this.fragments) {
      if (f.tags.some((t) => wanted.has(t))) {
        this.dropFragment(k, f);
        this.remember(`f ${k}`); // as for pages: kept again at its next render
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
    this.pendingHtml.clear();
    // A page still assembling must not think itself stored (it would be adopted by the arena, never released).
    for (const e of this.pages.values()) e.stored = false;
    this.pages.clear();
    this.fragments.clear();
    this.doorkeeper.clear();
    this.arena.clear();
    this.bytes = 0;
    for (const fn of this.clearListeners) fn();
  }

  has(key: string): boolean {
    return this.pages.has(key);
  }

  stats(): CacheStats {
    return {
      enabled: this.enabled,
      ...this.s,
      pages: this.pages.size,
      fragments: this.fragments.size,
      bytes: this.bytes,
      heldBytes: this.arena.stats().heldBytes,
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
    this.arena.adopt(entry);
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
      this.arena.release(f);
    }
  }

  private dropPage(key: string, e: PageEntry): void {
    if (this.pages.get(key) === e) {
      this.pages.delete(key);
      e.stored = false;
      this.bytes -= e.bytes;
      this.arena.release(e);
    }
  }

  private async assemble(entry: PageEntry, hit: boolean): Promise<AssembledPage> {
    const frags: FragmentEntry[] = [];
    for (const name of entry.frags) frags.push(await this.fragment(name));
    return this.build(entry, frags, hit);
  }

  /** The page with these fragment versions: reuses the last assembly when none changed. */
  private build(entry: PageEntry, frags: FragmentEntry[], hit: boolean): AssembledPage {
    const before = entry.buf;
    const grew = assembleEntry(entry, frags, this.boot);
    if (entry.stored) {
      // A stored page's bytes live in the arena: its first assembly (or a new one) is copied there.
      if (entry.buf !== before) this.arena.release(entry, before);
      this.arena.adopt(entry);
      if (entry.served?.body !== entry.buf) repointServed(entry);
      if (grew !== 0) {
        this.bytes += grew;
        this.trim();
      }
    }
    const served = entry.served as AssembledPage;
    return hit ? served : { ...served, hit };
  }

  /**
   * The disabled cache's page: the page and its fragments rendered, spliced as strings and encoded
   * once. Concurrent renders of one fragment still share the work. Unique ETags while fragments are
   * in it (as a fresh render of each fragment would give), a content hash without.
   */
  private async renderUncached(renderPage: () => Promise<PageInput>): Promise<AssembledPage> {
    this.s.pageMisses++;
    const input = await renderPage();
    const src = input.body;
    const slots = [...src.matchAll(MARK)]; // (flattens the page string while its pieces are still fresh)
    if (!slots.length) {
      const body = Buffer.from(src);
      return { status: input.status, contentType: input.contentType, body, etag: `W/"${this.boot}${shortHash(body)}"`, hit: false };
    }
    // All of the page's fragments at once: on PostgreSQL their queries overlap.
    const outs = await Promise.all(slots.map((m) => this.fragmentHtml(m[1] as string)));
    const body = spliceFragments(src, slots, outs);
    return { status: input.status, contentType: input.contentType, body, etag: `W/"${this.boot}u${(++this.version).toString(36)}"`, hit: false };
  }

  private fragmentHtml(name: string): Promise<FragmentOutput> {
    const inflight = this.pendingHtml.get(name);
    if (inflight) return inflight;
    this.s.fragmentMisses++;
    const p = this.renderer(name)
      .then(flattenOutput)
      .finally(() => this.pendingHtml.delete(name));
    this.pendingHtml.set(name, p);
    return p;
  }

  private renderer(name: string): Promise<FragmentOutput> {
    const i = name.indexOf(':');
    const renderer = this.renderers.get(i < 0 ? name : name.slice(0, i));
    if (!renderer) return Promise.reject(new Error(`no renderer for fragment ${name}`));
    return renderer(i < 0 ? '' : name.slice(i + 1));
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
    const f = this.fragments.get(name);
    if (f && f.expiresAt > now) {
      this.s.fragmentHits++;
      this.fragments.delete(name); // refresh LRU position
      this.fragments.set(name, f);
      return f;
    }
    const inflight = this.pending.get(name);
    if (inflight) return inflight;
    this.s.fragmentMisses++;
    // An expired fragment was being used: its new render is kept without the admission test.
    if (f) this.dropFragment(name, f);
    const p = this.renderFragment(name, now, f !== undefined).finally(() => this.pending.delete(name));
    this.pending.set(name, p);
    return p;
  }

  private async renderFragment(name: string, now: number, wasKept: boolean): Promise<FragmentEntry> {
    const gen = this.generation;
    const out = await this.renderer(name);
    const entry: FragmentEntry = {
      buf: ownBuffer(out.html),
      version: ++this.version,
      tags: out.tags,
      expiresAt: now + (out.ttlMs ?? this.defaultTtlMs),
    };
    if (gen === this.generation && (wasKept || this.admit(`f ${name}`, entry.buf.length))) this.storeFragment(name, entry);
    return entry;
  }
}
