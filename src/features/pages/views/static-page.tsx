import { h, sanitizedHtml, type SafeHtml } from '../../../platform/html/jsx.ts';
import type { Chrome, Head, Link } from '../../../platform/html/layout.tsx';
import { t } from '../../../strings/index.ts';
import { Box } from '../../articles/index.ts';
import { Frame } from './frame.tsx';

/** A static page (关于我们, 联系方式, …) as the route prepared it; `body` is stored sanitized HTML. */
export interface StaticPageData {
  title: string;
  body: string;
  href: string;
  switchHref: string;
  /** All static pages, the current one marked, for the 网站信息 box. */
  siblings: Link[];
}

function PagesNav({ links }: { links: Link[] }): SafeHtml {
  return (
    <Box title={t.pagesNav} class="pages-nav">
      <ul class="title-list">
        {links.map((l) => (
          <li class={l.current ? 'current' : undefined}>
            <a href={l.href} aria-current={l.current ? 'page' : undefined}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </Box>
  );
}

export function StaticPageView({ d, chrome, head, mobile }: { d: StaticPageData; chrome: Chrome; head: Head; mobile: boolean }): SafeHtml {
  return (
    <Frame
      mobile={mobile}
      chrome={chrome}
      head={head}
      switchHref={d.switchHref}
      crumbs={[{ href: d.href, label: d.title }]}
      side={<PagesNav links={d.siblings} />}
    >
      <article class="static-page">
        <h1>{d.title}</h1>
        <div class="article-body">{sanitizedHtml(d.body)}</div>
      </article>
    </Frame>
  );
}
