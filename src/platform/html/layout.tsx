import { h, Fragment, attr, markup, render, SafeHtml, type Child } from './jsx.ts';
import { t } from '../../strings/index.ts';
import { MemberBar, SearchBox } from './header-parts.tsx';
import { assetUrl } from './asset-url.ts';
import { deviceHints, HeadTags, type Head } from './head-tags.tsx';

export type { Head } from './head-tags.tsx';

export interface Link {
  href: string;
  label: string;
  current?: boolean;
}

/** Site-wide chrome, assembled by the settings feature from settings and the category tree. */
export interface Chrome {
  siteName: string;
  logoUrl: string;
  tagline: string;
  nav: Link[];
  /** The home page's chrome: 首页 is marked current in the nav. */
  homeCurrent?: boolean;
  footerLinks: Link[];
  /** The same links for the phone layout (pointing at mobile twins where they exist). */
  mobileFooterLinks: Link[];
  icpNumber: string;
  icpUrl: string;
  /** 公安备案号 (public-security filing number), shown beside the ICP number when set. */
  psbNumber?: string;
  copyright: string;
  homeLabel: string;
  mobileHome: string;
  desktopLabel: string;
  mobileLabel: string;
  skipLabel: string;
  /** Log-in / register links; public/site.js swaps them for the member's name when logged in. */
  memberLinks: Link[];
  /**
   * Labels public/site.js uses when it swaps the log-in links for a member's own: 站内信 (with `{n}`
   * for the unread count), 管理后台 for staff, and 退出 (a POST form).
   */
  memberMenu?: { inbox: string; inboxUnread: string; admin: string; logout: string };
  /** The search box in every public page's header (desktop and mobile actions). */
  search?: { action: string; mobileAction: string; label: string; placeholder: string; button: string };
  /**
   * The site's 统计代码 (Baidu Tongji, CNZZ…): raw HTML/JS an admin pasted in 网站设置, printed unescaped
   * before </body> of public pages only (never the console). Trusted by decision: see features/settings/CONTEXT.md.
   */
  analytics?: string;
}

/** The one place the admin's 统计代码 goes out unescaped (public layouts only). */
function TrustedAnalytics({ chrome }: { chrome: Chrome }): SafeHtml | null {
  return chrome.analytics ? new SafeHtml(chrome.analytics) : null;
}

/**
 * The reader's choice of layout: `pc` after a 电脑版 link, kept in a cookie that only the browser reads
 * (cached pages are the same bytes for everyone; the choice is applied by the script below).
 */
export const VIEW_COOKIE = 'zx_view';
export const VIEW_PATHS = { desktop: '/view/pc', mobile: '/view/mobile' } as const;

/** The 电脑版 / 手机版 link: an uncached endpoint records the choice and redirects to `to` (a site path). */
export function viewSwitchHref(to: string, view: 'desktop' | 'mobile'): string {
  return `${VIEW_PATHS[view]}?to=${encodeURIComponent(to)}`;
}

/**
 * Phones opening a desktop page that has a /mobile/ twin go there at once, as Chinese portals do, unless
 * the reader chose 电脑版. Client-side so the cached page stays one page for every browser (no
 * `Vary: User-Agent`); iPads and Android tablets (no "Mobile" in the UA) keep the desktop page.
 */
const PHONE_REDIRECT = new SafeHtml(
  '<script>(function(){var u=navigator.userAgent,m=document.querySelector(\'meta[name="mobile-twin"]\');' +
    `if(!m||/(?:^|;\\s*)${VIEW_COOKIE}=pc(?:;|$)/.test(document.cookie)||/iPad|Tablet/i.test(u)||!/Mobi|iPhone|iPod|Windows Phone|Opera Mini/i.test(u))return;` +
    'location.replace(m.content+location.hash)})()</script>',
);
/** The twin's path in a meta element the (constant) script reads: no page data inside a script. */
function PhoneRedirect({ to }: { to: string }): SafeHtml {
  return markup`<meta name="mobile-twin"${attr('content', to)}>${PHONE_REDIRECT}`;
}

function Footer({ chrome, mobile, viewSwitch }: { chrome: Chrome; mobile?: boolean; viewSwitch: Child }): SafeHtml {
  return (
    <footer class="site-footer">
      {viewSwitch}
      <nav class="footer-links" aria-label={t.landmarks.footerNav}>
        {(mobile ? chrome.mobileFooterLinks : chrome.footerLinks).map((l, i) => (
          <>
            {i > 0 && !mobile ? (
              <span class="sep" aria-hidden="true">
                {' '}
                |{' '}
              </span>
            ) : null}
            <a href={l.href}>{l.label}</a>
          </>
        ))}
      </nav>
      <p class="copyright">{chrome.copyright}</p>
      {chrome.icpNumber || chrome.psbNumber ? (
        <p class="icp">
          {chrome.icpNumber ? (
            <a href={chrome.icpUrl} rel="nofollow noopener" target="_blank">
              {chrome.icpNumber}
            </a>
          ) : null}
          {chrome.icpNumber && chrome.psbNumber ? '　' : null}
          {chrome.psbNumber ? <span class="psb">{chrome.psbNumber}</span> : null}
        </p>
      ) : null}
    </footer>
  );
}

