import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { h, Fragment, type SafeHtml } from '../../platform/html/jsx.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { t, format } from '../../strings/index.ts';
import type { ArticleWorkflow } from '../articles/index.ts';
import type { Member } from '../members/index.ts';
import { approveSubmission, CopyOfPublishedError, parseReason, type Review, type ApprovalDeps } from './review.service.ts';
import type { BatchResults } from '../../platform/http/batch-results.ts';

const b = t.submissions.batch;
const QUEUE = '/admin/review/';
export const BATCH_PATH = '/admin/review/batch';
/** Most items one batch decides (a queue page shows 20). */
const BATCH_MAX = 100;

/** One ticked row of the queue: `a<id>` a submission, `r<id>` a revision. */
type Item = { kind: 'article' | 'revision'; id: number };

export function parseItems(raw: unknown): Item[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const out = new Map<string, Item>();
  for (const v of list) {
    const m = typeof v === 'string' ? /^([ar])(\d{1,10})$/.exec(v) : null;
    if (m) out.set(v as string, { kind: m[1] === 'r' ? 'revision' : 'article', id: Number(m[2]) });
  }
  return [...out.values()];
}

const Outcome = z.object({
  done: z.number().int().nonnegative(),
  /** The titles of the items decided. */
  doneTitles: z.array(z.string()),
  skipped: z.array(z.object({ title: z.string(), reason: z.string() })),
});
export type BatchOutcome = z.infer<typeof Outcome>;

/**
 * 批量通过 / 批量退回 on the queue: each ticked item goes through the very calls the one-by-one buttons
 * make (approveSubmission as sent, review.reject, approveRevision, rejectRevision: the same audit entries,
 * points reward and 站内信). What cannot be decided from the list is skipped and named: already handled,
 * banned words in the text (the editor should read it), a copy of a published article, a rule of the
 * article (e.g. 推荐图文 without a cover).
 */
export function createReviewBatch(deps: ApprovalDeps & { review: Review; workflow: ArticleWorkflow }) {
  const { review } = deps;

  async function titleOf(item: Item): Promise<string> {
    if (item.kind === 'revision') return (await deps.workflow.revision(item.id))?.data.title ?? `#${item.id}`;
    return (await deps.workflow.article(item.id))?.title ?? `#${item.id}`;
  }

  async function approveOne(me: Member, item: Item, ip: string): Promise<void> {
    if (item.kind === 'revision') {
      const r = await review.revision(item.id);
      if (r.words.length) throw new ValidationError({}, format(b.skipBanned, { words: r.words.join('、') }));
      await review.approveRevision(me, item.id, ip);
      return;
    }
    const { article, tags, slug, words } = await review.submission(item.id);
    if (words.length) throw new ValidationError({}, format(b.skipBanned, { words: words.join('、') }));
    await approveSubmission({ ...deps }, me, item.id, {
      fields: {
        title: article.title,
        summary: article.summary,
        body: article.body,
        category: slug,
        tags,
        source: article.source,
        original: article.original,
        cover: article.cover,
      },
      recommendLevel: article.recommendLevel,
      verified: article.verified,
      confirmCopy: false,
      ip,
      detail: { batch: true },
    });
  }

  async function run(me: Member, op: 'approve' | 'reject', items: Item[], reason: string, ip: string): Promise<BatchOutcome> {
    const out: BatchOutcome = { done: 0, doneTitles: [], skipped: [] };
    for (const item of items) {
      const title = await titleOf(item);
      try {
        if (op === 'approve') await approveOne(me, item, ip);
        else if (item.kind === 'revision') await review.rejectRevision(me, item.id, { reason }, ip);
        else await review.reject(me, item.id, { reason }, ip);
        out.done++;
        out.doneTitles.push(title);
      } catch (e) {
        if (e instanceof CopyOfPublishedError)
          out.skipped.push({ title, reason: format(b.skipCopy, { title: e.copyOf.title, percent: Math.round(e.copyOf.similarity * 100) }) });
        else if (e instanceof NotFoundError) out.skipped.push({ title, reason: b.skipHandled });
        // Changed meanwhile (decided by someone else, its article moved to 回收站): skipped with the reason given.
        else if (e instanceof ConflictError) out.skipped.push({ title, reason: e.message || b.skipHandled });
        else if (e instanceof ValidationError)
          out.skipped.push({ title, reason: e.fields && Object.keys(e.fields).length ? Object.values(e.fields).join('；') : e.message });
        else throw e;
      }
    }
    return out;
  }

  return { run };
}

export function BatchResult({ outcome }: { outcome: BatchOutcome }): SafeHtml {
  return (
    <div class="batch-result" role="status">
      <p>{format(b.summary, { done: outcome.done, skipped: outcome.skipped.length })}</p>
      {outcome.doneTitles.length ? (
        <>
          <p>{b.doneHeading}</p>
          <ul>
            {outcome.doneTitles.map((title) => (
              <li>《{title}》</li>
            ))}
          </ul>
        </>
      ) : null}
      {outcome.skipped.length ? (
        <>
          <p>{b.skippedHeading}</p>
          <ul>
            {outcome.skipped.map((x) => (
              <li>
                《{x.title}》：{x.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

type Render = (
  req: FastifyRequest,
  reply: FastifyReply,
  me: Member,
  over: { error?: string; reason?: string; outcome?: BatchOutcome; status?: number },
) => Promise<unknown>;

/** The kind of result review's batches keep (platform/http/batch-results.ts). */
const RESULT_KIND = 'review.batch';

/**
 * POST /admin/review/batch (editors and admins) runs the batch and answers 303 to
 * GET /admin/review/batch/<key>: the queue page again, with what was done and skipped (kept for the
 * session that ran it, so reloading that page shows it again and decides nothing).
 */
export function registerReviewBatch(
  app: FastifyInstance,
  staff: (req: FastifyRequest) => Promise<Member>,
  batch: ReturnType<typeof createReviewBatch>,
  render: Render,
  results: BatchResults,
): void {
  app.get<{ Params: { key: string } }>(`${BATCH_PATH}/:key`, async (req, reply) => {
    const me = await staff(req);
    const kept = Outcome.safeParse(await results.read(req, me.id, RESULT_KIND, req.params.key));
    if (!kept.success) return render(req, reply, me, { error: b.resultGone, status: 404 });
    return render(req, reply, me, { outcome: kept.data });
  });

  app.post(BATCH_PATH, async (req, reply) => {
    const me = await staff(req);
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const op = body.op === 'reject' ? 'reject' : body.op === 'approve' ? 'approve' : undefined;
    const items = parseItems(body.item);
    const reasonRaw = typeof body.reason === 'string' ? body.reason : '';
    const refuse = (error: string) => render(req, reply.code(422), me, { error, reason: reasonRaw });
    if (!op || !items.length) return refuse(b.none);
    if (items.length > BATCH_MAX) return refuse(format(b.tooMany, { n: BATCH_MAX }));
    let reason = '';
    if (op === 'reject') {
      try {
        reason = parseReason({ reason: reasonRaw });
      } catch {
        return refuse(b.reasonRequired);
      }
    }
    const outcome = await batch.run(me, op, items, reason, req.ip);
    const key = await results.keep(req, me.id, RESULT_KIND, outcome);
    return reply.redirect(`${BATCH_PATH}/${key}`, 303);
  });
}

export { QUEUE as REVIEW_QUEUE };
