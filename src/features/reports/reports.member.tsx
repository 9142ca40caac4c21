import type { FastifyInstance } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { t } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import type { Guards } from '../members/index.ts';
import { pageParam } from './reports.admin.tsx';
import type { Reports } from './reports.service.ts';
import { MyReportsView } from './views/member-page.tsx';

const PER_PAGE = 20;

/** 我的举报 in the member centre: only the logged-in member's own reports, never anyone else's. */
export function registerMyReports(app: FastifyInstance, deps: { reports: Reports; guards: Guards; console: Console }): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/member/reports/', async (req, reply) => {
    const me = await deps.guards.member(req);
    const page = pageParam(req.query.page);
    const { items, total } = await deps.reports.mine(me.id, page, PER_PAGE);
    const body = <MyReportsView items={items} page={page} pages={Math.max(1, Math.ceil(total / PER_PAGE))} />;
    return deps.console.member(req, reply, me, { title: t.reports.mineTitle, current: '/member/reports/', body });
  });
}
