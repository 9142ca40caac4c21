/**
 * 上一篇 / 下一篇 from memory: for each category, the ids of its published articles in publication order
 * (published_at, then id), kept as two typed arrays (12 bytes an article). Finding an article's neighbours is
 * then a binary search instead of two index seeks (about 100 µs of the uncached article page's 600 on the
 * 100,000-article benchmark corpus); only their titles are read from the database.
 *
 * Kept current by the same signal as every other list: a page-cache purge naming `article:ID` (every article
 * write and scheduled release purges it, on this instance or over the purge bus) re-reads that article and
 * moves it; a clear drops everything. A category is read again when older than `maxAgeMs`, for articles
 * written by a process without the purge bus (a CLI import beside a running server). Articles scheduled for
 * later are kept and skipped at lookup time, so their release needs no update.
 */

export interface OrderRow {
  id: number;
  categoryId: number;
  status: string;
  publishedAt: string | null;
}

export interface PublicationOrderSource {
  /** One chunk of a category's published articles in (published_at, id) order, after the given key. */
  categoryChunk(categoryId: number, after: { at: string; id: number } | undefined, limit: number): Promise<Array<{ id: number; publishedAt: string }>>;
  /** The current state of these articles (missing ones were deleted). */
  rows(ids: number[]): Promise<OrderRow[]>;
}

/** An article in the order: its id and publication time (ms). */
export interface OrderEntry {
  id: number;
  at: number;
}

interface CategoryOrder {
  /** Publication times in ms, ascending; ties ordered by id. */
  ats: Float64Array;
  ids: Int32Array;
  builtAt: number;
}

const CHUNK = 4000;

export interface PublicationOrderOptions {
  now: () => number;
  maxAgeMs?: number;
  chunkSize?: number;
  /** A category's read or a change's re-read failed (pages fall back to SQL meanwhile; the next lookup retries). */
  onError?: (e: unknown) => void;
}

