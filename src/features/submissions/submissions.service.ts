import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { AppError, ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { t, format } from '../../strings/index.ts';
import { isStaff, type Member, type Members } from '../members/index.ts';
import type { Article, Articles, ArticleStatus, ArticleWorkflow, OwnArticleRow, Revision, SubmissionFields, SubmitStatus, TxHooks } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { SettingsService } from '../settings/index.ts';
import { htmlToText } from '../../platform/html/sanitize.ts';
import { removeCover, removeCoverByUrl, storeCover, type ProcessedCover, type StoredCover } from './submissions.cover.ts';
import { withAutoSummary } from './submissions.suggest.ts';
import { createPendingCopyCheck, type CopyCandidate } from './submissions.copies.ts';

const s = t.submissions;

/** What became of a member's write; the 我的文章 page says it in words. */
export type Outcome = 'draft' | 'pending' | 'published' | 'held' | 'revision' | 'revisionHeld' | 'revised' | 'withdrawn' | 'revisionWithdrawn' | 'deleted';

/** What a member may delete themselves: texts that never were, or are no longer, under review or on the site (a withdrawn submission is a draft). */
export const OWN_DELETABLE: readonly ArticleStatus[] = ['draft', 'rejected'];

/** The statuses 我的文章 can be filtered by (its 已删除 tab shows only when the member has such articles). */
export const OWN_LIST_STATUSES = ['draft', 'pending', 'published', 'rejected', 'deleted'] as const;
export type OwnListStatus = (typeof OWN_LIST_STATUSES)[number];

export type MemberFields = Omit<SubmissionFields, 'cover'>;

/** The cover part of a form: a new upload (already checked), removal, or keep what is there. */
export interface CoverChange {
  upload?: ProcessedCover;
  remove?: boolean;
}

export interface SubmissionsServiceDeps {
  workflow: ArticleWorkflow;
  members: Members;
  settings: SettingsService;
  bannedWords: BannedWords;
  audit: Audit;
  storage: Storage;
  clock: Clock;
  /** The originality check (search feature): throws a form error naming the published article a text copies. */
  originality?: OriginalityCheck | undefined;
  /** The articles service: deleting is its soft delete (the row stays, its status becomes `deleted`). */
  articles?: Pick<Articles, 'remove'> | undefined;
}

/**
 * What submissions need of the originality check (the search feature's, wired in main.ts): refuse a copy
 * of a published article, and hand back the close articles it looked up for the pending-copy check.
 */
export interface OriginalityCheck {
  refuseDuplicate(input: { title: string; text: string; authorId: number; articleId?: number }): Promise<{ matches?: readonly CopyCandidate[] }>;
}

/** The error code of a write refused because submissions are closed (开放投稿 off). */
export const CLOSED_CODE = 'submissions_closed';

const DAY = 86_400_000;
const CHINA_OFFSET = 8 * 3_600_000;

/** Midnight (Beijing time) of the day `now` falls on, as an ISO instant: daily quotas follow the readers' day. */
export function startOfChinaDay(now: Date): string {
  const t = Math.floor((now.getTime() + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET;
  return new Date(t).toISOString();
}

/** The member side of submissions: writing, limits, banned words and withdrawals. No HTTP here. */
export function createSubmissions(deps: SubmissionsServiceDeps) {
  const { workflow, members, settings, bannedWords, audit, storage, clock } = deps;
  const refusePendingCopy = createPendingCopyCheck({ workflow });

  /**
   * A copy of a published article, or of a text already waiting for review (the same text sent twice),
   * is refused: one fingerprint and one lookup, the published check's, whose matches the queue check reuses.
   */
  async function refuseCopies(f: MemberFields, authorId: number, articleId?: number): Promise<void> {
    const input = { title: f.title, text: htmlToText(f.body), authorId, ...(articleId !== undefined ? { articleId } : {}) };
    const check = await deps.originality?.refuseDuplicate(input);
    if (check?.matches) await refusePendingCopy(input, check.matches);
  }

  async function ensureOpen(me: Member): Promise<void> {
    if (isStaff(me.role)) return;
    if (!(await settings.get()).submissionsEnabled) throw new AppError(CLOSED_CODE, s.closed, 403);
  }

  /** Banned words in the member's text: refused outright, or returned so the write is held for review. */
  async function screen(f: MemberFields): Promise<string[]> {
    const words = await bannedWords.find(f.title, f.summary, f.body, f.tags.join(' '), f.source);
    if (!words.length) return [];
    if ((await settings.get()).bannedWordAction === 'reject') {
      const fields: FieldErrors = {};
      for (const key of ['title', 'summary', 'body', 'tags', 'source'] as const) {
        const v = key === 'tags' ? f.tags.join(' ') : f[key];
        const found = await bannedWords.find(v);
        if (found.length) fields[key] = format(s.errBannedField, { words: found.join('、') });
      }
      throw new ValidationError(fields, format(s.errBanned, { words: words.join('、') }));
    }
    return words;
  }

  /** Daily quota and minimum interval, checked inside the write's transaction. Staff have none. */
  function limitsHook(me: Member, lim: { dailyQuota: number; minIntervalSec: number }): TxHooks['before'] {
    if (isStaff(me.role)) return undefined;
    return async (trx: Db) => {
      const now = clock.now();
      const act = await workflow.submissionActivity(me.id, startOfChinaDay(now), trx);
      if (act.count >= lim.dailyQuota) throw new AppError('submission_quota', format(s.errQuota, { quota: lim.dailyQuota }), 429);
      if (act.lastAt) {
        const waitMs = Date.parse(act.lastAt) + lim.minIntervalSec * 1000 - now.getTime();
        if (waitMs > 0) throw new AppError('submission_interval', format(s.errInterval, { interval: lim.minIntervalSec, wait: Math.ceil(waitMs / 1000) }), 429);
      }
    };
  }

  function auditHook(me: Member, action: string, ip: string, detail: Record<string, unknown>): TxHooks['after'] {
    return (trx, articleId) => audit.record({ actorId: me.id, action, targetType: 'article', targetId: articleId, detail, ip }, trx);
  }

  /** Store a new cover, run the write, and take the files away again if the write fails. */
  async function withCover<T>(upload: ProcessedCover | undefined, write: (stored: StoredCover | undefined) => Promise<T>): Promise<T> {
    const stored = upload ? await storeCover(storage, clock.now(), upload) : undefined;
    try {
      return await write(stored);
    } catch (e) {
      if (stored) await removeCover(storage, stored);
      throw e;
    }
  }

  function statusFor(op: 'draft' | 'submit', words: string[], needsReview: boolean): SubmitStatus {
    if (op === 'draft') return 'draft';
    return words.length || needsReview ? 'pending' : 'published';
  }

  function outcomeOf(status: SubmitStatus, words: string[]): Outcome {
    return status === 'pending' && words.length ? 'held' : status;
  }

  async function create(me: Member, typed: MemberFields, op: 'draft' | 'submit', cover: CoverChange, ip: string): Promise<{ id: number; outcome: Outcome }> {
    await ensureOpen(me);
    // An empty 核心提示 is written from the body when the text is sent; a draft keeps it empty.
    const f = op === 'submit' ? withAutoSummary(typed) : typed;
    const words = op === 'submit' ? await screen(f) : [];
    if (op === 'submit') await refuseCopies(f, me.id);
    const lim = await members.limitsFor(me);
    const status = statusFor(op, words, lim.needsReview);
    const a = await withCover(cover.upload, (stored) =>
      workflow.create(me.id, { ...f, cover: stored?.url ?? '' }, status, {
        before: status === 'draft' ? undefined : limitsHook(me, lim),
        after: status === 'published' ? auditHook(me, 'article.publish_direct', ip, { title: f.title }) : undefined,
      }),
    );
    return { id: a.id, outcome: outcomeOf(status, words) };
  }

  /** The member's own article (with its pending revision); anyone else's is "not found". */
  async function own(me: Member, id: number): Promise<{ article: Article; tags: string[]; revision?: Revision }> {
    const article = await workflow.ownArticle(id, me.id);
    if (!article) throw new NotFoundError(t.errors.articleNotFound, 'article_not_found');
    const revision = article.status === 'published' ? await workflow.pendingRevision(id) : undefined;
    return { article, tags: await workflow.tagNames(id), ...(revision ? { revision } : {}) };
  }

  async function edit(
    me: Member,
    id: number,
    typed: MemberFields,
    op: 'draft' | 'submit',
    cover: CoverChange,
    ip: string,
  ): Promise<{ id: number; outcome: Outcome }> {
    const { article, revision } = await own(me, id);
    await ensureOpen(me);
    const lim = await members.limitsFor(me);
    const f = op === 'submit' || article.status === 'published' ? withAutoSummary(typed) : typed;
    if (article.status === 'published') {
      // The live version stays up; the edit waits for review unless the author needs none.
      const words = await screen(f);
      await refuseCopies(f, me.id, id);
      const keep = revision?.data.cover ?? article.cover;
      const result = await withCover(cover.upload, async (stored) => {
        const fields = { ...f, cover: stored?.url ?? (cover.remove ? '' : keep) };
        if (!words.length && !lim.needsReview) {
          await workflow.editPublished(id, fields, { after: auditHook(me, 'article.revise_direct', ip, { title: f.title }) });
          return { id, outcome: 'revised' as const, cover: fields.cover };
        }
        await workflow.proposeRevision(id, me.id, fields);
        return { id, outcome: words.length ? ('revisionHeld' as const) : ('revision' as const), cover: fields.cover };
      });
      // A cover the replaced pending revision had uploaded, which nothing shows any more.
      if (revision && revision.data.cover !== article.cover && revision.data.cover !== result.cover) await removeCoverByUrl(storage, revision.data.cover);
      return { id: result.id, outcome: result.outcome };
    }
    if (!['draft', 'pending', 'rejected'].includes(article.status)) throw new ConflictError(s.errNotEditable, 'not_editable');
    const words = op === 'submit' ? await screen(f) : [];
    if (op === 'submit') await refuseCopies(f, me.id, id);
    const status = statusFor(op, words, lim.needsReview);
    const entersQueue = status !== 'draft' && article.status !== 'pending';
    let newCover = article.cover;
    await withCover(cover.upload, (stored) => {
      newCover = stored?.url ?? (cover.remove ? '' : article.cover);
      return workflow.editUnpublished(id, { ...f, cover: newCover }, status, {
        before: entersQueue ? limitsHook(me, lim) : undefined,
        after: status === 'published' ? auditHook(me, 'article.publish_direct', ip, { title: f.title }) : undefined,
      });
    });
    // The member's replaced (or removed) upload: never published, named at random, shown by nothing else.
    if (article.cover && article.cover !== newCover) await removeCoverByUrl(storage, article.cover);
    return { id, outcome: outcomeOf(status, words) };
  }

  /** Take back a pending submission (it becomes a draft) or a pending revision (the live text stays). */
  async function withdraw(me: Member, id: number): Promise<Outcome> {
    const { article, revision } = await own(me, id);
    if (article.status === 'pending') {
      await workflow.withdraw(id);
      return 'withdrawn';
    }
    if (revision) {
      await workflow.withdrawRevision(id);
      if (revision.data.cover !== article.cover) await removeCoverByUrl(storage, revision.data.cover);
      return 'revisionWithdrawn';
    }
    throw new ConflictError(s.errNothingToWithdraw, 'nothing_to_withdraw');
  }

  /**
   * Delete a draft (a withdrawn submission is one) or a rejected submission: soft, as every article
   * delete (the articles service, which keeps the search index right and purges what it showed).
   * Published and pending articles are refused: those are withdrawn, or taken down by staff.
   */
  async function remove(me: Member, id: number, ip: string): Promise<Outcome> {
    const { article } = await own(me, id);
    if (!OWN_DELETABLE.includes(article.status as ArticleStatus)) throw new ConflictError(s.errNotDeletable, 'not_deletable');
    if (!deps.articles) throw new AppError('submissions_no_articles', 'articles service missing', 500);
    await deps.articles.remove(id, me.id);
    await audit.record({
      actorId: me.id,
      action: 'article.delete_own',
      targetType: 'article',
      targetId: id,
      detail: { title: article.title, from: article.status },
      ip,
    });
    return 'deleted';
  }

  /**
   * A page of the member's articles, newest first, optionally only those in one status; `counts` holds
   * how many they have in each status (for the filter tabs) and `total` how many the list holds.
   */
  async function list(
    me: Member,
    page: number,
    perPage: number,
    status?: OwnListStatus,
  ): Promise<{ rows: OwnArticleRow[]; total: number; counts: Partial<Record<ArticleStatus, number>> }> {
    const [rows, counts] = await Promise.all([workflow.listByAuthor(me.id, perPage, (page - 1) * perPage, status), workflow.countByAuthor(me.id)]);
    const total = status ? (counts[status] ?? 0) : Object.values(counts).reduce((a, n) => a + n, 0);
    return { rows, total, counts };
  }

  /** Banned words in the member's pending text (article or revision), to name them on the list page. */
  async function heldWords(f: Pick<SubmissionFields, 'title' | 'summary' | 'body' | 'tags' | 'source'>): Promise<string[]> {
    return bannedWords.find(f.title, f.summary, f.body, f.tags.join(' '), f.source);
  }

  return { create, edit, withdraw, remove, own, list, heldWords, limitsFor: (me: Member) => members.limitsFor(me), settings: () => settings.get() };
}

export type Submissions = ReturnType<typeof createSubmissions>;