/** The parts of a layout that change with every page; the rest is the same for every page with this chrome. */
interface Slots {
  head: Child;
  toggle: Child;
  children: Child;
  /** The footer's 电脑版 / 手机版 line. */
  footerSwitch: Child;
  /** 统计代码, or nothing on a private page (Head.private). */
  analytics: Child;
}

function DesktopShell({ chrome, slots }: { chrome: Chrome; slots: Slots }): SafeHtml {
  return (
    <>
      <html lang="zh-CN">
        <head>{slots.head}</head>
        <body class="desktop">
          <a class="skip" href="#main">
            {chrome.skipLabel}
          </a>
          <header class="site-header">
            <div class="wrap header-row">
              <a class="logo" href="/">
                {chrome.logoUrl ? <img src={chrome.logoUrl} alt={chrome.siteName} height="40" /> : <span class="logo-text">{chrome.siteName}</span>}
              </a>
              <span class="tagline">{chrome.tagline}</span>
              <SearchBox chrome={chrome} />
              <MemberBar chrome={chrome} />
              {slots.toggle}
            </div>
            <nav class="main-nav" aria-label={t.landmarks.mainNav}>
              <div class="wrap">
                <a href="/" class={chrome.homeCurrent ? 'current' : undefined}>
                  {chrome.homeLabel}
                </a>
                {chrome.nav.map((n) => (
                  <a href={n.href} class={n.current ? 'current' : undefined}>
                    {n.label}
                  </a>
                ))}
              </div>
            </nav>
          </header>
          <main id="main" class="wrap">
            {slots.children}
          </main>
          <Footer chrome={chrome} viewSwitch={slots.footerSwitch} />
          <script src={assetUrl('site.js')} defer></script>
          <script src={assetUrl('ads.js')} data-css={assetUrl('ads.css')} defer></script>
          {slots.analytics}
        </body>
      </html>
    </>
  );
}

