import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../../platform/html/jsx.ts';
import { clientIp } from '../../platform/http/app.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards, Member } from '../members/index.ts';
import { parseId, REPORT_STATUSES, type ReportStatus } from './reports.schema.ts';
import type { Reports } from './reports.service.ts';
import { GroupView, QueueView, type GroupData } from './views/admin-pages.tsx';

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

  async function renderGroup(req: FastifyRequest, reply: FastifyReply, me: Member, id: number, over: Partial<GroupData> & { status?: number; flash?: string }) {
    const g = await reports.group(id);
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
        <GroupView d={d} />
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
          : undefined;
    return renderGroup(req, reply, me, idParam(req.params.id), flash ? { flash } : {});
  });

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>('/admin/reports/:id', async (req, reply) => {
    const me = await guards.staff(req);
    const id = idParam(req.params.id);
    const b = req.body ?? {};
    try {
      const r = await reports.decide(
        id,
        { decision: b.decision, hide: b.hide, warn: b.warn, ban: b.ban, note: b.note ?? '', reason: b.reason ?? '' },
        me,
        clientIp(req),
      );
      return reply.redirect(`/admin/reports/${id}?done=${r.decision}&n=${r.count}`, 303);
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'validation_failed' && e.code !== 'report_already_closed')) throw e;
      const values = { hide: b.hide === '1', warn: b.warn === '1', ban: b.ban === '1', note: b.note ?? '', reason: b.reason ?? '' };
      return renderGroup(req, reply, me, id, { status: e.status, values, message: e.message, ...(e.fields ? { errors: e.fields } : {}) });
    }
  });
}
