import type { Chrome } from '../../platform/html/layout.tsx';
import type { Categories } from '../categories/index.ts';
import { t } from '../../strings/index.ts';
import type { SettingsService } from './settings.service.ts';

/** Site paths that have a phone-layout twin under /mobile/. */
const MOBILE_TWINS = /^\/(|page\/[a-z0-9-]+\.html|sitemap\.html|rss\.html|hot\/|category\/.*|tag\/.*|author\/.*|news\/.*)$/;

export function mobileTwin(href: string): string {
  return MOBILE_TWINS.test(href) ? `/mobile${href}` : href;
}

const NO_EXTRAS: Array<{ label: string; href: string }> = [];

/** The site chrome (header nav, footer links, ICP number) every public page is wrapped in. */
export function createChromeBuilder(
  settings: SettingsService,
  categories: Categories,
  /** Links the footer shows after the configured ones (static pages ticked 显示在页脚); a new array when they change. */
  footerExtras: () => Promise<Array<{ label: string; href: string }>> = async () => NO_EXTRAS,
) {
  // One Chrome per current top category while settings, the category tree and the footer's extra links stay
  // the same objects (their services replace them on every write): layouts keep the chrome's HTML per object
  // (platform/html/layout.tsx).
  let memo: { s: unknown; tree: unknown; extras: unknown; byRoot: Map<number | 'home' | undefined, Chrome> } | undefined;
  /**
   * The chrome for a page in a category (its top category is marked current in the nav), for the home
   * page ('home': 首页 is marked), or for any other page (nothing marked).
   */
  return async function chrome(current?: number | 'home'): Promise<Chrome> {
    const s = await settings.get();
    const tree = await categories.all();
    const extras = await footerExtras();
    let currentRoot: number | 'home' | undefined = current === 'home' ? 'home' : undefined;
    if (typeof current === 'number') currentRoot = (await categories.ancestry(current))[0]?.id;
    if (memo?.s !== s || memo.tree !== tree || memo.extras !== extras) memo = { s, tree, extras, byRoot: new Map() };
    const byRoot = memo.byRoot; // this call's versions, even if a write replaces `memo` meanwhile
    let built = byRoot.get(currentRoot);
    if (!built) byRoot.set(currentRoot, (built = build(s, await categories.roots(), currentRoot, extras)));
    return built;
  };

  function build(
    s: Awaited<ReturnType<SettingsService['get']>>,
    roots: Awaited<ReturnType<Categories['roots']>>,
    currentRoot: number | 'home' | undefined,
    extras: Array<{ label: string; href: string }>,
  ): Chrome {
    // The configured links first, then the pages ticked 显示在页脚; a URL or a label shows once.
    const seen = new Set<string>();
    const footerLinks = [...s.footerLinks, ...extras].filter((l) => {
      if (seen.has(`h ${l.href}`) || seen.has(`l ${l.label}`)) return false;
      seen.add(`h ${l.href}`).add(`l ${l.label}`);
      return true;
    });
    return {
      homeCurrent: currentRoot === 'home',
      siteName: s.siteName,
      logoUrl: s.logoUrl,
      tagline: s.tagline,
      nav: roots.map((c) => ({ href: `/category/${c.slug}/`, label: c.name, current: c.id === currentRoot })),
      footerLinks,
      mobileFooterLinks: footerLinks.map((l) => ({ ...l, href: mobileTwin(l.href) })),
      icpNumber: s.icpNumber,
      icpUrl: s.icpUrl,
      psbNumber: s.psbNumber,
      copyright: s.copyright,
      homeLabel: t.home,
      mobileHome: t.mobileHome,
      desktopLabel: t.toDesktop,
      mobileLabel: t.toMobile,
      skipLabel: t.skipToContent,
      // 注册 only while registration is open (a settings change clears the page cache).
      memberLinks: [{ href: '/member/login', label: t.login }, ...(s.registrationOpen ? [{ href: '/member/register', label: t.register }] : [])],
      memberMenu: { inbox: t.notifications.navLabel, inboxUnread: t.notifications.navLabelUnread, admin: t.adminConsole, logout: t.logout },
      search: { action: '/search', mobileAction: '/mobile/search', ...t.search.box },
      // 统计代码: printed by the public layouts only (ConsoleLayout ignores it).
      ...(s.analyticsCode.trim() ? { analytics: s.analyticsCode } : {}),
    };
  }
}

export type ChromeBuilder = ReturnType<typeof createChromeBuilder>;
