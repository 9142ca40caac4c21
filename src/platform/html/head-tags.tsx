import { attr, jsonForScript, markup, SafeHtml, type Child } from './jsx.ts';

// The <head> of every page (split out of layout.tsx): title, description, links, Open Graph, JSON-LD, and
// the hints Baidu reads to pair a desktop page with its /mobile/ twin.

export interface Head {
  title: string;
  description?: string;
  keywords?: string;
  canonical?: string;
  alternateMobile?: string;
  feeds?: Array<{ href: string; title: string; type: 'rss' | 'atom' }>;
  og?: Record<string, string>;
  jsonLd?: unknown[];
  robots?: string;
  prev?: string;
  next?: string;
  /**
   * A page with a password field or a token in its address (log-in, sign-up, password reset, mail links,
   * the CSRF confirmation that repeats a form): the site's third-party 统计代码 is left out, so no script
   * from elsewhere reads the field or reports the address.
   */
  private?: boolean;
}

/** Every phone page: meant for phones, and not to be transcoded by a search engine's mobile proxy. */
const MOBILE_HINTS = new SafeHtml('<meta name="applicable-device" content="mobile"><meta http-equiv="Cache-Control" content="no-transform">');

/**
 * Baidu's adaptation hints. A desktop page with a phone twin says it is the PC page and names the twin
 * (`mobile-agent`, absolute: the alternate link's address, else the twin's path on the canonical's origin);
 * a desktop page without a twin says nothing (it serves every device).
 */
export function deviceHints(head: Head, mobile: boolean, twin: string | undefined): SafeHtml | null {
  if (mobile) return MOBILE_HINTS;
  if (!twin) return null;
  let url = head.alternateMobile;
  if (!url) {
    const origin = head.canonical && /^https?:\/\/[^/]+/.exec(head.canonical)?.[0];
    url = (origin || '') + twin;
  }
  return markup`<meta name="applicable-device" content="pc"><meta name="mobile-agent"${attr('content', `format=html5;url=${url}`)}>`;
}

export function HeadTags({ head, css, early }: { head: Head; css: string; early?: Child }): SafeHtml {
  // A template, not JSX (printed on every page; the same bytes).
  const links: Child[] = [];
  if (head.description) links.push(markup`<meta name="description"${attr('content', head.description)}>`);
  if (head.keywords) links.push(markup`<meta name="keywords"${attr('content', head.keywords)}>`);
  if (head.robots) links.push(markup`<meta name="robots"${attr('content', head.robots)}>`);
  if (head.canonical) links.push(markup`<link rel="canonical"${attr('href', head.canonical)}>`);
  if (head.alternateMobile) links.push(markup`<link rel="alternate" media="only screen and (max-width: 640px)"${attr('href', head.alternateMobile)}>`);
  if (head.prev) links.push(markup`<link rel="prev"${attr('href', head.prev)}>`);
  if (head.next) links.push(markup`<link rel="next"${attr('href', head.next)}>`);
  for (const f of head.feeds ?? []) {
    links.push(
      markup`<link rel="alternate" type="${f.type === 'rss' ? 'application/rss+xml' : 'application/atom+xml'}"${attr('title', f.title)}${attr('href', f.href)}>`,
    );
  }
  const og = head.og;
  if (og) for (const k in og) links.push(markup`<meta${attr('property', k)}${attr('content', og[k])}>`);
  for (const d of head.jsonLd ?? []) links.push(markup`<script type="application/ld+json">${jsonForScript(d)}</script>`);
  return markup`<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${early}<title>${head.title}</title>${links}<link rel="stylesheet"${attr('href', css)}>`;
}
