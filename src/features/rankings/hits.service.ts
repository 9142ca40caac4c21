import { sql } from 'kysely';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';

const BOT_RE =
  /bot|crawl|spider|slurp|curl|wget|python-requests|httpclient|go-http|java\/|headless|phantom|scrapy|facebookexternalhit|bingpreview|yandex|baiduspider|sogou|360spider|bytespider|petalbot|ahrefs|semrush|mj12|dataprovider|feedfetcher|monitor|uptime|lighthouse|pingdom/i;

export function isBot(userAgent: string | undefined): boolean {
  return !userAgent || userAgent.length < 10 || BOT_RE.test(userAgent);
}

/** isBot with the answers for recent user agents remembered: most requests repeat a few browsers'. */
const botMemo = new Map<string, boolean>();
function isBotMemo(userAgent: string | undefined): boolean {
  if (!userAgent) return true;
  let bot = botMemo.get(userAgent);
  if (bot === undefined) {
    bot = isBot(userAgent);
    if (botMemo.size >= 1000) botMemo.clear();
    botMemo.set(userAgent, bot);
  }
  return bot;
}

/** 'YYYY-MM-DDTHH' in UTC: the hour bucket hot rankings sum over. */
export function hourBucket(d: Date): string {
  return d.toISOString().slice(0, 13);
}

/** Visitor+article pairs remembered for deduplication; beyond this the oldest are forgotten early. */
const MAX_SEEN = 100_000;

/**
 * Counts article hits without writing the database in the request path: hits accumulate in memory
 * and are flushed in one transaction every `flushMs` and on shutdown. A visitor (IP + user agent)
 * counts once per article per `windowMs`; bots are not counted.
 */
export function createHits(deps: { dbh: DbHandle; clock: Clock; flushMs: number; windowMs: number }) {
  const { dbh, clock } = deps;
  let pending = new Map<number, number>();
  // visitor+article → expiry (ms). Every entry lives `windowMs`, so insertion order is expiry order:
  // pruning walks from the front and stops at the first live entry.
  const seen = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<number> = Promise.resolve(0);
  const stats = { counted: 0, bots: 0, repeats: 0, flushes: 0, written: 0 };

  function record(articleId: number, visitor: { ip: string; userAgent: string | undefined }): boolean {
    if (isBotMemo(visitor.userAgent)) {
      stats.bots++;
      return false;
    }
    const now = clock.now().getTime();
    if (deps.windowMs > 0) {
      // A plain string key: hashing it (sha1 per request) cost more than the whole cache hit.
      const key = `${articleId}\u0000${visitor.ip}\u0000${visitor.userAgent}`;
      const until = seen.get(key);
      if (until !== undefined && until > now) {
        stats.repeats++;
        return false;
      }
      if (until !== undefined) seen.delete(key); // re-insert at the back, keeping expiry order
      seen.set(key, now + deps.windowMs);
      if (seen.size > MAX_SEEN) prune(now);
    }
    pending.set(articleId, (pending.get(articleId) ?? 0) + 1);
    stats.counted++;
    return true;
  }

  function prune(now: number): void {
    for (const [k, until] of seen) {
      if (until > now && seen.size <= MAX_SEEN) break;
      seen.delete(k);
    }
  }

  async function writeBatch(batch: Map<number, number>): Promise<number> {
    if (!batch.size) return 0;
    const hour = hourBucket(clock.now());
    await dbh.tx(async (trx) => {
      for (const [id, n] of batch) {
        await trx
          .updateTable('articles')
          .set({ hits: sql`hits + ${n}` })
          .where('id', '=', id)
          .execute();
        await trx
          .insertInto('article_hit_buckets')
          .values({ article_id: id, hour, hits: n })
          .onConflict((oc) => oc.columns(['article_id', 'hour']).doUpdateSet({ hits: sql`article_hit_buckets.hits + ${n}` }))
          .execute()
          .catch((e: unknown) => {
            // The article may have been hard-deleted since the hit; its bucket is moot.
            if (!String(e).includes('FOREIGN KEY') && !String(e).includes('foreign key')) throw e;
          });
      }
    });
    return batch.size;
  }

  /** Write pending hits now. Concurrent calls are serialised; returns the number of articles written. */
  function flush(): Promise<number> {
    flushing = flushing.then(async () => {
      const batch = pending;
      pending = new Map();
      const now = clock.now().getTime();
      prune(now);
      try {
        const n = await writeBatch(batch);
        stats.flushes++;
        stats.written += n;
        return n;
      } catch (e) {
        // Put the counts back so a transient failure loses nothing.
        for (const [id, n] of batch) pending.set(id, (pending.get(id) ?? 0) + n);
        throw e;
      }
    });
    return flushing.catch(() => 0);
  }

  /** Backfill counted hits into a past hour (demo content and imports); not for the request path. */
  async function addHistorical(items: Array<{ articleId: number; at: Date; hits: number }>): Promise<void> {
    await dbh.tx(async (trx) => {
      for (const it of items) {
        if (!Number.isInteger(it.hits) || it.hits <= 0) continue;
        await trx
          .updateTable('articles')
          .set({ hits: sql`hits + ${it.hits}` })
          .where('id', '=', it.articleId)
          .execute();
        await trx
          .insertInto('article_hit_buckets')
          .values({ article_id: it.articleId, hour: hourBucket(it.at), hits: it.hits })
          .onConflict((oc) => oc.columns(['article_id', 'hour']).doUpdateSet({ hits: sql`article_hit_buckets.hits + ${it.hits}` }))
          .execute();
      }
    });
  }

  return {
    record,
    flush,
    addHistorical,
    pendingCount: () => [...pending.values()].reduce((a, b) => a + b, 0),
    stats: () => ({ ...stats, pendingArticles: pending.size, trackedVisitors: seen.size }),
    start() {
      if (!timer) {
        timer = setInterval(() => void flush(), deps.flushMs);
        timer.unref();
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await flush();
    },
  };
}

export type Hits = ReturnType<typeof createHits>;