function MobileShell({ chrome, slots }: { chrome: Chrome; slots: Slots }): SafeHtml {
  return (
    <html lang="zh-CN">
      <head>{slots.head}</head>
      <body class="mobile">
        <a class="skip" href="#main">
          {chrome.skipLabel}
        </a>
        <header class="m-header">
          <a class="m-logo" href="/mobile/">
            {chrome.logoUrl ? <img src={chrome.logoUrl} alt={chrome.siteName} height="32" /> : chrome.siteName}
          </a>
          <MemberBar chrome={chrome} />
          {slots.toggle}
        </header>
        <nav class="m-nav" aria-label={t.landmarks.mainNav}>
          <a href="/mobile/" class={chrome.homeCurrent ? 'current' : undefined}>
            {chrome.mobileHome}
          </a>
          {chrome.nav.map((n) => (
            <a href={n.href.replace(/^\//, '/mobile/')} class={n.current ? 'current' : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <SearchBox chrome={chrome} mobile />
        <main id="main">{slots.children}</main>
        <Footer chrome={chrome} mobile viewSwitch={slots.footerSwitch} />
        <script src={assetUrl('site.js')} defer></script>
        <script src={assetUrl('ads.js')} data-css={assetUrl('ads.css')} defer></script>
        {slots.analytics}
      </body>
    </html>
  );
}

/**
 * A shell's HTML split around its four slots (5 strings), rendered once per Chrome object: the chrome
 * builder hands out the same object until settings or categories change, and nothing mutates one.
 * Rendering the shell with markers in the slots and splitting there gives exactly the bytes a full
 * render would; when the chrome's own text holds a marker the split is refused and pages render whole.
 */
const shells = new WeakMap<Chrome, { desktop?: string[] | null; mobile?: string[] | null }>();
const SLOT_MARK = /\u0000slot\u0000/;
const slotMark = new SafeHtml('\u0000slot\u0000');

function shellParts(chrome: Chrome, mobile: boolean): string[] | null {
  let entry = shells.get(chrome);
  if (!entry) shells.set(chrome, (entry = {}));
  const kind = mobile ? 'mobile' : 'desktop';
  let parts = entry[kind];
  if (parts === undefined) {
    const slots = { head: slotMark, toggle: slotMark, children: slotMark, footerSwitch: slotMark, analytics: slotMark };
    const html = (mobile ? MobileShell({ chrome, slots }) : DesktopShell({ chrome, slots })).value;
    parts = html.split(SLOT_MARK);
    if (parts.length !== 6) parts = null;
    entry[kind] = parts;
  }
  return parts;
}

function layout(chrome: Chrome, mobile: boolean, slots: Slots): SafeHtml {
  const parts = shellParts(chrome, mobile);
  if (!parts) return mobile ? MobileShell({ chrome, slots }) : DesktopShell({ chrome, slots });
  return new SafeHtml(
    (parts[0] as string) +
      render(slots.head) +
      parts[1] +
      render(slots.toggle) +
      parts[2] +
      render(slots.children) +
      parts[3] +
      render(slots.footerSwitch) +
      parts[4] +
      render(slots.analytics) +
      parts[5],
  );
}

/**
 * A desktop page. `mobileHref` is its /mobile/ twin (else `head.alternateMobile`): phones are sent there
 * unless the reader chose 电脑版, and the header and footer link to it as 手机版.
 */
export function DesktopLayout(props: { chrome: Chrome; head: Head; children?: Child; mobileHref?: string }): SafeHtml {
  const { chrome, head } = props;
  // The twin as a path on this host (the alternate link is absolute, on the configured origin).
  const twin = (props.mobileHref ?? head.alternateMobile)?.replace(/^https?:\/\/[^/]+/, '');
  const href = twin ? viewSwitchHref(twin, 'mobile') : undefined;
  return layout(chrome, false, {
    analytics: head.private ? null : <TrustedAnalytics chrome={chrome} />,
    head: <HeadTags head={head} css={assetUrl('site.css')} early={twin ? [<PhoneRedirect to={twin} />, deviceHints(head, false, twin)] : null} />,
    toggle: href ? (
      <a class="to-mobile" href={href} rel="nofollow">
        {chrome.mobileLabel}
      </a>
    ) : null,
    children: props.children,
    footerSwitch: href ? (
      <p class="view-switch">
        <a href={href} rel="nofollow">
          {chrome.mobileLabel}
        </a>
      </p>
    ) : null,
  });
}

/**
 * A phone page. `desktopHref` is its desktop twin; the 电脑版 links (header, and footer on every phone
 * page: the home page when there is no twin) record the reader's choice so phones stop being redirected.
 */
export function MobileLayout(props: { chrome: Chrome; head: Head; children?: Child; desktopHref?: string }): SafeHtml {
  const { chrome, head } = props;
  const href = viewSwitchHref(props.desktopHref ?? '/', 'desktop');
  return layout(chrome, true, {
    analytics: head.private ? null : <TrustedAnalytics chrome={chrome} />,
    head: <HeadTags head={head} css={assetUrl('mobile.css')} early={deviceHints(head, true, undefined)} />,
    toggle: props.desktopHref ? (
      <a class="to-desktop" href={href} rel="nofollow">
        {chrome.desktopLabel}
      </a>
    ) : null,
    children: props.children,
    footerSwitch: (
      <p class="view-switch">
        <a href={href} rel="nofollow">
          {chrome.desktopLabel}
        </a>
      </p>
    ),
  });
}

/** Full document string with doctype. */
export function documentHtml(root: SafeHtml): string {
  return '<!doctype html>\n' + root.value;
}

/** Member centre and admin console: the site header, a side navigation and the work area. */
export function ConsoleLayout(props: {
  chrome: Chrome;
  head: Head;
  kind: 'member' | 'admin';
  title: string;
  nav: Link[];
  user: { name: string; logoutAction: string; logoutLabel: string; csrf: string };
  flash?: string;
  children?: Child;
}): SafeHtml {
  const { chrome } = props;
  return (
    <html lang="zh-CN">
      <head>
        <HeadTags head={{ ...props.head, robots: 'noindex' }} css={assetUrl('site.css')} />
        <link rel="stylesheet" href={assetUrl('console.css')} />
      </head>
      <body class={`console ${props.kind}`}>
        <a class="skip" href="#main">
          {chrome.skipLabel}
        </a>
        <header class="site-header console-header">
          <div class="wrap header-row">
            <a class="logo" href="/">
              <span class="logo-text">{chrome.siteName}</span>
            </a>
            <span class="tagline">{props.title}</span>
            <span class="who">
              {props.user.name}
              <form method="post" action={props.user.logoutAction} class="inline">
                <input type="hidden" name="_csrf" value={props.user.csrf} />
                <button type="submit" class="link">
                  {props.user.logoutLabel}
                </button>
              </form>
            </span>
          </div>
        </header>
        <div class="wrap console-body">
          <nav class="console-nav" aria-label={props.kind === 'member' ? t.landmarks.memberNav : t.landmarks.consoleNav}>
            {props.nav.map((n) => (
              <a href={n.href} class={n.current ? 'current' : undefined} aria-current={n.current ? 'page' : undefined}>
                {n.label}
              </a>
            ))}
          </nav>
          <main id="main" class="console-main">
            {props.flash ? (
              <p class="flash" role="status">
                {props.flash}
              </p>
            ) : null}
            {props.children}
          </main>
        </div>
        <script src={assetUrl('site.js')} defer></script>
      </body>
    </html>
  );
}
