import { sql } from 'kysely';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { createBatchedCounter, createRecentSet } from '../../platform/counters/batched-counter.ts';
import type { SharedClaims } from '../../platform/counters/shared-claims.ts';

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

/**
 * Counts article hits without writing the database in the request path: hits accumulate in memory
 * and are flushed in one transaction every `flushMs` and on shutdown. A visitor (IP + user agent)
 * counts once per article per `windowMs`; bots are not counted. With `shared` (Redis, several app
 * instances) the window holds across instances: a view first seen here is counted once Redis agrees it
 * is the first anywhere (if Redis fails, it is counted: a lost view is worse than a rare double).
 */
/** Who asked for an article page, as far as counting a view goes. */
export interface Visitor {
  ip: string;
  userAgent: string | undefined;
  /** The request's Sec-Fetch-Dest header, when the browser sent one. */
  fetchDest?: string | string[];
}

export function createHits(deps: {
  dbh: DbHandle;
  clock: Clock;
  flushMs: number;
  windowMs: number;
  shared?: SharedClaims;
  /** Called once hits were written (after each flush that wrote, and each backfill); a flush settles after it. */
  onWritten?: () => unknown;
}) {
  const { dbh, clock } = deps;
  const seen = createRecentSet(deps.windowMs);
  // Chunks of 50 articles (a few ms each): a flush after a busy interval (thousands of articles) leaves the
  // event loop and the database to the page requests between chunks instead of holding both for a second.
  const counter = createBatchedCounter<number>({
    flushMs: deps.flushMs,
    write: writeBatch,
    chunkSize: 50,
    beforeFlush: () => seen.prune(clock.now().getTime()),
    afterFlush: (n) => {
      stats.flushes++;
      stats.written += n;
      return deps.onWritten?.();
    },
  });
  const stats = { counted: 0, bots: 0, embeds: 0, repeats: 0, flushes: 0, written: 0 };

  function record(articleId: number, visitor: Visitor): boolean {
    // A browser that says what it fetches (Sec-Fetch-Dest) and is not opening a page — an <img> or
    // <iframe> pointed at an article from elsewhere — is not a reader.
    if (visitor.fetchDest !== undefined && visitor.fetchDest !== 'document') {
      stats.embeds++;
      return false;
    }
    if (isBotMemo(visitor.userAgent)) {
      stats.bots++;
      return false;
    }
    // A plain string key: hashing it (sha1 per request) cost more than the whole cache hit.
    const key = `${articleId}\u0000${visitor.ip}\u0000${visitor.userAgent}`;
    if (!seen.firstIn(key, clock.now().getTime())) {
      stats.repeats++;
      return false;
    }
    if (deps.shared)
      void deps.shared.claim(key, deps.windowMs).then(
        (first) => (first ? count(articleId) : stats.repeats++),
        () => count(articleId),
      );
    else count(articleId);
    return true;
  }

  function count(articleId: number): void {
    counter.add(articleId);
    stats.counted++;
  }

  /**
   * One chunk of counted hits in one transaction of two statements, whatever its size: each article's
   * total and its hour bucket (articles hard-deleted since the hit have no row and get no bucket).
   */
  async function writeBatch(batch: ReadonlyMap<number, number>): Promise<void> {
    const hour = hourBucket(clock.now());
    const ids = [...batch.keys()].sort((a, b) => a - b);
    // `cast`: PostgreSQL would otherwise type the parameters of the CASE as text.
    const added = sql<number>`case ${sql.ref('articles.id')} ${sql.join(
      ids.map((id) => sql`when ${id} then cast(${batch.get(id)} as integer)`),
      sql` `,
    )} else 0 end`;
    // Off the event loop on a SQLite file (platform/db/write-thread.ts): nobody waits to read these back.
    await dbh.batchWrite([
      dbh.db
        .updateTable('articles')
        .set({ hits: sql`hits + ${added}` })
        .where('id', 'in', ids)
        .compile(),
      dbh.db
        .insertInto('article_hit_buckets')
        .columns(['article_id', 'hour', 'hits'])
        .expression(
          dbh.db
            .selectFrom('articles')
            .select(['articles.id', sql<string>`cast(${hour} as varchar(13))`.as('hour'), added.as('hits')])
            .where('articles.id', 'in', ids),
        )
        .onConflict((oc) => oc.columns(['article_id', 'hour']).doUpdateSet({ hits: sql`article_hit_buckets.hits + excluded.hits` }))
        .compile(),
    ]);
  }

  /**
   * Write pending hits now. Concurrent calls are serialised; returns the number of articles written
   * (0 after a failure: the counts are kept and written next time).
   */
  function flush(): Promise<number> {
    return counter.flush().catch(() => 0);
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
    await deps.onWritten?.();
  }

  return {
    record,
    flush,
    addHistorical,
    pendingCount: () => counter.pendingSize().total,
    stats: () => ({ ...stats, pendingArticles: counter.pendingSize().keys, trackedVisitors: seen.size }),
    start() {
      counter.start();
    },
    async stop() {
      await counter.stop().catch(() => 0);
    },
  };
}

export type Hits = ReturnType<typeof createHits>;
