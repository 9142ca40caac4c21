import type { Chrome } from '../../platform/html/layout.tsx';
import type { Categories } from '../categories/index.ts';
import { t } from '../../strings/index.ts';
import type { SettingsService } from './settings.service.ts';

/** Site paths that have a phone-layout twin under /mobile/. */
const MOBILE_TWINS = /^\/(|page\/[a-z0-9-]+\.html|sitemap\.html|rss\.html|hot\/|category\/.*|tag\/.*|author\/.*|news\/.*)$/;

export function mobileTwin(href: string): string {
  return MOBILE_TWINS.test(href) ? `/mobile${href}` : href;
}

/** The site chrome (header nav, footer links, ICP number) every public page is wrapped in. */
export function createChromeBuilder(settings: SettingsService, categories: Categories) {
  return async function chrome(currentCategoryId?: number): Promise<Chrome> {
    const s = await settings.get();
    const roots = await categories.roots();
    let currentRoot: number | undefined;
    if (currentCategoryId !== undefined) currentRoot = (await categories.ancestry(currentCategoryId))[0]?.id;
    return {
      siteName: s.siteName,
      logoUrl: s.logoUrl,
      tagline: s.tagline,
      nav: roots.map((c) => ({ href: `/category/${c.slug}/`, label: c.name, current: c.id === currentRoot })),
      footerLinks: s.footerLinks,
      mobileFooterLinks: s.footerLinks.map((l) => ({ ...l, href: mobileTwin(l.href) })),
      icpNumber: s.icpNumber,
      icpUrl: s.icpUrl,
      copyright: s.copyright,
      homeLabel: t.home,
      mobileHome: t.mobileHome,
      desktopLabel: t.toDesktop,
      mobileLabel: t.toMobile,
      skipLabel: t.skipToContent,
      memberLinks: [
        { href: '/member/login', label: t.login },
        { href: '/member/register', label: t.register },
      ],
      search: { action: '/search', mobileAction: '/mobile/search', ...t.search.box },
    };
  };
}

export type ChromeBuilder = ReturnType<typeof createChromeBuilder>;
