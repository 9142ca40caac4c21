import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Storage } from '../../platform/storage/index.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import { ValidationError } from '../../platform/errors.ts';
import { t, format } from '../../strings/index.ts';
import { createArticleWorkflow, formatDateTime, urls } from '../articles/index.ts';
import { isStaff, type Guards, type Member, type Members } from '../members/index.ts';
import type { Categories } from '../categories/index.ts';
import type { Console } from '../console/index.ts';
import type { SettingsService } from '../settings/index.ts';
import type { Audit } from '../audit/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import { categoryOptions, createTagSuggester, parseId, parsePage, splitTags, type RawForm } from '../submissions/index.ts';
import {
  createReview,
  CopyOfPublishedError,
  decisionValues,
  parseDecision,
  type CopyOf,
  type DecisionValues,
  type PublishedCopyCheck,
  type ReviewDecided,
} from './review.service.ts';
import { registerMultipart, readForm } from '../../platform/http/multipart.ts';
import { COVER_MAX_BYTES } from '../submissions/index.ts';
import { chooseCover, dropReplacedCover } from './review.cover.ts';
import { ReviewQueue } from './views/queue.tsx';
import { BatchResult, createReviewBatch, registerReviewBatch, type BatchOutcome } from './review.batch.tsx';
import type { BatchResults } from '../../platform/http/batch-results.ts';
import { ReviewPage } from './views/review-page.tsx';
import { RevisionPage } from './views/revision-page.tsx';

const s = t.submissions;
const PER_PAGE = 20;
const QUEUE = '/admin/review/';

export interface ReviewDeps {
  dbh: DbHandle;
  clock: Clock;
  cache: PageCache;
  guards: Guards;
  console: Console;
  settings: SettingsService;
  categories: Categories;
  members: Members;
  bannedWords: BannedWords;
  audit: Audit;
  baseUrl?: string | undefined;
  /** Called after a submission was approved (points reward). */
  onArticleApproved?: ((a: { id: number; authorId: number; title: string }) => Promise<void>) | undefined;
  /** Told of every decision (the author's 站内信). */
  onDecided?: ((d: ReviewDecided) => Promise<void>) | undefined;
  /** Extra blocks under the review form (search feature: originality side by side, related pins). */
  reviewBlocks?: ((articleId: number, csrf: string) => Promise<SafeHtml>) | undefined;
  /** Approval checks the text again against published articles (search feature's originality). */
  originality?: PublishedCopyCheck | undefined;
  /** Members' uploads: a refused revision's cover is removed. */
  storage?: Storage | undefined;
  /** Where a batch's result waits for the page the browser is sent to (Post/Redirect/Get). */
  batchResults: BatchResults;
}

type IdReq = FastifyRequest<{ Params: { id: string } }>;
type FormOver = {
  values?: DecisionValues;
  errors?: Record<string, string>;
  message?: string;
  status?: number;
  reason?: string;
  reasonError?: string;
  preview?: boolean;
  copyOf?: CopyOf;
  /** The cover chosen on the form (an upload kept for the corrected form, or '' after 删除封面). */
  cover?: string;
  coverKept?: boolean;
};

const bodyOf = (req: FastifyRequest) => (req.body && typeof req.body === 'object' ? req.body : {}) as RawForm;

