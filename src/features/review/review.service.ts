import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { htmlToText } from '../../platform/html/sanitize.ts';
import { format, t } from '../../strings/index.ts';
import type { Article, ArticleWorkflow, QueueEntry, Revision, TxHooks, WorkflowArticle } from '../articles/index.ts';
import type { Audit } from '../audit/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import type { Categories } from '../categories/index.ts';
import type { Member, Members } from '../members/index.ts';
import { formValues, parseSubmissionForm, removeCoverByUrl, withAutoSummary, type FormValues, type RawForm } from '../submissions/index.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { diffLines, diffWords, type Chunk, type LineDiff } from './review.diff.ts';

const s = t.submissions;

/** The editor's review form as typed (to fill it again after an error). */
export interface DecisionValues extends FormValues {
  recommendLevel: string;
  verified: boolean;
  publishAt: string;
}

export interface QueueRow extends QueueEntry {
  title: string;
  author: string;
  categoryName: string;
}

export interface RevisionDiff {
  title?: Chunk[];
  summary?: Chunk[];
  body?: LineDiff[];
  bodyMarkupOnly: boolean;
  fields: Array<{ field: string; old: string; new: string }>;
}

const one = (raw: RawForm, k: string) => {
  const v = raw[k];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
};

export function decisionValues(raw: RawForm): DecisionValues {
  return { ...formValues(raw), recommendLevel: one(raw, 'recommendLevel') || '0', verified: one(raw, 'verified') === '1', publishAt: one(raw, 'publishAt') };
}

/** `2026-11-28T09:30` (a datetime-local field, Beijing time) as an ISO instant, or NaN. */
export function parseBeijingTime(v: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(v.trim());
  return m ? Date.parse(`${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00`) : Number.NaN;
}

/** Validates the editor's form: the member's fields plus recommend level, verified flag and schedule. */
export function parseDecision(raw: RawForm, now: Date) {
  const errors: FieldErrors = {};
  let fields: ReturnType<typeof parseSubmissionForm> | undefined;
  try {
    fields = parseSubmissionForm(raw);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    Object.assign(errors, e.fields);
  }
  const v = decisionValues(raw);
  if (!/^[0-3]$/.test(v.recommendLevel)) errors.recommendLevel = s.errRecommend;
  let publishAt: string | undefined;
  if (v.publishAt.trim()) {
    const at = parseBeijingTime(v.publishAt);
    if (Number.isNaN(at)) errors.publishAt = s.errPublishAt;
    else if (at <= now.getTime()) errors.publishAt = s.errPublishAtPast;
    else publishAt = new Date(at).toISOString();
  }
  if (!fields || Object.keys(errors).length) throw new ValidationError(errors);
  return { fields, recommendLevel: Number(v.recommendLevel), verified: v.verified, ...(publishAt ? { publishAt } : {}) };
}

export function parseReason(raw: RawForm): string {
  const reason = one(raw, 'reason').trim();
  if (!reason || reason.length > 500) throw new ValidationError({ reason: s.errReason });
  return reason;
}

/** The published article a submission copies, as the approval check found it. */
export interface CopyOf {
  id: number;
  title: string;
  url: string;
  similarity: number;
}

/** What review needs of the search feature's originality check (structural: review does not import search). */
export interface PublishedCopyCheck {
  checkSubmission(input: { title: string; text: string; authorId: number; articleId?: number }): Promise<{ duplicate?: CopyOf }>;
}

/**
 * Approving a text that copies a published article (the same text sent twice, both approved; or an
 * original published while this one waited): refused until the editor confirms (`confirmCopy=1`).
 */
export class CopyOfPublishedError extends ValidationError {
  constructor(readonly copyOf: CopyOf) {
    const msg = format(s.duplicateOnApprove, { title: copyOf.title, percent: Math.round(copyOf.similarity * 100) });
    super({ confirmCopy: msg }, msg);
  }
}

/** A review decision, as its author hears of it. */
export interface ReviewDecided {
  kind: 'approved' | 'scheduled' | 'rejected' | 'revision-approved' | 'revision-rejected';
  articleId: number;
  /** Who submitted the article or the revision. */
  memberId: number;
  title: string;
  reason?: string;
  publishAt?: string | null;
  /** Approvals: the editor changed the member's title or body before publishing. */
  edited?: boolean;
  /** Approvals that changed the title: the title the member sent. */
  submittedTitle?: string;
}

