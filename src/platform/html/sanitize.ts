import { createRequire } from 'node:module';
import type sanitizeHtmlType from 'sanitize-html';
import { isStoredFileUrl } from '../storage/index.ts';
import { tidySanitized } from './sanitize-tidy.ts';

// Loaded on the first sanitized write, not at start-up: sanitize-html with htmlparser2 and postcss is
// ≈ 130 ms of module loading that no page view needs. CommonJS, so a synchronous require.
let sanitizeHtmlLib: typeof sanitizeHtmlType | undefined;
const sanitizer = () => (sanitizeHtmlLib ??= createRequire(import.meta.url)('sanitize-html') as typeof sanitizeHtmlType);

/**
 * The allow-list sanitizer for user-written rich text. Everything stored as HTML passes through here
 * on the way in; views then print it with `sanitizedHtml()`. Empty paragraphs and list items are then
 * dropped and page breaks moved out of lists (sanitize-tidy.ts).
 */
export function sanitizeRichText(html: string): string {
  const clean = sanitizer()(html, {
    allowedTags: [
      'p',
      'br',
      'h2',
      'h3',
      'h4',
      'ul',
      'ol',
      'li',
      'a',
      'img',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'caption',
      'blockquote',
      'strong',
      'b',
      'em',
      'i',
      'u',
      's',
      'sub',
      'sup',
      'hr',
      'figure',
      'figcaption',
      'code',
      'pre',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'width', 'height'],
      hr: ['class'],
      ol: ['start', 'reversed'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
    },
    allowedClasses: { hr: ['pagebreak'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    // Images only from the site's own uploads, by a well-formed path: `/uploads/../news/5.html` would make
    // every reader's browser request (and count a view of) another page.
    exclusiveFilter: (frame) => frame.tag === 'img' && !isStoredFileUrl(frame.attribs.src ?? ''),
    transformTags: {
      // A numbered list that continues another (start="4") keeps its numbering; only a plain number is kept.
      ol: (tagName, attribs) => {
        const kept: Record<string, string> = {};
        if (attribs.start !== undefined && /^\d{1,6}$/.test(attribs.start.trim())) kept.start = String(Number(attribs.start.trim()));
        if (attribs.reversed !== undefined) kept.reversed = 'reversed';
        return { tagName, attribs: kept };
      },
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener', ...(attribs.target ? { target: '_blank' } : {}) } }),
    },
  });
  return tidySanitized(clean);
}

/** Plain text of an HTML fragment (for descriptions, feeds and search). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<\/(p|h[1-6]|li|tr|blockquote|div)>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}