/** 审核队列 and review decisions under /admin/review/ (editors and admins). */
export function registerReview(app: FastifyInstance, deps: ReviewDeps): void {
  const { guards, clock } = deps;
  const workflow = createArticleWorkflow({ ...deps, purge: (tags) => void deps.cache.purge(tags) });
  const review = createReview({ ...deps, workflow });
  const suggester = createTagSuggester({ db: deps.dbh.db, categories: deps.categories, clock });
  const writeOpts = { bodyLimit: 8 * 1024 * 1024 };

  async function renderSubmission(req: FastifyRequest, reply: FastifyReply, me: Member, id: number, over: FormOver = {}) {
    const { article, tags, slug, author, words } = await review.submission(id);
    const values: DecisionValues = over.values ?? {
      ...article,
      category: slug,
      tags: tags.join(', '),
      recommendLevel: String(article.recommendLevel),
      publishAt: '',
    };
    // "Update preview" shows what the editor typed; otherwise the stored submission.
    const cover = over.cover ?? article.cover;
    const shown = over.preview ? { ...values, tags: splitTags(values.tags), recommendLevel: Number(values.recommendLevel), cover } : {};
    const shownPreview = await workflow.preview(article, shown);
    // Not yet published: the date it would carry if approved now, never an empty <time>.
    const preview = shownPreview && { ...shownPreview, publishedAt: shownPreview.publishedAt ?? clock.now().toISOString() };
    const settings = await deps.settings.get();
    const suggestions = await suggester.suggest({ ...values, tags: splitTags(values.tags.slice(0, 1000)) });
    const body = (
      <ReviewPage
        suggestions={suggestions}
        blocks={await deps.reviewBlocks?.(article.id, deps.console.csrf(req, reply))}
        article={article}
        authorName={author?.username ?? ''}
        words={words}
        preview={preview}
        disclaimer={settings.disclaimer}
        isStaffAuthor={!!author && isStaff(author.role)}
        values={values}
        categories={await categoryOptions(deps.categories)}
        csrf={deps.console.csrf(req, reply)}
        errors={over.errors}
        message={over.message}
        reason={over.reason}
        reasonError={over.reasonError}
        copyOf={over.copyOf}
        cover={cover}
        coverKept={over.coverKept === true}
      />
    );
    return deps.console.admin(req, reply, me, {
      title: `${s.reviewArticle}：${article.title}`,
      current: QUEUE,
      body,
      ...(over.status ? { status: over.status } : {}),
    });
  }

  async function renderRevision(req: FastifyRequest, reply: FastifyReply, me: Member, revId: number, over: FormOver = {}) {
    const r = await review.revision(revId);
    const preview = await workflow.preview(r.article, r.revision.data);
    const settings = await deps.settings.get();
    const body = (
      <RevisionPage
        {...r}
        authorName={r.author?.username ?? ''}
        preview={preview}
        disclaimer={settings.disclaimer}
        isStaffAuthor={!!r.author && isStaff(r.author.role)}
        csrf={deps.console.csrf(req, reply)}
        reason={over.reason}
        reasonError={over.reasonError}
      />
    );
    return deps.console.admin(req, reply, me, {
      title: `${s.reviewRevision}：${r.article.title}`,
      current: QUEUE,
      body,
      ...(over.status ? { status: over.status } : {}),
    });
  }

  async function flashFor(q: { ok?: string; id?: string }): Promise<string | undefined> {
    const template = q.ok ? s.reviewFlash[q.ok] : undefined;
    const a = template && q.id && /^\d{1,10}$/.test(q.id) ? await workflow.article(Number(q.id)) : undefined;
    return template && a ? format(template, { title: a.title, at: formatDateTime(a.publishedAt ?? '') }) : undefined;
  }

  const done = (reply: FastifyReply, ok: string, id: number) => reply.redirect(`${QUEUE}?ok=${ok}&id=${id}`, 303);

  type QueueOver = { error?: string; reason?: string; outcome?: BatchOutcome; status?: number };
  async function renderQueue(req: FastifyRequest, reply: FastifyReply, me: Member, page: number, over: QueueOver = {}, flash?: string) {
    const { rows, counts } = await review.queue(page, PER_PAGE);
    const pages = Math.max(1, Math.ceil((counts.articles + counts.revisions) / PER_PAGE));
    const body = (
      <ReviewQueue
        rows={rows}
        counts={counts}
        page={page}
        pages={pages}
        csrf={deps.console.csrf(req, reply)}
        error={over.error}
        reason={over.reason}
        result={over.outcome ? <BatchResult outcome={over.outcome} /> : undefined}
      />
    );
    const status = over.status ? { status: over.status } : over.error ? { status: 422 } : {};
    return deps.console.admin(req, reply, me, { title: s.reviewQueue, current: QUEUE, body, ...status, ...(flash ? { flash } : {}) });
  }

  app.get<{ Querystring: { page?: string; ok?: string; id?: string } }>(QUEUE, async (req, reply) => {
    const me = await guards.staff(req);
    return renderQueue(req, reply, me, parsePage(req.query.page), {}, await flashFor(req.query));
  });

  // 批量通过 / 批量退回: each item through the same calls as the buttons on its own page.
  const batch = createReviewBatch({ ...deps, workflow, review });
  registerReviewBatch(
    app,
    (req) => guards.staff(req),
    batch,
    (req, reply, me, over) => renderQueue(req, reply, me, 1, over),
    deps.batchResults,
  );

  app.get('/admin/review/:id', async (req: IdReq, reply) => {
    const me = await guards.staff(req);
    const id = parseId(req.params.id);
    // Already decided (another editor, an old tab): say so, with the way on, instead of a 404.
    const a = await workflow.article(id);
    if (a && (a.status === 'published' || a.status === 'rejected')) {
      const live = a.status === 'published' && !!a.publishedAt && a.publishedAt <= clock.now().toISOString();
      const state = a.status === 'published' ? s.reviewHandledApproved : s.reviewHandledRejected;
      const body = (
        <p class="notice">
          {format(s.reviewHandled, { state })}{' '}
          {a.status === 'published' ? <a href={live ? urls.article(id) : `/admin/articles/${id}/edit`}>{s.reviewHandledView}</a> : null}{' '}
          <a href={QUEUE}>{s.backToQueue}</a>
        </p>
      );
      return deps.console.admin(req, reply, me, { title: s.reviewArticle, current: QUEUE, body });
    }
    return renderSubmission(req, reply, me, id);
  });

  // The approval form carries a cover upload (添加 / 更换封面), so it is read as multipart in its own scope.
  app.register(async (scope) => {
    await registerMultipart(scope, { fileBytes: COVER_MAX_BYTES, fieldBytes: 4 * 1024 * 1024, fields: 30 });
    scope.post('/admin/review/:id/approve', writeOpts, async (req: IdReq, reply) => {
      const me = await guards.staff(req);
      const id = parseId(req.params.id);
      const { article } = await review.submission(id);
      const { fields, files } = await readForm(req, { files: ['coverFile'] });
      const raw: RawForm = fields;
      const values = decisionValues(raw);
      const chosen = await chooseCover(deps, article.cover, fields, files.coverFile);
      // A stored upload stays for the corrected form: its URL travels in the hidden `cover` field.
      const keep = { cover: chosen.cover, coverKept: chosen.uploaded || chosen.cover !== article.cover };
      try {
        if (chosen.error) throw new ValidationError({ coverFile: chosen.error }, chosen.error);
        if (raw.op === 'preview') {
          parseDecision(raw, clock.now());
          return await renderSubmission(req, reply, me, id, { values, preview: true, ...keep });
        }
        const a = await review.approve(me, id, raw, req.ip, chosen.cover);
        await dropReplacedCover(deps.storage, article.cover, a.cover);
        return done(reply, a.publishedAt && a.publishedAt > clock.now().toISOString() ? 'scheduled' : 'approved', id);
      } catch (e) {
        if (e instanceof CopyOfPublishedError)
          return renderSubmission(req, reply, me, id, { values, message: e.message, copyOf: e.copyOf, status: 422, ...keep });
        if (!(e instanceof ValidationError)) throw e;
        return renderSubmission(req, reply, me, id, { values, errors: e.fields, message: e.message, status: 422, ...keep });
      }
    });
  });

  app.post('/admin/review/:id/reject', async (req: IdReq, reply) => {
    const me = await guards.staff(req);
    const id = parseId(req.params.id);
    const raw = bodyOf(req);
    try {
      await review.reject(me, id, raw, req.ip);
      return done(reply, 'rejected', id);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderSubmission(req, reply, me, id, { reason: String(raw.reason ?? ''), reasonError: e.fields?.reason, message: e.message, status: 422 });
    }
  });

  app.get('/admin/review/revisions/:id', async (req: IdReq, reply) => {
    const me = await guards.staff(req);
    return renderRevision(req, reply, me, parseId(req.params.id));
  });

  app.post('/admin/review/revisions/:id/approve', async (req: IdReq, reply) => {
    const me = await guards.staff(req);
    const a = await review.approveRevision(me, parseId(req.params.id), req.ip);
    return done(reply, 'revisionApproved', a.id);
  });

  app.post('/admin/review/revisions/:id/reject', async (req: IdReq, reply) => {
    const me = await guards.staff(req);
    const revId = parseId(req.params.id);
    const raw = bodyOf(req);
    try {
      const a = await review.rejectRevision(me, revId, raw, req.ip);
      return done(reply, 'revisionRejected', a.id);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return renderRevision(req, reply, me, revId, { reason: String(raw.reason ?? ''), reasonError: e.fields?.reason, status: 422 });
    }
  });
}