/** What approving a submission needs, wherever the editor does it (审核 or 文章管理). */
export interface ApprovalDeps {
  workflow: ArticleWorkflow;
  audit: Audit;
  clock: Clock;
  categories: Categories;
  /** Called after a submission was approved (e.g. the points feature's reward for its author). */
  onArticleApproved?: ((a: { id: number; authorId: number; title: string }) => Promise<void>) | undefined;
  /** Told of every decision (the author's 站内信). */
  onDecided?: ((d: ReviewDecided) => Promise<void>) | undefined;
  /** Approval re-runs the copy check against published articles (search feature). */
  originality?: PublishedCopyCheck | undefined;
}

type SubmissionFields = Parameters<ArticleWorkflow['approve']>[1]['fields'];

/** An editor's approval: the fields as they will be published, and how. */
export interface ApprovalInput {
  fields: SubmissionFields;
  recommendLevel: number;
  verified: boolean;
  /** ISO instant; a future one schedules the article. */
  publishAt?: string | undefined;
  /** A past `publishAt` is kept as the publication time (文章管理's backdating). */
  keepPastTime?: boolean;
  subtitle?: string | undefined;
  sourceUrl?: string | undefined;
  /** The editor ticked 仍然发布 after the copy check refused. */
  confirmCopy: boolean;
  ip: string;
  /** More for the audit entry (文章管理: the changed fields, `batch`). */
  detail?: Record<string, unknown>;
}

/** Statuses of a submission an editor can approve: waiting, or turned down earlier and approved after all. */
export const APPROVABLE_STATUSES: readonly string[] = ['pending', 'rejected'];

/**
 * THE approval of a member's submission, shared by /admin/review/<id>/approve and 文章管理 (edit form,
 * batch 发布) so they cannot drift: the copy check against published articles (refused with
 * CopyOfPublishedError until confirmed), the workflow's write with `article.approve` or
 * `article.schedule` audited in its transaction, the points reward, and the author's 站内信 saying
 * whether the editor changed the title or text. A `rejected` submission is approved from 未通过 in the
 * same guarded transaction; an article published once and taken down since is not a submission.
 */
export async function approveSubmission(deps: ApprovalDeps, editor: Member, id: number, input: ApprovalInput): Promise<Article> {
  const { workflow } = deps;
  const article = await workflow.article(id);
  if (!article || !APPROVABLE_STATUSES.includes(article.status) || (article.status === 'rejected' && article.publishedAt))
    throw new NotFoundError(t.errors.submissionHandled, 'submission_not_found');
  const fields = withAutoSummary(input.fields);
  // What was published since this was sent (or the same text approved a minute ago) is checked again.
  const check = await deps.originality?.checkSubmission({ title: fields.title, text: htmlToText(fields.body), authorId: article.authorId, articleId: id });
  const copyOf = check?.duplicate;
  if (copyOf && !input.confirmCopy) throw new CopyOfPublishedError(copyOf);
  const now = deps.clock.now().toISOString();
  const scheduled = !!input.publishAt && input.publishAt > now;
  const action = scheduled ? 'article.schedule' : 'article.approve';
  const changed = await editedFields(deps, article, fields, input);
  const detail = {
    title: fields.title,
    ...(changed.length ? { changed } : {}),
    publishAt: scheduled ? input.publishAt : null,
    recommendLevel: input.recommendLevel,
    verified: input.verified,
    ...(copyOf ? { confirmedCopyOf: copyOf.id } : {}),
    ...input.detail,
  };
  const approved: Article = await workflow.approve(
    id,
    {
      fields,
      recommendLevel: input.recommendLevel,
      verified: input.verified,
      ...(input.publishAt ? { publishAt: input.publishAt } : {}),
      ...(input.keepPastTime ? { keepPastTime: true } : {}),
      ...(input.subtitle !== undefined ? { subtitle: input.subtitle } : {}),
      ...(input.sourceUrl !== undefined ? { sourceUrl: input.sourceUrl } : {}),
      from: article.status === 'rejected' ? 'rejected' : 'pending',
    },
    { after: (trx, articleId) => deps.audit.record({ actorId: editor.id, action, targetType: 'article', targetId: articleId, detail, ip: input.ip }, trx) },
  );
  await deps.onArticleApproved?.({ id: approved.id, authorId: approved.authorId, title: approved.title });
  const titleChanged = approved.title !== article.title;
  if (approved.authorId !== editor.id)
    await deps.onDecided?.({
      kind: scheduled ? 'scheduled' : 'approved',
      articleId: approved.id,
      memberId: approved.authorId,
      title: approved.title,
      publishAt: scheduled ? approved.publishedAt : null,
      // Text, not markup: the editor's round trip re-serializes HTML without anyone changing a word.
      edited: titleChanged || htmlToText(approved.body) !== htmlToText(article.body),
      ...(titleChanged ? { submittedTitle: article.title } : {}),
    });
  return approved;
}