export function createPublicationOrder(source: PublicationOrderSource, opts: PublicationOrderOptions) {
  const maxAgeMs = opts.maxAgeMs ?? 60_000;
  const chunkSize = opts.chunkSize ?? CHUNK;
  const onError = opts.onError ?? (() => {});
  const orders = new Map<number, CategoryOrder>();
  const building = new Map<number, Promise<CategoryOrder>>();
  /** Articles named by purges and not applied yet. */
  let pending = new Set<number>();
  /** Applying `pending`; lookups wait for it. */
  let applying: Promise<void> | undefined;
  /** Bumped by every change signal, so a build that raced one re-reads the articles it named. */
  let generation = 0;
  const changedSince: Array<{ gen: number; ids: number[] | 'all' }> = [];

  function changed(tags?: string[]): void {
    generation++;
    if (!orders.size && !building.size) return; // nothing held yet: the first lookup reads the database
    if (!tags) {
      orders.clear();
      pending.clear();
      changedSince.push({ gen: generation, ids: 'all' });
    } else {
      const ids: number[] = [];
      for (const t of tags) if (t.startsWith('article:')) ids.push(Number(t.slice(8)));
      if (!ids.length) return;
      for (const id of ids) pending.add(id);
      changedSince.push({ gen: generation, ids });
    }
    // Only builds still running need the history; keep it short.
    if (!building.size) changedSince.length = 0;
  }

  async function settle(): Promise<void> {
    while (applying || pending.size) {
      if (!applying) {
        const ids = [...pending];
        pending = new Set();
        // A failed read leaves the orders unknown: drop them all (the next lookup reads them again).
        applying = apply(ids)
          .catch((e: unknown) => {
            orders.clear();
            onError(e);
            throw e;
          })
          .finally(() => (applying = undefined));
      }
      await applying;
    }
  }

  async function apply(ids: number[]): Promise<void> {
    if (!orders.size) return;
    const rows = new Map((await source.rows(ids)).map((r) => [r.id, r]));
    for (const id of ids) {
      for (const [cat, o] of orders) {
        const kept = withoutId(o, id);
        if (kept !== o) orders.set(cat, kept);
      }
      const r = rows.get(id);
      const o = r && r.status === 'published' && r.publishedAt ? orders.get(r.categoryId) : undefined;
      if (o && r?.publishedAt) orders.set(r.categoryId, withEntry(o, Date.parse(r.publishedAt), id));
    }
  }

  /** The category's order, and the generation up to which changes are in it. */
  async function build(categoryId: number): Promise<{ order: CategoryOrder; gen: number }> {
    const startGen = generation;
    const ats: number[] = [];
    const ids: number[] = [];
    let after: { at: string; id: number } | undefined;
    for (;;) {
      const chunk = await source.categoryChunk(categoryId, after, chunkSize);
      for (const r of chunk) {
        ats.push(Date.parse(r.publishedAt));
        ids.push(r.id);
      }
      if (chunk.length < chunkSize) break;
      const last = chunk[chunk.length - 1] as { id: number; publishedAt: string };
      after = { at: last.publishedAt, id: last.id };
      await new Promise((r) => setImmediate(r)); // a large category does not hold the event loop
    }
    // An article whose date changed between two chunks was read twice: keep the copy read last.
    let kept: number[] | undefined;
    if (new Set(ids).size !== ids.length) {
      const last = new Map<number, number>();
      ids.forEach((id, i) => last.set(id, i));
      kept = [...last.values()].sort((x, y) => x - y);
    }
    let o = kept
      ? sorted(
          kept.map((i) => ats[i] as number),
          kept.map((i) => ids[i] as number),
          opts.now(),
        )
      : sorted(ats, ids, opts.now());
    // Articles changed while this was read may be in either state: read them again.
    const endGen = generation;
    const raced = changedSince.filter((c) => c.gen > startGen);
    if (raced.some((c) => c.ids === 'all')) return build(categoryId); // a clear: read it all again
    const again = [...new Set(raced.flatMap((c) => c.ids as number[]))];
    if (again.length) {
      const rows = new Map((await source.rows(again)).map((r) => [r.id, r]));
      for (const id of again) {
        o = withoutId(o, id);
        const r = rows.get(id);
        if (r && r.categoryId === categoryId && r.status === 'published' && r.publishedAt) o = withEntry(o, Date.parse(r.publishedAt), id);
      }
    }
    return { order: o, gen: endGen };
  }

  /** The category's order when held (possibly being read again); otherwise undefined, with its first read started. */
  async function orderOf(categoryId: number): Promise<CategoryOrder | undefined> {
    await settle();
    const o = orders.get(categoryId);
    if (o && opts.now() - o.builtAt < maxAgeMs) return o;
    let b = building.get(categoryId);
    if (!b) {
      b = build(categoryId).then((built) => {
        const later = changedSince.filter((c) => c.gen > built.gen);
        // A clear after the build read its rows: everything it holds may be out of date.
        if (!later.some((c) => c.ids === 'all')) {
          orders.set(categoryId, built.order);
          // Changes after that point were maybe applied before this order was stored: apply them again.
          for (const c of later) for (const id of c.ids as number[]) pending.add(id);
        }
        return built.order;
      });
      building.set(categoryId, b);
      void b
        .finally(() => {
          building.delete(categoryId);
          if (!building.size) changedSince.length = 0;
        })
        .catch(onError);
    }
    // While a stale order is read again, keep answering from it. The first read of a large category takes
    // dozens of event-loop turns (a chunk each), which under load is seconds: nobody waits for it.
    return o;
  }

  /** Settles once the category's order is held (its first read, started here if need be, has finished). */
  async function held(categoryId: number): Promise<void> {
    if (await orderOf(categoryId)) return;
    await building.get(categoryId);
    await settle();
    if (!orders.has(categoryId)) throw new Error(`the publication order of category ${categoryId} could not be read`);
  }

  return {
    /** Call with the tags of every page-cache purge, and with none on a clear. */
    changed,
    held,
    /**
     * Ids of the article published just before and just after this one in its category; one scheduled for
     * later than `now` is not a neighbour yet. Undefined while the category's order is not held yet (its
     * first read has started): the caller asks the database.
     */
    async neighbours(a: { id: number; categoryId: number; publishedAt: string }, now: number): Promise<{ prev?: OrderEntry; next?: OrderEntry } | undefined> {
      const o = await orderOf(a.categoryId);
      if (!o) return undefined;
      const at = Date.parse(a.publishedAt);
      // First position at or after (at, id).
      let lo = 0;
      let hi = o.ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const m = o.ats[mid] as number;
        if (m < at || (m === at && (o.ids[mid] as number) < a.id)) lo = mid + 1;
        else hi = mid;
      }
      const out: { prev?: OrderEntry; next?: OrderEntry } = {};
      if (lo > 0) out.prev = { id: o.ids[lo - 1] as number, at: o.ats[lo - 1] as number };
      const n = o.ids[lo] === a.id && o.ats[lo] === at ? lo + 1 : lo;
      if (n < o.ids.length && (o.ats[n] as number) <= now) out.next = { id: o.ids[n] as number, at: o.ats[n] as number };
      return out;
    },
    /** Categories held and articles in them (tests, status). */
    size: () => ({ categories: orders.size, articles: [...orders.values()].reduce((s, o) => s + o.ids.length, 0) }),
  };
}

