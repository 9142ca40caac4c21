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

/**
 * The body split at the editor's page breaks (`<hr class="pagebreak">`), each page balanced on its own:
 * elements still open at a break are closed there and opened again at the top of the next page (a bold
 * phrase or a link crossing a break would otherwise run on into the disclaimer, comments and pager).
 * Pages with nothing to read (only whitespace or tags) are dropped. The body is sanitized on the way in;
 * split pages are printed again from the parse, every text and attribute escaped.
 */
export function splitPages(body: string): string[] {
  if (!PAGEBREAK.test(body)) return [body.trim()];
  const pages: string[] = [];
  const stack: Array<{ name: string; tag: string }> = [];
  let out = '';
  let hasContent = false;
  const endPage = () => {
    if (hasContent) pages.push(out.trim());
  };
  const parser = new (htmlparser2().Parser)(
    {
      onopentag(name, attribs) {
        if (name === 'hr' && (attribs.class ?? '').split(/\s+/).includes('pagebreak')) {
          out += stack
            .map((o) => `</${o.name}>`)
            .reverse()
            .join('');
          endPage();
          out = stack.map((o) => o.tag).join('');
          hasContent = false;
          return;
        }
        const tag = `<${name}${Object.entries(attribs)
          .map(([k, v]) => ` ${k}="${escAttr(v)}"`)
          .join('')}>`;
        out += tag;
        if (name === 'img' || name === 'hr') hasContent = true;
        if (!VOID.has(name)) stack.push({ name, tag });
      },
      onclosetag(name) {
        if (VOID.has(name)) return;
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