/** Which fields the editor changed from the submission as sent (the audit entry lists them, by form label). */
async function editedFields(deps: ApprovalDeps, a: WorkflowArticle, f: SubmissionFields, input: ApprovalInput): Promise<string[]> {
  const tags = await deps.workflow.tagNames(a.id);
  const slug = (await deps.categories.byId(a.categoryId))?.slug ?? '';
  const out: string[] = [];
  if (f.title !== a.title) out.push('title');
  if (input.subtitle !== undefined && input.subtitle !== a.subtitle) out.push('subtitle');
  if (f.summary !== a.summary && !(a.summary === '' && input.fields.summary === '')) out.push('summary');
  // Text, not markup (as for the author's 站内信): a re-serialized body with the same words is unchanged.
  if (htmlToText(f.body) !== htmlToText(a.body)) out.push('body');
  if (f.category !== slug) out.push('category');
  if (f.tags.join('\u0000') !== tags.join('\u0000')) out.push('tags');
  if (f.source !== a.source) out.push('source');
  if (input.sourceUrl !== undefined && input.sourceUrl !== a.sourceUrl) out.push('sourceUrl');
  if (f.original !== a.original) out.push('original');
  if (f.cover !== a.cover) out.push('cover');
  return out;
}

/** Review (审核) for editors: the queue, decisions on submissions and on revisions, each audited. */
export function createReview(deps: {
  workflow: ArticleWorkflow;
  audit: Audit;
  bannedWords: BannedWords;
  categories: Categories;
  members: Members;
  clock: Clock;
  /** Called after a submission was approved (e.g. the points feature's reward for its author). */
  onArticleApproved?: ((a: { id: number; authorId: number; title: string }) => Promise<void>) | undefined;
  /** Told of every decision (the author's 站内信). */
  onDecided?: ((d: ReviewDecided) => Promise<void>) | undefined;
  /** Approval re-runs the copy check against published articles (search feature). */
  originality?: PublishedCopyCheck | undefined;
  /** Where members' covers live: a refused revision's own cover upload is taken away. */
  storage?: Storage | undefined;
}) {
  const { workflow, audit, bannedWords, categories, members, clock } = deps;

  function audited(editor: Member, action: string, ip: string, detail: Record<string, unknown>): TxHooks {
    return { after: (trx, articleId) => audit.record({ actorId: editor.id, action, targetType: 'article', targetId: articleId, detail, ip }, trx) };
  }

  /** The author hears of a decision on their own submission unless they made it themselves. */
  async function told(editor: Member, d: ReviewDecided): Promise<void> {
    if (d.memberId !== editor.id) await deps.onDecided?.(d);
  }

  async function queue(page: number, perPage: number): Promise<{ rows: QueueRow[]; counts: { articles: number; revisions: number } }> {
    const [entries, counts] = await Promise.all([workflow.queue(perPage, (page - 1) * perPage), workflow.queueCount()]);
    const authors = await members.byIds(entries.map((e) => e.memberId));
    const rows: QueueRow[] = [];
    for (const e of entries) {
      const a = await workflow.article(e.articleId);
      const rev = e.kind === 'revision' ? await workflow.revision(e.id) : undefined;
      const category = rev ? await categories.bySlug(rev.data.category) : a ? await categories.byId(a.categoryId) : undefined;
      rows.push({ ...e, title: rev?.data.title ?? a?.title ?? '', author: authors.get(e.memberId)?.username ?? '', categoryName: category?.name ?? '' });
    }
    return { rows, counts };
  }

  /** A pending submission with what the review page shows about it. */
  async function submission(id: number) {
    const article = await workflow.article(id);
    if (!article || article.status !== 'pending') throw new NotFoundError(t.errors.submissionHandled, 'submission_not_found');
    const tags = await workflow.tagNames(id);
    const slug = (await categories.byId(article.categoryId))?.slug ?? '';
    const author = await members.byId(article.authorId);
    const words = await bannedWords.find(article.title, article.summary, article.body, tags.join(' '), article.source);
    return { article, tags, slug, author, words };
  }

  /** `cover`: the one the editor chose on the form (uploaded, kept or removed); the submission's own by default. */
  async function approve(editor: Member, id: number, raw: RawForm, ip: string, cover?: string): Promise<Article> {
    const { article } = await submission(id);
    const d = parseDecision(raw, clock.now());
    return approveSubmission({ ...deps, workflow }, editor, id, {
      ...d,
      fields: { ...d.fields, cover: cover ?? article.cover },
      confirmCopy: one(raw, 'confirmCopy') === '1',
      ip,
    });
  }

  async function reject(editor: Member, id: number, raw: RawForm, ip: string): Promise<Article> {
    const { article } = await submission(id);
    const reason = parseReason(raw);
    await workflow.reject(id, reason, audited(editor, 'article.reject', ip, { title: article.title, reason }));
    await told(editor, { kind: 'rejected', articleId: id, memberId: article.authorId, title: article.title, reason });
    return article;
  }

  async function revisionDiff(live: Article, liveTags: string[], rev: Revision): Promise<RevisionDiff> {
    const p = rev.data;
    const oldCat = (await categories.byId(live.categoryId))?.name ?? '';
    const newCat = (await categories.bySlug(p.category))?.name ?? p.category;
    const [textA, textB] = [htmlToText(live.body), htmlToText(p.body)];
    const yesNo = (b: boolean) => (b ? s.yes : s.no);
    const fields = [
      { field: 'category', old: oldCat, new: newCat },
      { field: 'tags', old: [...liveTags].sort().join('、'), new: [...p.tags].sort().join('、') },
      { field: 'source', old: live.source, new: p.source },
      { field: 'original', old: yesNo(live.original), new: yesNo(p.original) },
      { field: 'cover', old: live.cover, new: p.cover },
    ].filter((f) => f.old !== f.new);
    return {
      ...(live.title !== p.title ? { title: diffWords(live.title, p.title) } : {}),
      ...(live.summary !== p.summary ? { summary: diffWords(live.summary, p.summary) } : {}),
      ...(textA !== textB ? { body: diffLines(textA, textB) } : {}),
      bodyMarkupOnly: textA === textB && live.body !== p.body,
      fields,
    };
  }

  /** A pending revision, its live article, the diff between them and banned words in the new text. */
  async function revision(revId: number) {
    const rev = await workflow.revision(revId);
    if (!rev || rev.status !== 'pending') throw new NotFoundError(t.errors.revisionHandled, 'revision_not_found');
    const article = await workflow.article(rev.articleId);
    if (!article) throw new NotFoundError(t.errors.articleNotFound, 'article_not_found');
    const liveTags = await workflow.tagNames(article.id);
    const author = await members.byId(rev.memberId);
    const p = rev.data;
    const words = await bannedWords.find(p.title, p.summary, p.body, p.tags.join(' '), p.source);
    return { revision: rev, article, author, words, diff: await revisionDiff(article, liveTags, rev) };
  }

  async function approveRevision(editor: Member, revId: number, ip: string): Promise<Article> {
    const { revision: rev } = await revision(revId);
    const a = await workflow.approveRevision(revId, editor.id, audited(editor, 'revision.approve', ip, { revisionId: revId, title: rev.data.title }));
    await told(editor, { kind: 'revision-approved', articleId: a.id, memberId: rev.memberId, title: rev.data.title });
    return a;
  }

  async function rejectRevision(editor: Member, revId: number, raw: RawForm, ip: string): Promise<Article> {
    const { revision: rev, article } = await revision(revId);
    const reason = parseReason(raw);
    await workflow.rejectRevision(revId, editor.id, reason, audited(editor, 'revision.reject', ip, { revisionId: revId, title: rev.data.title, reason }));
    if (deps.storage && rev.data.cover !== article.cover) await removeCoverByUrl(deps.storage, rev.data.cover);
    // The member knows the article by the title readers see, not the one the refused edit proposed.
    await told(editor, { kind: 'revision-rejected', articleId: article.id, memberId: rev.memberId, title: article.title, reason });
    return article;
  }

  return { queue, submission, approve, reject, revision, approveRevision, rejectRevision };
}

export type Review = ReturnType<typeof createReview>;