function sorted(ats: number[], ids: number[], builtAt: number): CategoryOrder {
  let inOrder = true;
  for (let i = 1; i < ids.length && inOrder; i++) inOrder = before(ats[i - 1] as number, ids[i - 1] as number, ats[i] as number, ids[i] as number);
  if (inOrder) return { ats: Float64Array.from(ats), ids: Int32Array.from(ids), builtAt };
  // Stored dates in another ISO form (an offset instead of Z) sort differently as text than as times.
  const idx = ids.map((_, i) => i).sort((x, y) => (ats[x] as number) - (ats[y] as number) || (ids[x] as number) - (ids[y] as number));
  return { ats: Float64Array.from(idx, (i) => ats[i] as number), ids: Int32Array.from(idx, (i) => ids[i] as number), builtAt };
}

function before(at1: number, id1: number, at2: number, id2: number): boolean {
  return at1 < at2 || (at1 === at2 && id1 < id2);
}

/** The order without any entry for `id` (the same object when it has none). */
function withoutId(o: CategoryOrder, id: number): CategoryOrder {
  for (let i = o.ids.indexOf(id); i >= 0; i = o.ids.indexOf(id)) o = without(o, i);
  return o;
}

function without(o: CategoryOrder, i: number): CategoryOrder {
  const ats = new Float64Array(o.ats.length - 1);
  const ids = new Int32Array(o.ids.length - 1);
  ats.set(o.ats.subarray(0, i));
  ats.set(o.ats.subarray(i + 1), i);
  ids.set(o.ids.subarray(0, i));
  ids.set(o.ids.subarray(i + 1), i);
  return { ats, ids, builtAt: o.builtAt };
}

function withEntry(o: CategoryOrder, at: number, id: number): CategoryOrder {
  let i = 0;
  let hi = o.ids.length;
  while (i < hi) {
    const mid = (i + hi) >>> 1;
    if (before(o.ats[mid] as number, o.ids[mid] as number, at, id)) i = mid + 1;
    else hi = mid;
  }
  const ats = new Float64Array(o.ats.length + 1);
  const ids = new Int32Array(o.ids.length + 1);
  ats.set(o.ats.subarray(0, i));
  ats[i] = at;
  ats.set(o.ats.subarray(i), i + 1);
  ids.set(o.ids.subarray(0, i));
  ids[i] = id;
  ids.set(o.ids.subarray(i), i + 1);
  return { ats, ids, builtAt: o.builtAt };
}
