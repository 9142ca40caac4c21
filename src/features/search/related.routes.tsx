import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment, type SafeHtml } from '../../platform/html/jsx.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import { formatDateTime, type Articles } from '../articles/index.ts';
import type { Guards, Member } from '../members/index.ts';
import type { Console } from '../console/index.ts';
import type { Related } from './related.service.ts';
import type { Originality } from './originality.service.ts';
import { RelatedOverridesForm, type RelatedAdminProps } from './related.views.tsx';
import { OriginalityBlock } from './originality.views.tsx';

const s = t.related;

export interface RelatedAdminDeps {
  guards: Guards;
  console: Console;
  articles: Articles;
  related: Related;
  originality: Originality;
}

type IdReq = FastifyRequest<{ Params: { id: string } }>;
type Raw = Record<string, unknown>;

/** A positive id that fits an SQL integer; anything else is undefined. */
function parseId(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^\d{1,10}$/.test(v.trim())) return undefined;
  const n = Number(v.trim());
  return n >= 1 && n <= 2_147_483_647 ? n : undefined;
}

/** Editor pages: pin/exclude related articles (/admin/related/:id) and the 原创 override. */
export function registerRelatedAdmin(app: FastifyInstance, deps: RelatedAdminDeps): void {
  const { guards, related, originality, articles } = deps;
  const { formProps } = createReviewBlocks(deps);

  async function page(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    id: number,
    over: Partial<RelatedAdminProps> & { status?: number; flash?: string } = {},
  ) {
    const a = await articles.getAny(id);
    if (!a || a.status === 'deleted') throw new NotFoundError();
    const csrf = deps.console.csrf(req, reply);
    const report = await originality.report(id);
    const body = (
      <>
        {report ? <OriginalityBlock report={report} csrf={csrf} back={`/admin/related/${id}`} /> : null}
        <RelatedOverridesForm {...await formProps(id)} {...over} csrf={csrf} />
      </>
    );
    return deps.console.admin(req, reply, me, {
      title: format(s.relatedPageTitle, { title: a.title }),
      current: '/admin/articles/',
      body,
      ...(over.status ? { status: over.status } : {}),
      ...(over.flash ? { flash: over.flash } : {}),
    });
  }

  app.get<{ Params: { id: string }; Querystring: { ok?: string } }>('/admin/related/:id', async (req, reply) => {
    const me = await guards.staff(req);
    const id = parseId(req.params.id);
    if (id === undefined) throw new NotFoundError();
    const ok = req.query.ok;
    const at = ok && ok !== '1' && !Number.isNaN(Date.parse(ok)) ? formatDateTime(ok) : undefined;
    return page(req, reply, me, id, ok ? { flash: at ? format(s.savedScheduled, { at }) : s.saved } : {});
  });

  app.post('/admin/related/:id', async (req: IdReq, reply) => {
    const me = await guards.staff(req);
    const id = parseId(req.params.id);
    if (id === undefined) throw new NotFoundError();
    const raw = (req.body && typeof req.body === 'object' ? req.body : {}) as Raw;
    const values = { relatedId: String(raw.relatedId ?? '').slice(0, 20), action: String(raw.action ?? '') };
    let saved: { scheduledFor?: string };
    try {
      const relatedId = parseId(values.relatedId);
      if (relatedId === undefined) throw new ValidationError({ relatedId: s.errRelatedId }, s.errRelatedId);
      const action = values.action;
      if (action !== 'pin' && action !== 'exclude' && action !== 'clear') throw new ValidationError({ action: s.errAction }, s.errAction);
      saved = await related.setOverride(me.id, id, relatedId, action, req.ip);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return page(req, reply, me, id, { values, errors: e.fields, message: e.message, status: 422 });
    }
    const back = String(raw.back ?? '');
    if (/^\/admin\/review\/\d{1,10}$/.test(back)) return reply.redirect(`${back}#related`, 303);
    // A pinned article scheduled for later: saved, and the page says when it starts to show.
    return reply.redirect(`/admin/related/${id}?ok=${saved.scheduledFor ? encodeURIComponent(saved.scheduledFor) : '1'}`, 303);
  });

  app.post('/admin/originality/:id/override', async (req: IdReq, reply) => {
    const me = await guards.staff(req);
    const id = parseId(req.params.id);
    if (id === undefined) throw new NotFoundError();
    await originality.override(me.id, id, req.ip);
    const raw = (req.body && typeof req.body === 'object' ? req.body : {}) as Raw;
    const back = String(raw.back ?? '');
    return reply.redirect(/^\/admin\/(review|related)\/\d{1,10}$/.test(back) ? `${back}#originality` : `/admin/related/${id}`, 303);
  });
}

/** The 原创检测 and 相关文章 blocks of the review page (main.ts hands `reviewBlocks` to the review feature). */
export function createReviewBlocks(deps: Pick<RelatedAdminDeps, 'articles' | 'related' | 'originality'>) {
  const { related, originality, articles } = deps;
  /** Data of the pin/exclude form for article `id`. */
  async function formProps(id: number): Promise<Omit<RelatedAdminProps, 'csrf'>> {
    const [ids, overrides, scores] = await Promise.all([related.listFor(id), related.overridesOf(id), related.scoresOf(id)]);
    const cards = await articles.cardsByIds(ids ?? []);
    const title = new Map(cards.map((c) => [c.id, c.title]));
    const pinned = new Set(overrides.filter((o) => o.action === 'pin').map((o) => o.relatedId));
    // Overrides may name articles that are not public (a draft, scheduled, taken down): shown with their state.
    const targets = await Promise.all(overrides.map((o) => articles.getAny(o.relatedId)));
    const live = new Set(await related.publicAmong(overrides.map((o) => o.relatedId)));
    return {
      articleId: id,
      list: ids?.map((x) => ({ id: x, title: title.get(x) ?? `#${x}`, ...(pinned.has(x) ? { pinned: true } : { score: scores.get(x) ?? 0 }) })),
      overrides: overrides.map((o, i) => {
        const a = targets[i];
        const state = !a ? 'deleted' : a.status !== 'published' ? a.status : live.has(o.relatedId) ? undefined : 'scheduled';
        const label =
          state === 'scheduled' && a?.publishedAt
            ? format(s.scheduled, { at: formatDateTime(a.publishedAt) })
            : state
              ? (s.statuses[state] ?? state)
              : undefined;
        return {
          ...o,
          title: a?.title ?? '',
          ...(label ? { notPublic: format(s.notShown, { status: label }) } : {}),
          ...(state === 'deleted' ? { deleted: true } : {}),
        };
      }),
    };
  }

  /** The blocks the review page shows under the preview: 原创检测 and 相关文章. */
  async function reviewBlocks(articleId: number, csrf: string): Promise<SafeHtml> {
    const report = await originality.report(articleId);
    return (
      <>
        {report ? <OriginalityBlock report={report} csrf={csrf} back={`/admin/review/${articleId}`} /> : null}
        <RelatedOverridesForm {...await formProps(articleId)} csrf={csrf} back={`/admin/review/${articleId}`} />
      </>
    );
  }

  return { formProps, reviewBlocks };
}
