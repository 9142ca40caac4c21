import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerMultipart } from '../../platform/http/multipart.ts';
import { h, Fragment } from '../../platform/html/jsx.ts';
import type { DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { PageCache } from '../../platform/cache/page-cache.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { RateLimitedError, type RateLimiter } from '../../platform/http/rate-limit.ts';
import { t, format } from '../../strings/index.ts';
import { createArticleWorkflow, ArticlePreview, type Articles } from '../articles/index.ts';
import { isStaff, type Guards, type Member, type Members } from '../members/index.ts';
import type { Categories } from '../categories/index.ts';
import type { Console } from '../console/index.ts';
import type { SettingsService } from '../settings/index.ts';
import type { Audit } from '../audit/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import { COVER_MAX_BYTES } from './submissions.cover.ts';
import { formValues, splitTags, submitOp, valuesOf, type FormValues, type RawForm } from './submissions.form.ts';
import { categoryOptions, isClosedError, isFormError, parseId, parsePage, parseReceived, readSubmissionForm } from './submissions.request.ts';
import { createSubmissions, OWN_LIST_STATUSES, type OriginalityCheck, type Outcome, type OwnListStatus } from './submissions.service.ts';
import { createTagSuggester } from './submissions.suggest.ts';
import { registerImageUpload } from './submissions.images.tsx';
import { MyArticles, type MyArticleItem } from './views/my-articles.tsx';
import { SubmissionForm, type FormMode } from './views/submission-form.tsx';

const s = t.submissions;
const PER_PAGE = 20;
const WRITES_PER_WINDOW = 30;
const WRITE_WINDOW_MS = 10 * 60_000;
const SUGGESTIONS_PER_WINDOW = 120;
const LIST = '/member/articles/';

export interface SubmissionsDeps {
  dbh: DbHandle;
  clock: Clock;
  cache: PageCache;
  storage: Storage;
  rateLimiter: RateLimiter;
  guards: Guards;
  console: Console;
  settings: SettingsService;
  categories: Categories;
  members: Members;
  bannedWords: BannedWords;
  audit: Audit;
  baseUrl?: string | undefined;
  /** Refuses copies of published articles (search feature's originality check). */
  originality?: OriginalityCheck | undefined;
  /** Deleting a draft or rejected submission is the articles service's soft delete. */
  articles?: Pick<Articles, 'remove'> | undefined;
}

type IdReq = FastifyRequest<{ Params: { id: string } }>;

/** 我的文章 and 投稿 in the member centre: /member/articles/… (logged-in members, own articles only). */
export function registerSubmissions(app: FastifyInstance, deps: SubmissionsDeps): void {
  const { guards, clock } = deps;
  const workflow = createArticleWorkflow({ ...deps, purge: (tags) => void deps.cache.purge(tags) });
  const svc = createSubmissions({ ...deps, workflow });
  const suggester = createTagSuggester({ db: deps.dbh.db, categories: deps.categories, clock });
  registerImageUpload(app, deps);

  /** 推荐标签 for what the form holds; undefined while there is no title or body to go on. */
  async function suggestionsFor(v: FormValues): Promise<string[] | undefined> {
    if (!v.title.trim() && !v.body.trim()) return undefined;
    return suggester.suggest({ ...v, tags: splitTags(v.tags.slice(0, 1000)) });
  }

  /** Mode, notices and the current cover of the form for a new article or for article `id`. */
  async function formContext(me: Member, id?: number) {
    const lim = await svc.limitsFor(me);
    const notices: string[] = [lim.needsReview ? s.reviewNotice : s.directNotice];
    if (!isStaff(me.role)) notices.push(format(s.limitsNotice, { quota: lim.dailyQuota, interval: lim.minIntervalSec }));
    if (id === undefined)
      return { mode: 'new' as FormMode, action: '/member/articles/new', notices, direct: !lim.needsReview, cover: undefined, values: undefined };
    const { article, tags, revision } = await svc.own(me, id);
    const mode: FormMode = article.status === 'published' ? 'revision' : 'edit';
    if (mode === 'revision') notices.unshift(revision ? s.revisionPendingNotice : s.revisionNotice);
    const current = revision?.data ?? { ...article, category: '', tags };
    const slug = revision?.data.category ?? (await deps.categories.byId(article.categoryId))?.slug ?? '';
    const words = article.status === 'pending' || revision ? await svc.heldWords(current) : [];
    if (words.length) notices.unshift(format(s.heldWords, { words: words.join('、') }));
    const values: FormValues = valuesOf({ ...current, category: slug });
    return { mode, action: `/member/articles/${id}/edit`, notices, direct: !lim.needsReview, cover: current.cover || undefined, values };
  }

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    id: number | undefined,
    over: { values?: FormValues; errors?: Record<string, string>; message?: string; status?: number; uploadLost?: boolean } = {},
  ) {
    const ctx = await formContext(me, id);
    const closed = !isStaff(me.role) && !(await svc.settings()).submissionsEnabled;
    const values = over.values ?? ctx.values ?? formValues({});
    // Closed: only the notice, unless the member just sent text; then the form with it, to copy it out.
    const body =
      closed && !over.values ? (
        <p class="notice">{s.closed}</p>
      ) : (
        <SubmissionForm
          {...ctx}
          csrf={deps.console.csrf(req, reply)}
          values={values}
          categories={await categoryOptions(deps.categories)}
          suggestions={await suggestionsFor(values)}
          errors={over.errors}
          message={over.message}
          uploadLost={over.uploadLost}
        />
      );
    const title = ctx.mode === 'new' ? s.newArticle : ctx.mode === 'revision' ? s.editPublished : s.editArticle;
    const current = ctx.mode === 'new' ? '/member/articles/new' : LIST;
    return deps.console.member(req, reply, me, { title, current, body, ...(over.status ? { status: over.status } : {}) });
  }

  /** Create (no id) or edit: parse → service → redirect; a form error shows the form again with the input. */
  async function write(req: FastifyRequest, reply: FastifyReply, me: Member, id?: number) {
    const form = await readSubmissionForm(req);
    // Every write may decode an image: bound them per member, beyond the group's submission quota. The
    // text is read first so a refusal shows the form again with it, never a bare error page.
    if (!(await deps.rateLimiter.hit(`submissions:write:${me.id}`, WRITES_PER_WINDOW, WRITE_WINDOW_MS))) {
      const e = new RateLimitedError();
      return renderForm(req, reply, me, id, { values: formValues(form.raw), message: e.message, status: e.status, uploadLost: !!form.file });
    }
    // 推荐标签 without JavaScript: the same form again, with suggestions for what was typed; nothing saved.
    if (form.raw.op === 'suggest') return renderForm(req, reply, me, id, { values: formValues(form.raw), uploadLost: !!form.file });
    try {
      const { fields, upload } = await parseReceived(form);
      const cover = { ...(upload ? { upload } : {}), remove: form.raw.removeCover === '1' };
      const op = submitOp(form.raw);
      const r = id === undefined ? await svc.create(me, fields, op, cover, req.ip) : await svc.edit(me, id, fields, op, cover, req.ip);
      return reply.redirect(`${LIST}?ok=${r.outcome}&id=${r.id}`, 303);
    } catch (e) {
      // Closed submissions (开放投稿 off) too: the member keeps their text and can copy it.
      if (!isFormError(e) && !isClosedError(e)) throw e;
      return renderForm(req, reply, me, id, { values: formValues(form.raw), errors: e.fields, message: e.message, status: e.status, uploadLost: !!form.file });
    }
  }

  /** The line above the list after a write, naming banned words that hold the text for review. */
  async function flashFor(me: Member, q: { ok?: string; id?: string }): Promise<string | undefined> {
    const template = q.ok ? s.flash[q.ok] : undefined;
    if (!template) return undefined;
    if (q.ok !== 'held' && q.ok !== 'revisionHeld') return template;
    const own = await svc.own(me, parseId(q.id ?? '')).catch(() => undefined);
    if (!own) return undefined;
    const text = own.revision?.data ?? { ...own.article, tags: own.tags };
    return format(template, { title: text.title, words: (await svc.heldWords(text)).join('、') });
  }

  async function listItems(me: Member, page: number, status: OwnListStatus | undefined) {
    const { rows, total, counts } = await svc.list(me, page, PER_PAGE, status);
    const now = clock.now().toISOString();
    const items: MyArticleItem[] = [];
    for (const row of rows) {
      const held = row.status === 'pending' || row.revision?.status === 'pending' ? await svc.own(me, row.id).catch(() => undefined) : undefined;
      const words = held ? await svc.heldWords(held.revision?.data ?? { ...held.article, tags: held.tags }) : [];
      const categoryName = (await deps.categories.byId(row.categoryId))?.name ?? '';
      items.push({ row, categoryName, words, isPublic: row.status === 'published' && !!row.publishedAt && row.publishedAt <= now });
    }
    return { items, counts, pages: Math.max(1, Math.ceil(total / PER_PAGE)) };
  }

  app.register(async (scope) => {
    // Uploads only on these routes; the file size is checked by us (a clear message, not a 413 page).
    await registerMultipart(scope, { fileBytes: COVER_MAX_BYTES, fieldBytes: 4 * 1024 * 1024, fields: 20 });
    const writeOpts = { bodyLimit: 8 * 1024 * 1024 };

    scope.get<{ Querystring: { page?: string; ok?: string; id?: string; status?: string } }>(LIST, async (req, reply) => {
      const me = await guards.member(req);
      const page = parsePage(req.query.page);
      // An unknown status (an old or mistyped link) lists everything rather than failing.
      const status = OWN_LIST_STATUSES.find((x) => x === req.query.status);
      const { items, pages, counts } = await listItems(me, page, status);
      const lim = await svc.limitsFor(me);
      const notice = isStaff(me.role) ? s.directNotice : format(s.limitsNotice, { quota: lim.dailyQuota, interval: lim.minIntervalSec });
      const flash = await flashFor(me, req.query);
      const closed = !isStaff(me.role) && !(await svc.settings()).submissionsEnabled;
      const body = (
        <MyArticles
          items={items}
          page={page}
          pages={pages}
          csrf={deps.console.csrf(req, reply)}
          notice={notice}
          status={status}
          counts={counts}
          closed={closed}
        />
      );
      return deps.console.member(req, reply, me, { title: s.myArticles, current: LIST, body, ...(flash ? { flash } : {}) });
    });

    scope.get('/member/articles/new', async (req, reply) => renderForm(req, reply, await guards.member(req), undefined));
    scope.post('/member/articles/new', writeOpts, async (req, reply) => write(req, reply, await guards.member(req)));

    // 推荐标签 for public/tag-suggest.js (also used on the review form: editors are members too).
    scope.post('/member/articles/suggest-tags', writeOpts, async (req, reply) => {
      const me = await guards.member(req);
      if (!(await deps.rateLimiter.hit(`submissions:suggest:${me.id}`, SUGGESTIONS_PER_WINDOW, WRITE_WINDOW_MS))) throw new RateLimitedError();
      const raw = (req.body && typeof req.body === 'object' ? req.body : {}) as RawForm;
      const tags = (await suggestionsFor(formValues(raw))) ?? [];
      return reply.header('cache-control', 'no-store').send({ tags });
    });

    scope.get('/member/articles/:id/edit', async (req: IdReq, reply) => {
      const me = await guards.member(req);
      return renderForm(req, reply, me, parseId(req.params.id));
    });
    scope.post('/member/articles/:id/edit', writeOpts, async (req: IdReq, reply) => {
      const me = await guards.member(req);
      const id = parseId(req.params.id);
      await svc.own(me, id); // 404 before reading someone else's upload
      return write(req, reply, me, id);
    });

    scope.get('/member/articles/:id/preview', async (req: IdReq, reply) => {
      const me = await guards.member(req);
      const { article, revision } = await svc.own(me, parseId(req.params.id));
      const preview = await workflow.preview(article, revision?.data);
      // Not yet published: show the date it would carry if published now, never an empty <time>.
      const detail = preview && { ...preview, publishedAt: preview.publishedAt ?? clock.now().toISOString() };
      const settings = await svc.settings();
      const body = detail ? (
        <>
          {detail.cover ? (
            <figure class="preview-cover">
              <img src={detail.cover} alt={s.fieldCover} width="240" />
              <figcaption>{s.fieldCover}</figcaption>
            </figure>
          ) : null}
          <ArticlePreview article={detail} disclaimer={settings.disclaimer} isStaffAuthor={isStaff(me.role)} />
        </>
      ) : (
        <p>{s.noArticles}</p>
      );
      return deps.console.member(req, reply, me, { title: `${s.previewTitle}：${article.title}`, current: LIST, body });
    });

    // 删除: a draft (withdrawn submissions are drafts) or a rejected submission; the button asks first.
    scope.post('/member/articles/:id/delete', async (req: IdReq, reply) => {
      const me = await guards.member(req);
      const outcome: Outcome = await svc.remove(me, parseId(req.params.id), req.ip);
      return reply.redirect(`${LIST}?ok=${outcome}&id=${req.params.id}`, 303);
    });

    scope.post('/member/articles/:id/withdraw', async (req: IdReq, reply) => {
      const me = await guards.member(req);
      const outcome: Outcome = await svc.withdraw(me, parseId(req.params.id));
      return reply.redirect(`${LIST}?ok=${outcome}&id=${req.params.id}`, 303);
    });
  });
}
