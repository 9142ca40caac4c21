import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import { clientIp } from '../../platform/http/app.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import { parseId, REPORT_STATUSES, type ReportStatus } from './reports.schema.ts';
import type { ModerationAction, Reports } from './reports.service.ts';
import { GroupView, QueueView, type GroupData } from './views/admin-pages.tsx';
import { ConfirmDecision, ReversalPanel } from './views/admin-decision.tsx';
import { ErrorSummary, type FormErrors } from '../../platform/html/forms.tsx';

interface ReversalState {
  values?: { restore?: boolean; unban?: boolean; unwarn?: boolean; reason?: string };
  errors?: FormErrors;
  message?: string;
}

export interface ReportsAdminDeps {
  reports: Reports;
  guards: Guards;
  console: Console;
}

const PER_PAGE = 20;
const CURRENT = '/admin/reports/';

export function pageParam(v: unknown): number {
  return typeof v === 'string' && /^[1-9]\d{0,4}$/.test(v) ? Number(v) : 1;
}

function idParam(v: string): number {
  const id = parseId(v);
  if (!id) throw new NotFoundError();
  return id;
}

const ACTIONS: readonly ModerationAction[] = ['hide', 'warn', 'ban'];

/** Action codes from the redirect after a partly done decision (`hide,warn`); anything else is left out. */
function actionList(v: unknown): ModerationAction[] {
  const parts = typeof v === 'string' ? v.split(',') : [];
  return ACTIONS.filter((a) => parts.includes(a));
}

/** 部分操作未完成：警告作者（已完成：隐藏内容）… */
function partlyDone(failed: ModerationAction[], applied: ModerationAction[]): string {
  const words = (xs: ModerationAction[]) => (xs.length ? xs.map((a) => t.reports.actionWords[a]).join('、') : t.reports.partialNone);
  return format(t.reports.partialFailed, { failed: words(failed), done: words(applied) });
}

const css = <link rel="stylesheet" href="/static/reports.css" />;

