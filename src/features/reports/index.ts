import type { FastifyInstance } from 'fastify';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RateLimiter } from '../../platform/http/rate-limit.ts';
import type { Articles } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import { createCommentActions, type CommentActionsDeps, type Comments } from '../comments/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Members } from '../members/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import type { ReportDecided } from './reports.service.ts';
import type { ReportReversed } from './reports.reversal.ts';
import { registerReportsAdmin } from './reports.admin.tsx';
import { registerMyReports } from './reports.member.tsx';
import { createReportPorts } from './reports.ports.ts';
import { registerReportPages } from './reports.public.tsx';
import { createReports } from './reports.service.ts';

export {
  createReports,
  type Reports,
  type ReportPorts,
  type TargetInfo,
  type Report,
  type ReportGroup,
  type ReportStatus,
  type ReportTarget,
  type ReportDecided,
} from './reports.service.ts';
export { createReportPorts } from './reports.ports.ts';
export type { ReportReversed } from './reports.reversal.ts';
export { REASONS, REPORT_STATUSES } from './reports.schema.ts';

export interface ReportsDeps {
  dbh: DbHandle;
  clock: Clock;
  audit: Audit;
  articles: Articles;
  comments: Comments;
  members: Members;
  guards: Guards;
  console: Console;
  chrome: ChromeBuilder;
  settings: SettingsService;
  bannedWords: BannedWords;
  cache: PageCache;
  rateLimiter: RateLimiter;
  baseUrl: string | undefined;
  /** Hook for the points feature (a comment's reward reversed when it is removed over a report). */
  onCommentStatus?: CommentActionsDeps['onCommentStatus'];
  /** Told of each decision (the reporters' and the author's 站内信). */
  onReportDecided?: ((e: ReportDecided) => Promise<void>) | undefined;
  /** The author's 站内信 for a decision, shown on its confirmation step (main.ts builds it like the one sent). */
  previewAuthorNotice?: ((e: ReportDecided) => string | undefined) | undefined;
  /** Told of each reversal of a decision (the author's 站内信). */
  onReportReversed?: ((e: ReportReversed) => Promise<void>) | undefined;
}

/** 举报: the public form (`/report/`), 我的举报 (`/member/reports/`) and the admin queue (`/admin/reports/`). */
export function registerReports(app: FastifyInstance, deps: ReportsDeps) {
  // Hiding a reported comment goes through the comments feature's own staff moderation.
  const commentActions = createCommentActions({
    ...deps,
    purge: (tags) => void deps.cache.purge(tags),
    isPublicArticle: async (id) => (await deps.articles.getPublished(id)) !== undefined,
  });
  const reports = createReports({
    ...deps,
    onDecided: deps.onReportDecided,
    onReversed: deps.onReportReversed,
    ports: createReportPorts({ ...deps, commentActions }),
  });
  registerReportPages(app, { ...deps, reports });
  registerMyReports(app, { ...deps, reports });
  registerReportsAdmin(app, { ...deps, reports });
  return reports;
}
export { countOpenReports } from './reports.counts.ts';
