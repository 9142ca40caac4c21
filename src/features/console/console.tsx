import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { ConsoleLayout, type Link } from '../../platform/html/layout.tsx';
import { htmlPage } from '../../platform/http/app.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { t, format } from '../../strings/index.ts';
import type { Member } from '../members/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';

const m = t.console.member;
const a = t.console.admin;

/** 会员中心 navigation: every member page is one of these. */
export const memberNav: Link[] = [
  { href: '/member/', label: m.home },
  { href: '/member/notifications/', label: t.notifications.navLabel },
  { href: '/member/articles/', label: m.articles },
  { href: '/member/articles/new', label: m.submit },
  { href: '/member/favorites/', label: m.favorites },
  { href: '/member/comments/', label: m.comments },
  { href: '/member/reports/', label: m.reports },
  { href: '/member/points/', label: m.points },
  { href: '/member/tips/', label: m.tips },
  { href: '/member/orders', label: m.orders },
  { href: '/member/promotion/', label: m.promotion },
  { href: '/member/ads/', label: m.ads },
  { href: '/member/profile', label: m.profile },
  { href: '/member/avatar', label: m.avatar },
  { href: '/member/password', label: m.password },
];

/** 管理后台 navigation; `admin: true` entries are for admins only (editors do not see them). */
export const adminNav: Array<Link & { admin?: boolean }> = [
  { href: '/admin/', label: a.dashboard },
  { href: '/admin/review/', label: a.review },
  { href: '/admin/articles/', label: a.articles },
  { href: '/admin/comments/', label: a.comments },
  { href: '/admin/reports/', label: a.reports },
  { href: '/admin/guestbook/', label: a.guestbook },
  { href: '/admin/links/', label: t.links.adminNav },
  { href: '/admin/mall/gifts', label: a.gifts },
  { href: '/admin/mall/orders', label: a.orders },
  { href: '/admin/ads/review', label: a.adReview },
  { href: '/admin/ads/', label: a.ads },
  { href: '/admin/ad-positions/', label: a.adPositions },
  { href: '/admin/categories/', label: a.categories, admin: true },
  { href: '/admin/pages/', label: a.pages, admin: true },
  { href: '/admin/members/', label: a.members, admin: true },
  { href: '/admin/banned-words/', label: a.bannedWords, admin: true },
  { href: '/admin/promotion/', label: a.promotion, admin: true },
  { href: '/admin/search/terms', label: a.searchTerms, admin: true },
  { href: '/admin/settings', label: a.settings, admin: true },
  { href: '/admin/settings/tips', label: a.tips, admin: true },
  { href: '/admin/notifications/', label: a.notifications, admin: true },
  { href: '/admin/audit/', label: a.audit, admin: true },
  { href: '/admin/uploads/', label: a.uploads, admin: true },
  { href: '/admin/status', label: a.status, admin: true },
  { href: '/admin/points/', label: a.points, admin: true },
  { href: '/admin/points/rules', label: a.pointsRules, admin: true },
];

export interface ConsolePage {
  /** Page heading and <title>. */
  title: string;
  /** Which nav entry is current (its href). */
  current: string;
  body: SafeHtml;
  /** A short status line after a successful action. */
  flash?: string;
  status?: number;
}

/** Renders member-centre and admin-console pages in their shared layout; pages are never cached. */
export function createConsole(deps: {
  chrome: ChromeBuilder;
  unreadCount?: (memberId: number) => Promise<number>;
  /** Whether members may submit articles now (开放投稿): 我要投稿 is left out of the menu while closed. */
  submissionsOpen?: () => Promise<boolean>;
}) {
  async function memberLinks(me: Member): Promise<Link[]> {
    const [unread, open] = await Promise.all([deps.unreadCount?.(me.id) ?? 0, deps.submissionsOpen?.() ?? true]);
    const links = open ? memberNav : memberNav.filter((n) => n.href !== '/member/articles/new');
    if (!unread) return links;
    return links.map((n) => (n.href === '/member/notifications/' ? { ...n, label: format(t.notifications.navLabelUnread, { n: unread }) } : n));
  }

  /** The menu `me` sees in 会员中心 or 管理后台 (the unread count, 我要投稿 only while open, admin-only entries). */
  async function navFor(me: Member, kind: 'member' | 'admin'): Promise<Link[]> {
    return kind === 'member' ? memberLinks(me) : adminNav.filter((n) => !n.admin || me.role === 'admin');
  }

  async function render(req: FastifyRequest, reply: FastifyReply, me: Member, kind: 'member' | 'admin', p: ConsolePage) {
    const chrome = await deps.chrome();
    const csrf = csrfToken(req, reply);
    const nav = await navFor(me, kind);
    const html = htmlPage(
      <ConsoleLayout
        chrome={chrome}
        head={{ title: `${p.title}_${kind === 'member' ? t.memberCentre : t.adminConsole}_${chrome.siteName}` }}
        kind={kind}
        title={kind === 'member' ? t.memberCentre : t.adminConsole}
        nav={nav.map((n) => ({ href: n.href, label: n.label, current: n.href === p.current }))}
        user={{ name: me.username, logoutAction: '/member/logout', logoutLabel: t.logout, csrf }}
        flash={p.flash}
      >
        <h1>{p.title}</h1>
        {p.body}
      </ConsoleLayout>,
    );
    return reply
      .code(p.status ?? 200)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  }
  return {
    member: (req: FastifyRequest, reply: FastifyReply, me: Member, p: ConsolePage) => render(req, reply, me, 'member', p),
    admin: (req: FastifyRequest, reply: FastifyReply, me: Member, p: ConsolePage) => render(req, reply, me, 'admin', p),
    navFor,
    csrf: csrfToken,
  };
}

export type Console = ReturnType<typeof createConsole>;
