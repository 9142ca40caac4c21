import type { FastifyRequest } from 'fastify';
import { h, Fragment, type SafeHtml } from '../../platform/html/jsx.ts';
import { ConsoleLayout, DesktopLayout, MobileLayout, type Chrome } from '../../platform/html/layout.tsx';
import { htmlPage } from '../../platform/http/app.ts';
import { HeadTags } from '../../platform/html/head-tags.tsx';
import { assetUrl } from '../../platform/html/asset-url.ts';
import { CSRF_COOKIE } from '../../platform/http/csrf.ts';
import { askedPrincipal } from '../../platform/http/session.ts';
import { NOT_FOUND_MESSAGE } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import type { Console } from '../console/index.ts';
import { isStaff, type Member } from '../members/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';

const under = (url: string, prefix: string) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);

/** What the page says under its heading: 404's own text, the 413 advice, or the error's message. */
function Explanation({ status, message }: { status: number; message: string }): SafeHtml {
  if (status === 404 && message === NOT_FOUND_MESSAGE) return <p>{t.notFoundBody}</p>;
  if (status === 413)
    return (
      <>
        <p>{message}</p>
        <p>{t.tooLargeBody}</p>
      </>
    );
  return <p>{message}</p>;
}

// The browser's own back keeps what was typed in a form; a plain link would load the form empty.
const GoBack = () => (
  <a href="javascript:history.back()" class="go-back">
    {t.goBack}
  </a>
);

/**
 * An error met inside 会员中心 or 管理后台 by the member whose route asked who they are (a guard ran):
 * shown in the console layout, with a way back to it, instead of the public site's error page.
 */
async function consoleError(
  req: FastifyRequest,
  chrome: Chrome,
  navFor: Console['navFor'],
  status: number,
  message: string,
  title: string,
): Promise<string | undefined> {
  const path = req.url;
  if (!under(path, '/admin') && !under(path, '/member')) return undefined;
  const me = await askedPrincipal<Member>(req)?.catch(() => undefined);
  if (!me) return undefined;
  const kind = under(path, '/admin') && isStaff(me.role) ? 'admin' : 'member';
  const nav = await navFor(me, kind);
  const home = kind === 'admin' ? '/admin/' : '/member/';
  const section = kind === 'admin' ? t.adminConsole : t.memberCentre;
  return htmlPage(
    <ConsoleLayout
      chrome={chrome}
      head={{ title: `${title}_${section}_${chrome.siteName}` }}
      kind={kind}
      title={section}
      nav={nav.map((n) => ({ href: n.href, label: n.label }))}
      user={{ name: me.username, logoutAction: '/member/logout', logoutLabel: t.logout, csrf: req.cookies[CSRF_COOKIE] ?? '' }}
    >
      <div class="error-page console-error">
        <h1>
          {status} {title}
        </h1>
        <Explanation status={status} message={message} />
        <p class="error-links">
          <GoBack />
          <a href={home}>{kind === 'admin' ? t.backToConsole : t.backToMemberCentre}</a>
        </p>
      </div>
    </ConsoleLayout>,
  );
}

/**
 * 503 (关闭网站, or the shared store lost): the site's name or logo and the message, nothing else. The
 * site's navigation, footer links and member bar would all lead to the same 503; no 统计代码 either.
 */
function unavailablePage(c: Chrome, message: string): string {
  return htmlPage(
    <html lang="zh-CN">
      <head>
        <HeadTags head={{ title: `${t.unavailableTitle}_${c.siteName}`, robots: 'noindex', private: true }} css={assetUrl('site.css')} />
      </head>
      <body class="desktop unavailable">
        <main id="main" class="wrap error-page unavailable-page">
          <p class="logo">{c.logoUrl ? <img src={c.logoUrl} alt={c.siteName} height="40" /> : <span class="logo-text">{c.siteName}</span>}</p>
          <h1>{t.unavailableTitle}</h1>
          <p>{message}</p>
        </main>
      </body>
    </html>,
  );
}

/**
 * 404 and error pages in the site's layout (mobile layout under /mobile/), with ways back into the site;
 * inside the console (/admin/, /member/) in the console's layout.
 */
export function createErrorPage(chrome: ChromeBuilder, navFor: Console['navFor']) {
  return async (req: FastifyRequest, status: number, message: string): Promise<string> => {
    const c = await chrome();
    if (status === 503) return unavailablePage(c, message);
    const title = status === 404 ? t.notFoundTitle : status === 413 ? t.tooLargeTitle : t.errorTitle;
    const inConsole = await consoleError(req, c, navFor, status, message, title);
    if (inConsole) return inConsole;
    const mobile = req.url === '/mobile' || req.url.startsWith('/mobile/') || req.url.startsWith('/mobile?');
    const pre = mobile ? '/mobile' : '';
    // After a refused form post the way back is the form itself.
    const body = (
      <div class="error-page">
        <h1>
          {status} {title}
        </h1>
        <Explanation status={status} message={message} />
        <p class="error-links">
          {req.method === 'POST' ? <GoBack /> : t.notFoundHint}
          <a href={`${pre}/`}>{t.backHome}</a>
          <a href={`${pre}/hot/`}>{t.hotTitle}</a>
          <a href={`${pre}/sitemap.html`}>{t.siteMapTitle}</a>
        </p>
      </div>
    );
    const head = { title: `${title}_${c.siteName}`, robots: 'noindex' };
    return htmlPage(
      mobile ? (
        <MobileLayout chrome={c} head={head}>
          {body}
        </MobileLayout>
      ) : (
        <DesktopLayout chrome={c} head={head}>
          {body}
        </DesktopLayout>
      ),
    );
  };
}
