import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { dataDir, type Config } from './config.ts';
import { openDatabase, migrate, type DbHandle } from './platform/db/index.ts';
import { loadAppSecret } from './platform/db/secret.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { createHttpApp, isApiRequest } from './platform/http/app.ts';
import { createFileStorage, type Storage } from './platform/storage/index.ts';
import { createScheduler } from './platform/jobs/scheduler.ts';
import { watchOutsideWrites } from './platform/cache/outside-writes.ts';
import { createRedisClaims } from './platform/counters/shared-claims.ts';
import { createRedisAllowances } from './platform/counters/shared-allowances.ts';
import { createAuth, createDbSessionStore, createRedisSessionStore } from './platform/http/session.ts';
import { registerCsrf } from './platform/http/csrf.ts';
import type { Mailer } from './platform/mail/index.ts';
import { createSharedParts } from './main.shared.ts';
import { createSettings, createChromeBuilder } from './features/settings/index.ts';
import { createCategories } from './features/categories/index.ts';
import { createGuards, createMembers, registerMembers } from './features/members/index.ts';
import { countArticlesByStatus, createArticles, registerArticleListPages, registerArticlePages, type ArticleIndexer } from './features/articles/index.ts';
import { createPages, registerStaticPages } from './features/pages/index.ts';
import { createHits, createRankings } from './features/rankings/index.ts';
import { createComments, registerComments } from './features/comments/index.ts';
import { registerFavorites } from './features/favorites/index.ts';
import { createAudit } from './features/audit/index.ts';
import { createBannedWords } from './features/banned-words/index.ts';
import { createConsole } from './features/console/index.ts';
import { registerFrontpage, createConfirmPage } from './features/frontpage/index.ts';
import { registerFeeds } from './features/feeds/index.ts';
import { registerApi } from './features/api/index.ts';
import { registerReports } from './features/reports/index.ts';
import { registerGuestbook } from './features/guestbook/index.ts';
import { registerLinks } from './features/links/index.ts';
import { registerAdmin } from './features/admin/index.ts';
import { registerSubmissions } from './features/submissions/index.ts';
import { registerReview } from './features/review/index.ts';
import { createBatchResults } from './platform/http/batch-results.ts';
import { createSearch, registerSearchPages, registerSearchAdmin } from './features/search/index.ts';
import { createPromotion, registerPromotion, PROMOTION_WINNERS_TAG, bidSettledMessage } from './features/promotion/index.ts';
import { createDailyVisit, createPoints, createPointsHooks, pointsApiDoc, registerPoints } from './features/points/index.ts';
import { registerTips, tipsApiDoc } from './features/tips/index.ts';
import { createMall, mallApiDocs, registerMall } from './features/mall/index.ts';
import { createAds, registerAds } from './features/ads/index.ts';
import { createUploadsFeature } from './features/uploads/index.ts';
import { scheduleJobs } from './main.jobs.ts';
import { createOriginality, createRelated, createRelatedIndexer, createReviewBlocks, registerRelatedAdmin } from './features/search/index.ts';
import { createSegmenter } from './platform/text/index.ts';
import { t, format } from './strings/index.ts';
import {
  createNotifications,
  createNotificationMail,
  registerNotifications,
  registerNotificationsAdmin,
  notificationMessages as say,
  type Addressed,
} from './features/notifications/index.ts';

