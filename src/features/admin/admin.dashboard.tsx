import type { FastifyInstance } from 'fastify';
import { h, Fragment, type SafeHtml } from '../../platform/html/jsx.ts';
import type { Db } from '../../platform/db/index.ts';
import { countPendingAds } from '../ads/index.ts';
import { countArticlesCreatedSince, countReviewQueue } from '../articles/index.ts';
import type { Comments } from '../comments/index.ts';
import { countMembersJoinedSince } from '../members/index.ts';
import { countOpenReports } from '../reports/index.ts';
import { countPendingGuestbook } from '../guestbook/index.ts';
import { countPendingOrders } from '../mall/index.ts';
import { countPendingLinks } from '../links/index.ts';
import { chinaDayStart, s, type AdminDeps } from './admin.shared.tsx';
import { registerAdminStatus } from './admin.status.tsx';

export interface Stat {
  label: string;
  n: number;
  /** Where the work is; absent when this member may not open that page. */
  href?: string;
}

/** Every number on the dashboard, each read through its feature's own count function. */
export async function dashboardStats(db: Db, comments: Comments, now: Date, isAdmin: boolean): Promise<{ pending: Stat[]; today: Stat[] }> {
  const since = chinaDayStart(now);
  const [queue, reports, guestbook, ads, orders, links, byStatus, members, articles, newComments] = await Promise.all([
    countReviewQueue(db),
    countOpenReports(db),
    countPendingGuestbook(db),
    countPendingAds(db),
    countPendingOrders(db),
    countPendingLinks(db),
    comments.countByStatus(),
    countMembersJoinedSince(db, since),
    countArticlesCreatedSince(db, since),
    comments.countSince(since),
  ]);
  return {
    pending: [
      { label: s.pendingSubmissions, n: queue.submissions, href: '/admin/review/' },
      { label: s.pendingRevisions, n: queue.revisions, href: '/admin/review/' },
      { label: s.openReports, n: reports, href: '/admin/reports/?status=open' },
      { label: s.pendingComments, n: byStatus.pending, href: '/admin/comments/?status=pending' },
      { label: s.pendingGuestbook, n: guestbook, href: '/admin/guestbook/?status=pending' },
      { label: s.pendingAds, n: ads, href: '/admin/ads/review' },
      { label: s.unshippedOrders, n: orders, href: '/admin/mall/orders?status=pending' },
      { label: s.pendingLinks, n: links, href: '/admin/links/?status=pending' },
    ],
    today: [
      { label: s.newMembers, n: members, ...(isAdmin ? { href: '/admin/members/' } : {}) },
      { label: s.newArticles, n: articles, href: '/admin/articles/' },
      { label: s.newComments, n: newComments, href: '/admin/comments/' },
    ],
  };
}

function Cards({ stats, attention }: { stats: Stat[]; attention: boolean }): SafeHtml {
  return (
    <ul class="stat-cards">
      {stats.map((st) => {
        const cls = `stat${attention && st.n > 0 ? ' attention' : ''}`;
        const inner = (
          <>
            <span class="stat-n">{st.n}</span>
            <span class="stat-label">{st.label}</span>
          </>
        );
        return (
          <li class={cls}>
            {st.href ? (
              <a href={st.href} aria-label={`${st.label} ${st.n}`}>
                {inner}
              </a>
            ) : (
              <div>{inner}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** 控制台 (editors and admins): what waits for staff, and today's activity. */
export function registerAdminDashboard(app: FastifyInstance, deps: AdminDeps): void {
  registerAdminStatus(app, deps); // 系统状态 (admins), next to the 控制台
  app.get('/admin/', async (req, reply) => {
    const me = await deps.guards.staff(req);
    const stats = await dashboardStats(deps.dbh.db, deps.comments, deps.clock.now(), me.role === 'admin');
    const body = (
      <div class="dashboard">
        <section class="panel">
          <h2>{s.pendingWork}</h2>
          <Cards stats={stats.pending} attention />
        </section>
        <section class="panel">
          <h2>
            {s.today} <small class="muted">{s.todayNote}</small>
          </h2>
          <Cards stats={stats.today} attention={false} />
        </section>
      </div>
    );
    return deps.console.admin(req, reply, me, { title: s.dashboard, current: '/admin/', body });
  });
}
