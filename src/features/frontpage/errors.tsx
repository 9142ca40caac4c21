import type { FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { DesktopLayout, MobileLayout } from '../../platform/html/layout.tsx';
import { htmlPage } from '../../platform/http/app.ts';
import { NOT_FOUND_MESSAGE } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';

/** 404 and error pages in the site's layout (mobile layout under /mobile/), with ways back into the site. */
export function createErrorPage(chrome: ChromeBuilder) {
  return async (req: FastifyRequest, status: number, message: string): Promise<string> => {
    const c = await chrome();
    const mobile = req.url === '/mobile' || req.url.startsWith('/mobile/') || req.url.startsWith('/mobile?');
    const title = status === 404 ? t.notFoundTitle : t.errorTitle;
    const pre = mobile ? '/mobile' : '';
    const body = (
      <div class="error-page">
        <h1>
          {status} {title}
        </h1>
        <p>{status === 404 && message === NOT_FOUND_MESSAGE ? t.notFoundBody : message}</p>
        <p class="error-links">
          {t.notFoundHint}
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
