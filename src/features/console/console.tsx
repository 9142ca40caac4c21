import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type SafeHtml } from '../../platform/html/jsx.ts';
import { ConsoleLayout, type Link } from '../../platform/html/layout.tsx';
import { htmlPage } from '../../platform/http/app.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { t, format } from '../../strings/index.ts';
import type { Member } from '../members/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';

/** 会员中心 navigation: every member page is one of these. */
export const memberNav: Link[] = [
  { href: '/member/', label: '会员首页' },
  { href: '/member/notifications/', label: t.notifications.navLabel },
  { href: '/member/articles/', label: '我的文章' },
  { href: '/member/articles/new', label: '我要投稿' },
  { href: '/member/favorites/', label: '我的收藏' },
  { href: '/member/comments/', label: '我的评论' },
  { href: '/member/reports/', label: '我的举报' },
  { href: '/member/points/', label: '我的积分' },
  { href: '/member/tips/', label: '我的打赏' },
  { href: '/member/orders', label: '我的订单' },
  { href: '/member/promotion/', label: '我的推广' },
  { href: '/member/ads/', label: '我的广告' },
  { href: '/member/profile', label: '个人资料' },
  { href: '/member/password', label: '修改密码' },
];

/** 管理后台 navigation; `admin: true` entries are for admins only (editors do not see them). */
export const adminNav: Array<Link & { admin?: boolean }> = [
  { href: '/admin/', label: '控制台' },
  { href: '/admin/review/', label: '审核队列' },
  { href: '/admin/articles/', label: '文章管理' },
  { href: '/admin/comments/', label: '评论管理' },
  { href: '/admin/reports/', label: '举报处理' },
  { href: '/admin/guestbook/', label: '网站留言' },
  { href: '/admin/mall/gifts', label: '礼品管理' },
  { href: '/admin/mall/orders', label: '订单管理' },
  { href: '/admin/ads/review', label: '广告审核' },
  { href: '/admin/ads/', label: '广告管理' },
  { href: '/admin/ad-positions/', label: '广告位' },
  { href: '/admin/categories/', label: '栏目管理', admin: true },
  { href: '/admin/pages/', label: '单页管理', admin: true },
  { href: '/admin/members/', label: '会员管理', admin: true },
  { href: '/admin/banned-words/', label: '违禁词', admin: true },
  { href: '/admin/promotion/', label: '推广关键词', admin: true },
  { href: '/admin/search/terms', label: '搜索词库', admin: true },
  { href: '/admin/settings', label: '网站设置', admin: true },
  { href: '/admin/settings/tips', label: '打赏设置', admin: true },
  { href: '/admin/notifications/', label: '群发站内信', admin: true },
  { href: '/admin/audit/', label: '操作日志', admin: true },
  { href: '/admin/points/', label: '积分账本', admin: true },
  { href: '/admin/points/rules', label: '积分规则', admin: true },
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
export function createConsole(deps: { chrome: ChromeBuilder; unreadCount?: (memberId: number) => Promise<number> }) {
  async function memberLinks(me: Member): Promise<Link[]> {
    const unread = (await deps.unreadCount?.(me.id)) ?? 0;
    if (!unread) return memberNav;
    return memberNav.map((n) => (n.href === '/member/notifications/' ? { ...n, label: format(t.notifications.navLabelUnread, { n: unread }) } : n));
  }

  async function render(req: FastifyRequest, reply: FastifyReply, me: Member, kind: 'member' | 'admin', p: ConsolePage) {
    const chrome = await deps.chrome();
    const csrf = csrfToken(req, reply);
    const nav = kind === 'member' ? await memberLinks(me) : adminNav.filter((n) => !n.admin || me.role === 'admin');
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
    csrf: csrfToken,
  };
}

export type Console = ReturnType<typeof createConsole>;