/** 举报处理 (editors and admins): the grouped queue, a group's detail page and its decision. */
export function registerReportsAdmin(app: FastifyInstance, deps: ReportsAdminDeps): void {
  const { reports, guards } = deps;

  app.get<{ Querystring: Record<string, string | undefined> }>('/admin/reports/', async (req, reply) => {
    const me = await guards.staff(req);
    const status = (REPORT_STATUSES as readonly string[]).includes(req.query.status ?? '') ? (req.query.status as ReportStatus) : 'open';
    const page = pageParam(req.query.page);
    const { groups, total } = await reports.queue(status, page, PER_PAGE);
    const body = (
      <>
        {css}
        <QueueView d={{ status, groups, page, pages: Math.max(1, Math.ceil(total / PER_PAGE)) }} />
      </>
    );
    return deps.console.admin(req, reply, me, { title: t.reports.adminTitle, current: CURRENT, body });
  });

  async function renderGroup(
    req: FastifyRequest,
    reply: FastifyReply,
    me: Member,
    id: number,
    over: Partial<GroupData> & { status?: number; flash?: string; warning?: string; reversal?: ReversalState },
  ) {
    const g = await reports.group(id);
    const offer = await reports.offerReversal(id);
    const names = new Map(g.members);
    for (const x of [offer?.decision.actorId, offer?.decision.reversal?.actorId]) {
      const m = typeof x === 'number' && !names.has(x) ? await reports.member(x) : undefined;
      if (m) names.set(m.id, m);
    }
    const who = (x: number | null) => (x === null ? '' : (names.get(x)?.username ?? `#${x}`));
    const d: GroupData = {
      reportId: id,
      target: g.target,
      info: g.info,
      reports: g.reports,
      author: g.author,
      members: g.members,
      openCount: g.openCount,
      csrf: deps.console.csrf(req, reply),
      values: {},
      ...over,
    };
    const body = (
      <>
        {css}
        <p>
          <a href={`${CURRENT}?status=${g.openCount ? 'open' : g.report.status}`}>← {t.reports.adminTitle}</a>
        </p>
        {over.warning ? <ErrorSummary message={over.warning} /> : null}
        <GroupView d={d} />
        {offer && g.target.type !== 'url' ? (
          <ReversalPanel offer={offer} reportId={id} csrf={d.csrf} who={who} targetType={g.target.type} {...(over.reversal ?? {})} />
        ) : null}
      </>
    );
    return deps.console.admin(req, reply, me, {
      title: t.reports.detailTitle,
      current: CURRENT,
      body,
      status: over.status ?? 200,
      ...(over.flash ? { flash: over.flash } : {}),
    });
  }

  app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>('/admin/reports/:id', async (req, reply) => {
    const me = await guards.staff(req);
    const n = pageParam(req.query.n);
    const flash =
      req.query.done === 'resolve'
        ? format(t.reports.resolvedFlash, { n })
        : req.query.done === 'dismiss'
          ? format(t.reports.dismissedFlash, { n })
          : req.query.done === 'reverse'
            ? t.reports.reversedFlash
            : undefined;
    const failed = actionList(req.query.failed);
    const warning = req.query.done === 'resolve' && failed.length ? partlyDone(failed, actionList(req.query.applied)) : undefined;
    return renderGroup(req, reply, me, idParam(req.params.id), { ...(flash ? { flash } : {}), ...(warning ? { warning } : {}) });
  });

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>('/admin/reports/:id', async (req, reply) => {
    const me = await guards.staff(req);
    const id = idParam(req.params.id);
    const b = req.body ?? {};
    const raw = { decision: b.decision, hide: b.hide, warn: b.warn, ban: b.ban, note: b.note ?? '', reason: b.reason ?? '', upTo: b.upTo };
    const values = { hide: b.hide === '1', warn: b.warn === '1', ban: b.ban === '1', note: b.note ?? '', reason: b.reason ?? '', upTo: b.upTo ?? '' };
    // 返回修改 on the confirmation step: the form again with what was typed.
    if (b.edit === '1') return renderGroup(req, reply, me, id, { values });
    try {
      // A warning or a ban is confirmed first (what happens, what the author is told); nothing is written yet.
      if (b.decision === 'resolve' && (values.warn || values.ban) && b.confirm !== '1') {
        const p = await reports.preview(id, raw);
        if (p.actions.includes('warn') || p.actions.includes('ban')) {
          const body = (
            <>
              {css}
              <ConfirmDecision p={p} reportId={id} csrf={deps.console.csrf(req, reply)} values={values} />
            </>
          );
          return deps.console.admin(req, reply, me, { title: t.reports.confirmTitle, current: CURRENT, body });
        }
      }
      const r = await reports.decide(id, raw, me, clientIp(req), (err, msg) => req.log.error({ err }, msg));
      // A step that failed after another was done: the decision stands, the page names what is left to do by hand.
      const partly = r.failed.length ? `&failed=${r.failed.join(',')}&applied=${r.applied.join(',')}` : '';
      return reply.redirect(`/admin/reports/${id}?done=${r.decision}&n=${r.count}${partly}`, 303);
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'validation_failed' && e.code !== 'report_already_closed')) throw e;
      return renderGroup(req, reply, me, id, { status: e.status, values, message: e.message, ...(e.fields ? { errors: e.fields } : {}) });
    }
  });

  // 撤销处理结果: the content back, the ban lifted, the warning withdrawn (as chosen); the author is told.
  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>('/admin/reports/:id/reverse', async (req, reply) => {
    const me = await guards.staff(req);
    const id = idParam(req.params.id);
    const b = req.body ?? {};
    try {
      await reports.reverse(id, { restore: b.restore, unban: b.unban, unwarn: b.unwarn, reason: b.reason ?? '' }, me, clientIp(req));
      return reply.redirect(`/admin/reports/${id}?done=reverse#reverse`, 303);
    } catch (e) {
      if (!(e instanceof AppError) || (e.status !== 422 && e.status !== 409)) throw e;
      const values = { restore: b.restore === '1', unban: b.unban === '1', unwarn: b.unwarn === '1', reason: b.reason ?? '' };
      return renderGroup(req, reply, me, id, { status: e.status, reversal: { values, message: e.message, ...(e.fields ? { errors: e.fields } : {}) } });
    }
  });
}
