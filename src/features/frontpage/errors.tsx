import type { FastifyRequest } from 'fastify';
import { h } from '../../platform/html/jsx.ts';
import { DesktopLayout, MobileLayout } from '../../platform/html/layout.tsx';
import { htmlPage } from '../../platform/http/app.ts';
import { t } from '../../strings/index.ts';
import type { ChromeBuilder } from '../settings/index.ts';

/** 404 and error pages in the site's layout (mobile layout under /mobile/). */
export function createErrorPage(chrome: ChromeBuilder) {
  return async (req: FastifyRequest, status: number, message: string): Promise<string> => {
    const c = await chrome();
    const mobile = req.url.startsWith('/mobile/');
    const title = status === 404 ? t.notFoundTitle : t.errorTitle;
    const body = (
      <div class="error-page">
        <h1>
          {status} {title}
        </h1>
        <p>{status === 404 ? t.notFoundBody : message}</p>
        <p>
          <a href={mobile ? '/mobile/' : '/'}>{t.backHome}</a>
        </p>
      </div>
    );
    const head = { title: `${title}_${c.siteName}`, robots: 'noindex' };
    return htmlPage(mobile ? <MobileLayout chrome={c} head={head}>{body}</MobileLayout> : <DesktopLayout chrome={c} head={head}>{body}</DesktopLayout>);
  };
}
