import type { FastifyInstance } from 'fastify';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { RateLimiter } from '../../platform/http/rate-limit.ts';
import type { Audit } from '../audit/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Members } from '../members/index.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import { createCommentActions, type CommentActionsDeps } from './comments.actions.ts';
import { registerCommentConsole } from './comments.console.tsx';
import { registerCommentPages, type ArticleLookup } from './comments.public.tsx';
import type { Comments } from './comments.service.ts';

export interface CommentsDeps {
  dbh: DbHandle;
  clock: Clock;
  cache: PageCache;
  settings: SettingsService;
  bannedWords: BannedWords;
  audit: Audit;
  rateLimiter: RateLimiter;
  guards: Guards;
  console: Console;
  chrome: ChromeBuilder;
  comments: Comments;
  /** The articles service, seen only through what comments need (comments must not import articles). */
  articles: ArticleLookup;
  baseUrl: string | undefined;
  /** Told about comments becoming visible or being moderated (points rewards). */
  onCommentStatus?: CommentActionsDeps['onCommentStatus'];
  /** Whether an author's own deletion must wait (points). */
  takeBackOwnRewards?: CommentActionsDeps['takeBackOwnRewards'];
  /** Current names shown on members' comments; names a guest may not take. */
  members: Members;
}

/** Public comment pages and posting, 顶, 我的评论 (with edit and delete) and 评论管理. */
export function registerComments(app: FastifyInstance, deps: CommentsDeps): void {
  const actions = createCommentActions({
    dbh: deps.dbh,
    clock: deps.clock,
    settings: deps.settings,
    bannedWords: deps.bannedWords,
    audit: deps.audit,
    rateLimiter: deps.rateLimiter,
    purge: (tags) => void deps.cache.purge(tags),
    isPublicArticle: async (id) => (await deps.articles.getPublished(id)) !== undefined,
    allowsComments: async (id) => (await deps.articles.getPublished(id))?.allowComments !== false,
    onCommentStatus: deps.onCommentStatus,
    takeBackOwnRewards: deps.takeBackOwnRewards,
    members: deps.members,
  });
  deps.comments.attachActions(actions);
  deps.comments.attachMembers(deps.members);
  registerCommentPages(app, { ...deps, actions });
  registerCommentConsole(app, { ...deps, actions });
}
