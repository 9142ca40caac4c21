import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { openDatabase, migrate, type DbHandle } from './platform/db/index.ts';
import { loadAppSecret } from './platform/db/secret.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { PageCache } from './platform/cache/page-cache.ts';
import { createHttpApp } from './platform/http/app.ts';
import { createFileStorage, type Storage } from './platform/storage/index.ts';
import { createScheduler } from './platform/jobs/scheduler.ts';
import { connectPurgeBus } from './platform/cache/redis-purge.ts';
import { createAuth, createDbSessionStore, createRedisSessionStore } from './platform/http/session.ts';
import { registerCsrf } from './platform/http/csrf.ts';
import { isApiRequest } from './platform/http/app.ts';
import { createMemoryRateLimiter, createRedisRateLimiter } from './platform/http/rate-limit.ts';
import { createOutboxMailer, createSmtpMailer, type Mailer } from './platform/mail/index.ts';
import { createSettings, createChromeBuilder } from './features/settings/index.ts';
import { createCategories } from './features/categories/index.ts';
import { createMembers } from './features/members/index.ts';
import { createArticles } from './features/articles/index.ts';
import { createPages } from './features/pages/index.ts';
import { createHits, createRankings } from './features/rankings/index.ts';
import { createComments, registerComments } from './features/comments/index.ts';
import { registerFavorites } from './features/favorites/index.ts';
import { createAudit } from './features/audit/index.ts';
import { createBannedWords } from './features/banned-words/index.ts';
import { createConsole } from './features/console/index.ts';
import { createGuards } from './features/members/index.ts';
import { registerArticlePages, registerArticleListPages } from './features/articles/index.ts';
import { registerFrontpage, createConfirmPage } from './features/frontpage/index.ts';
import { registerStaticPages } from './features/pages/index.ts';
import { registerFeeds } from './features/feeds/index.ts';
import { registerApi } from './features/api/index.ts';
import { registerMembers } from './features/members/index.ts';
import { countArticlesByStatus } from './features/articles/index.ts';
import { registerReports } from './features/reports/index.ts';
import { registerGuestbook } from './features/guestbook/index.ts';
import { registerAdmin } from './features/admin/index.ts';
import { registerSubmissions } from './features/submissions/index.ts';
import { registerReview } from './features/review/index.ts';

export interface ZixunOptions {
  clock?: Clock;
  /** An already-open database (tests); otherwise opened from config. */
  dbh?: DbHandle;
  storage?: Storage;
  mailer?: Mailer;
  rootDir?: string;
}

export type Zixun = Awaited<ReturnType<typeof createZixun>>;

/**
 * Composition root: config → db → features → HTTP. The only place that constructs services.
 */
export async function createZixun(config: Config, opts: ZixunOptions = {}) {
  const clock = opts.clock ?? systemClock;
  const rootDir = opts.rootDir ?? process.cwd();
  const dbh = opts.dbh ?? openDatabase(config.database);
  await migrate(dbh);
  const secret = await loadAppSecret(dbh.db, config.secret);
  const storage = opts.storage ?? createFileStorage(path.join(rootDir, 'data', 'uploads'));
  const cache = new PageCache({ enabled: config.pageCache, clock });
  const purge = (tags: string[]) => void cache.purge(tags);
  // Several instances behind one load balancer: share purges through Redis when it is configured.
  const purgeBus = config.redisUrl ? await connectPurgeBus(cache, config.redisUrl, { onError: (e) => console.error('cache purge bus:', e) }) : undefined;

  // Redis, when configured, is shared by every instance: sessions, rate limits, cache purges.
  const redis = config.redisUrl ? new (await import('ioredis')).Redis(config.redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
  const mailer = opts.mailer ?? (config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : createOutboxMailer(path.join(rootDir, 'data', 'outbox')));
  const rateLimiter = redis ? createRedisRateLimiter(redis) : createMemoryRateLimiter(clock);

  const settings = createSettings({ db: dbh.db, clock, onChange: () => cache.clear() });
  const categories = createCategories({ db: dbh.db, clock, onChange: () => cache.clear() });
  const members = createMembers({ db: dbh.db, clock });
  const articles = createArticles({ dbh, clock, categories, members, purge });
  const pages = createPages({ db: dbh.db, clock, purge });
  const hits = createHits({ dbh, clock, flushMs: config.hitFlushMs, windowMs: config.hitWindowMs });
  const rankings = createRankings({ db: dbh.db, clock });
  const comments = createComments({ db: dbh.db });
  const chrome = createChromeBuilder(settings, categories);
  const auth = createAuth({
    store: redis ? createRedisSessionStore(redis) : createDbSessionStore(dbh.db, clock),
    load: async (id) => {
      const m = await members.byId(id);
      return m && m.status === 'active' ? m : undefined;
    },
  });

  const { app, setErrorPage, routes } = await createHttpApp({
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    publicDir: path.join(rootDir, 'public'),
    uploadsDir: storage.root,
  });

  const guards = createGuards(auth);
  const audit = createAudit({ db: dbh.db, clock });
  const bannedWords = createBannedWords({ db: dbh.db, clock });
  const consolePages = createConsole({ chrome });

  registerCsrf(app, { skip: isApiRequest, confirm: createConfirmPage(chrome) });

  const services = {
    config,
    clock,
    dbh,
    secret,
    cache,
    storage,
    mailer,
    rateLimiter,
    auth,
    guards,
    audit,
    bannedWords,
    console: consolePages,
    settings,
    categories,
    members,
    articles,
    pages,
    hits,
    rankings,
    comments,
    chrome,
  };
  const baseUrl = config.baseUrl;
  registerFrontpage(app, { ...services, baseUrl, setErrorPage });
  registerArticlePages(app, { ...services, baseUrl });
  registerArticleListPages(app, { ...services, baseUrl });
  registerStaticPages(app, { ...services, baseUrl });
  registerFeeds(app, { ...services, baseUrl });
  registerApi(app, { ...services, baseUrl });
  registerMembers(app, { ...services, baseUrl, articleCounts: (id) => countArticlesByStatus(dbh.db, id) });
  registerComments(app, { ...services, baseUrl });
  registerFavorites(app, { ...services, baseUrl });
  registerReports(app, { ...services, baseUrl });
  registerGuestbook(app, { ...services, baseUrl });
  registerAdmin(app, { ...services, baseUrl });
  registerSubmissions(app, { ...services, baseUrl });
  registerReview(app, { ...services, baseUrl });

  hits.start();
  const scheduler = createScheduler((name, e) => app.log.error({ err: e, job: name }, 'job failed'));
  let releasedUntil = clock.now().toISOString();
  scheduler.every('articles.release-scheduled', 30_000, async () => {
    const until = clock.now().toISOString();
    await articles.releaseScheduled(releasedUntil, until);
    releasedUntil = until;
  });
  let closed = false;
  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    scheduler.stop();
    await app.close();
    await hits.stop(); // flushes pending hits
    await purgeBus?.close();
    redis?.disconnect();
    if (!opts.dbh) await dbh.close();
  }
  await app.ready(); // load every plugin now: routes are complete and errors surface at start-up
  return { app: app as FastifyInstance, ...services, scheduler, routes, close };
}
