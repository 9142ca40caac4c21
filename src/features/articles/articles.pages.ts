import { createRequire } from 'node:module';
import type * as Htmlparser2 from 'htmlparser2';

/** Cheap test before any parsing: most bodies have no page break and are returned as they are. */
const PAGEBREAK = /<hr\b[^>]*\bpagebreak\b/i;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

// htmlparser2 (a dependency of sanitize-html) is loaded on the first body with a page break, not at start-up.
let htmlparser2Lib: typeof Htmlparser2 | undefined;
const htmlparser2 = () => (htmlparser2Lib ??= createRequire(import.meta.url)('htmlparser2') as typeof Htmlparser2);

const escText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escAttr = (s: string) => escText(s).replace(/"/g, '&quot;');

// The sanitizer's allow-list (platform/html/sanitize.ts sanitizeRichText), mirrored: a split page re-emits
// only these tags and attributes, so markup that skipped the sanitizer (an old row, a bad import) is not
// printed as it came. Keep the two lists together when one changes.
const ALLOWED_TAGS = new Set(
  'p br h2 h3 h4 ul ol li a img table thead tbody tr th td caption blockquote strong b em i u s sub sup hr figure figcaption code pre'.split(' '),
);
const ALLOWED_ATTRS: Record<string, readonly string[]> = {
  a: ['href', 'title', 'rel', 'target'],
  img: ['src', 'alt', 'width', 'height'],
  hr: ['class'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  ol: ['start'],
};
// Elements whose text is not text to read (sanitize-html drops it with the tag).
const DROP_CONTENT = new Set(['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object']);
const UNSAFE_URL = /^\s*(?:javascript|vbscript|data):/i;

function attrsOf(name: string, attribs: Record<string, string>): string {
  const allowed = ALLOWED_ATTRS[name] ?? [];
  return Object.entries(attribs)
    .filter(([k, v]) => allowed.includes(k) && !((k === 'href' || k === 'src') && UNSAFE_URL.test(v)))
    .map(([k, v]) => ` ${k}="${escAttr(v)}"`)
    .join('');
}

interface Open {
  name: string;
  tag: string;
  /** `ol`: the number of its first item, and how many items were opened in it so far. */
  start?: number;
  items?: number;
}

/**
 * The body split at the editor's page breaks (`<hr class="pagebreak">`), each page balanced on its own:
 * elements still open at a break are closed there and opened again at the top of the next page (a bold
 * phrase or a link crossing a break would otherwise run on into the disclaimer, comments and pager).
 * Pages with nothing to read (only whitespace or tags) are dropped.
 *
 * Relies on sanitized input (bodies pass sanitizeRichText on every write); split pages are printed again
 * from the parse with only the sanitizer's tags and attributes, every text and attribute escaped, so an
 * unsanitized `<script>` is dropped rather than re-emitted. A numbered list reopened on the next page
 * continues its numbering (`start`); a list item reopened only to hold a nested list that continues is
 * printed without its own marker.
 */
export function splitPages(body: string): string[] {
  if (!PAGEBREAK.test(body)) return [body.trim()];
  const pages: string[] = [];
  const stack: Open[] = [];
  let out = '';
  let hasContent = false;
  let dropDepth = 0;
  const endPage = () => {
    if (hasContent) pages.push(out.trim());
  };
  const reopen = () =>
    stack
      .map((o, i) => {
        if (o.name === 'ol') {
          // The item the break fell in carries on (same number); after a closed item, the next one.
          const inItem = stack[i + 1]?.name === 'li';
          const n = (o.start ?? 1) + (o.items ?? 0) - (inItem ? 1 : 0);
          return n === 1 ? o.tag.replace(/ start="[^"]*"/, '') : o.tag.replace(/^<ol(?: start="[^"]*")?/, `<ol start="${n}"`);
        }
        // An item whose own text ended on the last page and that only goes on with a nested list: no empty bullet.
        const next = stack[i + 1]?.name;
        if (o.name === 'li' && (next === 'ul' || next === 'ol')) return '<li style="list-style-type:none">';
        return o.tag;
      })
      .join('');
  const parser = new (htmlparser2().Parser)(
    {
      onopentag(name, attribs) {
        if (DROP_CONTENT.has(name)) dropDepth++;
        if (dropDepth || !ALLOWED_TAGS.has(name)) return;
        if (name === 'hr' && (attribs.class ?? '').split(/\s+/).includes('pagebreak')) {
          out += stack
            .map((o) => `</${o.name}>`)
            .reverse()
            .join('');
          endPage();
          out = reopen();
          hasContent = false;
          return;
        }
        const tag = `<${name}${attrsOf(name, attribs)}>`;
        out += tag;
        if (name === 'img' || name === 'hr') hasContent = true;
        if (VOID.has(name)) return;
        if (name === 'li') {
          const list = stack[stack.length - 1];
          if (list?.name === 'ol') list.items = (list.items ?? 0) + 1;
        }
        const start = name === 'ol' ? Number.parseInt(attribs.start ?? '1', 10) : undefined;
        stack.push({ name, tag, ...(start !== undefined ? { start: Number.isFinite(start) ? start : 1, items: 0 } : {}) });
      },
      onclosetag(name) {
        if (DROP_CONTENT.has(name)) {
          dropDepth = Math.max(0, dropDepth - 1);
          return;
        }
        if (dropDepth || VOID.has(name)) return;
        for (let i = stack.length - 1; i >= 0; i--) {
          if (stack[i]?.name !== name) continue;
          out += stack
            .slice(i)
            .map((o) => `</${o.name}>`)
            .reverse()
            .join('');
          stack.length = i;
          return;
        }
      },
      ontext(text) {
        if (dropDepth) return;
        out += escText(text);
        if (!hasContent && /\S/.test(text)) hasContent = true;
      },
    },
    { decodeEntities: true },
  );
  parser.end(body);
  endPage();
  return pages.length ? pages : [''];
}