/** public/ of this package: ../public from src/main.ts and from dist/zixun.mjs alike. */
const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');

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
  // 附件管理: every stored file is recorded (features/uploads); features get the recording storage.
  const uploadsFeature = createUploadsFeature({
    db: dbh.db,
    clock,
    storage: opts.storage ?? createFileStorage(dataDir(rootDir, config.uploadsDir, 'ZIXUN_UPLOADS_DIR')),
    audit: createAudit({ db: dbh.db, clock }),
  });
  const storage = uploadsFeature.storage;
  const { cache, memos, purgeBus, redis, outboxDir, mailer, rateLimiter } = await createSharedParts(config, { clock, rootDir, mailer: opts.mailer });
  const purge = (tags: string[]) => void cache.purge(tags);

  const settings = createSettings({ db: dbh.db, clock, onChange: () => cache.clear() });
  const categories = createCategories({ db: dbh.db, clock, onChange: () => cache.clear() });
  const points = createPoints({ dbh, clock });
  const notifications = createNotifications({ db: dbh.db, clock });
  // 站内信 are a courtesy: a failed one is logged, the action that caused it stands.
  const tell = async (...messages: Addressed[]) => {
    for (const m of messages) await notifications.send(m.memberId, m.n).catch((e) => console.error('notification failed:', e));
  };
  const pointsHooks = createPointsHooks(points, (e) => console.error('points reward failed:', e));
  const members = createMembers({
    db: dbh.db,
    clock,
    onRegistered: pointsHooks.onRegistered,
    onLogin: pointsHooks.onLogin,
    // Comments show a member's current 昵称: the pages with theirs are renewed.
    onDisplayNameChanged: (id) => comments.memberRenamed(id),
  });
  const search = createSearch({
    dbh,
    clock,
    categories,
    onIndexChanged: (fn) => {
      cache.onPurge(fn);
      cache.onClear(fn);
    },
  });
  // Related articles and originality fingerprints follow article writes too (features/search, ADR 0007).
  const relatedAudit = createAudit({ db: dbh.db, clock });
  const originality = createOriginality({ dbh, clock, segmenter: createSegmenter(), audit: relatedAudit });
  const related = createRelated({ dbh, clock, segmenter: createSegmenter(), audit: relatedAudit, purge });
  const relatedIndexer = createRelatedIndexer({ originality, related });
  // Indexes that follow every article write in its transaction; add more observers here.
  const articleIndexer: ArticleIndexer = {
    async sync(trx, id) {
      await search.sync(trx, id);
      await relatedIndexer.sync(trx, id);
    },
  };
  const articles = createArticles({
    dbh,
    clock,
    categories,
    members,
    purge,
    articleIndexer,
    onTakenDown: async (id, actorId, reason, how) => {
      // A plain 下架 (back to 草稿) is no sanction: the approval reward stays with the author.
      if (how !== 'unpublished') await pointsHooks.onArticleTakenDown(id, actorId);
      // Bids on the article are released at once (settlement would skip them anyway).
      await promotion.releaseForArticle(id, actorId).catch((e) => console.error('promotion release failed:', e));
      const a = await articles.getAny(id).catch((e) => void console.error('take-down notice:', e));
      if (a && actorId !== a.authorId) await tell(say.takenDownMessage(a, reason, how));
    },
    onPublished: (id, actorId) => pointsHooks.onArticleRepublished(id, actorId),
    onError: (e) => console.error('publication order:', e),
    onListsChanged: (fn) => {
      cache.onPurge(fn);
      cache.onClear(fn);
    },
  });
  const pages = createPages({ db: dbh.db, clock, purge, onFooterChange: () => cache.clear() });
  // What every page shows is re-read after any clear: one from another instance (a settings or category
  // change there) drops these copies in the same step as the pages, so no page is rendered between the two.
  cache.onClear(() => {
    pages.invalidate();
    settings.invalidate();
    categories.invalidate();
  });
  const rankings = createRankings({ db: dbh.db, readOffThread: (q) => dbh.readOffThread(q), clock });
  const hits = createHits({
    dbh,
    clock,
    flushMs: config.hitFlushMs,
    windowMs: config.hitWindowMs,
    shared: redis ? createRedisClaims(redis, 'hit') : undefined,
    // Window totals are summed again after each hit write (the only time this process changes them).
    onWritten: () => rankings.refresh(),
  });
  const comments = createComments({ db: dbh.db });
  // 每日首次登录 for sessions kept from an earlier day (points.daily-visit.ts).
  const visited = createDailyVisit({
    clock,
    lastLoginAt: async (id) => (await members.accounts.profile(id)).lastLoginAt,
    recordLogin: (id) => members.accounts.recordLogin(id),
  });
  const chrome = createChromeBuilder(settings, categories, pages.footerLinks);
  const auth = createAuth({
    store: redis ? createRedisSessionStore(redis) : createDbSessionStore(dbh.db, clock),
    load: async (id) => {
      const m = await members.byId(id);
      if (!m || m.status !== 'active') return undefined;
      await visited(id);
      return m;
    },
  });

  const { app, fastLane, setErrorPage, routes } = await createHttpApp({
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    publicDir: PUBLIC_DIR, // the package's own files, wherever `zixun serve` is started from
    uploadsDir: storage.root,
  });
  fastLane.usePages((key) => cache.peek(key));
  uploadsFeature.trackUploaders(app);

  const guards = createGuards(auth);
  const audit = createAudit({ db: dbh.db, clock });
  const bannedWords = createBannedWords({ db: dbh.db, clock, memos });
  const consolePages = createConsole({
    chrome,
    unreadCount: notifications.unreadCount,
    submissionsOpen: async () => (await settings.get()).submissionsEnabled,
  });
  // Bidders hear how their bid ended (won, refunded, released with its article).
  const promotion = createPromotion({ dbh, clock, points, articles, categories, audit, cache, onBidSettled: (e) => tell(bidSettledMessage(e)) });
  const mall = createMall({ dbh, clock, cache, audit, members, points, onOrderChanged: (o, change) => tell(say.orderMessage(o, change)) });
  const ads = createAds({
    dbh,
    clock,
    audit,
    points,
    storage,
    impressionFlushMs: config.hitFlushMs,
    impressionWindowMs: config.hitWindowMs,
    sharedClaims: redis ? createRedisClaims(redis, 'ad') : undefined,
    sharedAllowances: redis ? createRedisAllowances(redis, 'ad') : undefined,
    onAdDecided: (e) => tell(...say.adMessage(e)),
  });

  registerCsrf(app, { skip: isApiRequest, confirm: createConfirmPage(chrome) });

  const services = {
    config,
    clock,
    dbh,
    secret,
    cache,
    fastLane,
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
    search,
    articleIndexer,
    related,
    originality,
    relatedIds: (id: number) => related.listFor(id),
    reviewBlocks: createReviewBlocks({ articles, related, originality }).reviewBlocks,
    points,
    promotion,
    ads,
    mall,
    notifications,
    memos,
    // The console's batch results for the page after the POST (Post/Redirect/Get): in Redis when configured.
    batchResults: createBatchResults({ clock, redis }),
    // For 系统状态: whether this instance shares state through Redis, and whether it is connected.
    redisState: () => (purgeBus && redis ? { instance: purgeBus.id, connected: purgeBus.status() === 'ready' && redis.status === 'ready' } : undefined),
  };
  const baseUrl = config.baseUrl;
  // A comment's status change: its points reward follows it. When it first shows as a reply, the member
  // it answers hears of it; when staff remove a visible one, its author does.
  const onCommentStatus = async (c: Parameters<typeof pointsHooks.onCommentStatus>[0] & { firstShown?: boolean; reason?: string }) => {
    await pointsHooks.onCommentStatus(c);
    const firstShown = c.firstShown === true;
    const removedByStaff =
      c.memberId !== null && c.actorId !== undefined && c.actorId !== c.memberId && c.from === 'visible' && (c.to === 'hidden' || c.to === 'deleted');
    if (!firstShown && !removedByStaff) return;
    const comment = await comments.get(c.id);
    const a = comment && (await articles.getAny(comment.articleId));
    if (!comment || !a) return;
    if (removedByStaff && (c.to === 'hidden' || c.to === 'deleted'))
      await tell(say.commentRemovedMessage({ memberId: c.memberId!, articleId: a.id, articleTitle: a.title, to: c.to, reason: c.reason }));
    const parent = firstShown && comment.parent ? await comments.get(comment.parent.id) : undefined;
    if (parent?.memberId && parent.memberId !== comment.memberId && parent.status === 'visible')
      await tell(
        say.commentReplyMessage({
          memberId: parent.memberId,
          articleId: a.id,
          articleTitle: a.title,
          replier: comment.nickname,
          excerpt: comment.body,
          commentId: comment.id,
        }),
      );
  };
  const front = registerFrontpage(app, { ...services, baseUrl, setErrorPage });
  registerArticlePages(app, { ...services, baseUrl, sidebarListing: front.sidebarListing });
  registerArticleListPages(app, { ...services, baseUrl, promoted: { inCategory: promotion.promotedInCategory, tag: PROMOTION_WINNERS_TAG } });
  registerStaticPages(app, { ...services, baseUrl });
  registerFeeds(app, { ...services, baseUrl });
  registerApi(app, { ...services, baseUrl, documented: [tipsApiDoc, pointsApiDoc, ...mallApiDocs] });
  registerMembers(app, {
    ...services,
    baseUrl,
    allowedHosts: config.allowedHosts,
    articleCounts: (id) => countArticlesByStatus(dbh.db, id),
    onWarned: (id, reason) => tell(say.warnedMessage(id, reason)),
    onAvatarRemovedByStaff: (id, body) => tell({ memberId: id, n: { kind: 'site.notice', body, link: '/member/avatar' } }),
    onAvatarChanged: (id) => comments.memberRenamed(id), // comment lists print the picture's version
    homeFacts: async (id) => ({ points: await points.balance(id), unread: await notifications.unreadCount(id) }),
  });
  registerComments(app, {
    ...services,
    baseUrl,
    onCommentStatus,
    // Deleting one's own comment takes back the points it earned, in the same transaction: not while they are spent elsewhere.
    takeBackOwnRewards: async (trx, c) => {
      const r = await points.takeBackWhole(trx, { type: 'comment', id: c.id }, c.memberId, c.memberId);
      return r.done ? undefined : format(t.community.removeNeedsPoints, { n: r.due });
    },
  });
  registerFavorites(app, { ...services, baseUrl });
  registerReports(app, {
    ...services,
    baseUrl,
    onCommentStatus,
    onReportDecided: (e) => tell(...say.reportMessages(e)),
    previewAuthorNotice: (e) => say.reportMessages(e).find((m) => m.memberId === e.authorId)?.n.body,
    onReportReversed: (e) => tell({ memberId: e.memberId, n: { kind: 'report.handled', body: e.body, ...(e.link ? { link: e.link } : {}) } }),
  });
  registerGuestbook(app, { ...services, baseUrl, onGuestbookReplied: (m) => tell(...say.guestbookReplyMessage(m)) });
  const links = registerLinks(app, { ...services, baseUrl }); // 友情链接: /links, its admin pages, the home pages' block
  // Publishing a pending submission from 文章管理 is an approval: the same reward and 站内信 as review.
  registerAdmin(app, {
    ...services,
    baseUrl,
    onArticleApproved: pointsHooks.onArticleApproved,
    onDecided: (d) => tell(say.reviewMessage(d)),
  });
  registerSubmissions(app, { ...services, baseUrl });
  registerReview(app, { ...services, baseUrl, onArticleApproved: pointsHooks.onArticleApproved, onDecided: (d) => tell(say.reviewMessage(d)) });
  registerPoints(app, { ...services, onAdjusted: (e) => tell(say.pointsAdjustedMessage(e)) });
  registerSearchPages(app, { ...services, baseUrl, promotedFor: promotion.promotedFor });
  registerSearchAdmin(app, { ...services });
  const tips = registerTips(app, {
    ...services,
    onTipped: async (tip) => {
      const [a, tipper] = await Promise.all([articles.getAny(tip.articleId), tip.anonymous ? undefined : members.byId(tip.tipperId)]);
      if (a) await tell(say.tipMessage(tip, tipper ? tipper.displayName || tipper.username : undefined, a.title));
    },
  });
  registerPromotion(app, { ...services, baseUrl });
  registerMall(app, { ...services, baseUrl });
  registerAds(app, { ...services, baseUrl });
  registerRelatedAdmin(app, services);
  uploadsFeature.registerAdmin(app, services);
  const notificationMail = createNotificationMail(services);
  registerNotifications(app, { ...services, notificationMail });
  registerNotificationsAdmin(app, services);

  hits.start();
  ads.startImpressions((e) => app.log.error({ err: e }, 'ad impressions flush failed'));
  const scheduler = createScheduler((name, e) => app.log.error({ err: e, job: name }, 'job failed'));
  const outsideWrites = watchOutsideWrites(dbh.db, () => cache.clear());
  await outsideWrites();
  scheduleJobs(scheduler, {
    clock,
    releaseScheduled: (from, until) => articles.releaseScheduled(from, until),
    settlePromotion: () => promotion.settleDue(),
    relatedQueue: () => related.processQueue(),
    relatedRefreshDf: () => related.refreshDf(),
    pruneNotifications: () => notifications.prune(),
    mailDigests: () => notificationMail.sendDigests(),
    sweepUploads: () => uploadsFeature.uploads.sweepDaily(),
    outsideWrites,
  });
  let closed = false;
  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    scheduler.stop();
    await app.close();
    await hits.stop(); // flushes pending hits
    await ads.stopImpressions(); // and counted ad impressions
    await purgeBus?.close();
    redis?.disconnect();
    if (!opts.dbh) await dbh.close();
  }
  await app.ready(); // load every plugin now: routes are complete and errors surface at start-up
  return { app: app as FastifyInstance, ...services, tips, notificationMail, outboxDir, scheduler, routes, close, uploads: uploadsFeature.uploads, links };
}
