/**
 * Tidying of sanitized rich text (the second half of `sanitizeRichText`):
 *
 * - Empty paragraphs go: a `<p>` with no text (whitespace, non-breaking and full-width spaces count as
 *   none) and no image, e.g. `<p></p>`, `<p> </p>`, `<p><br></p>`, `<p><strong> </strong></p>`. All of them,
 *   not "all but one": paragraph spacing comes from the stylesheet, so a blank paragraph only ever adds an
 *   uneven gap (pasted Word text, the caret line the editor's 分页 button leaves). A deliberate section
 *   break is an `<hr>`.
 * - A page break (`<hr class="pagebreak">`) inside a list item with nothing a reader sees after it in that
 *   item (the editor's 分页 button at the end of an item, followed by its caret line `<p><br></p>`) moves to
 *   just after the item, and out of the list when no item follows, so the next page does not open with an
 *   empty bullet (the page splitter closes and reopens the list there, numbering carried on). Likewise a
 *   break with nothing before it moves before the item. A break in the middle of an item's text stays:
 *   the splitter carries that item on to the next page. Adjacent breaks become one.
 * - List items left with nothing in them (no text, image or nested list) go.
 *
 * Works on sanitize-html's output only, which is regular: every `<` and `>` in text and attribute values is
 * escaped, void tags are written `<br />`, and every other tag is closed. So a tag is exactly
 * `<[^>]*>` and the output reuses the input's own bytes: what is not removed or moved is unchanged.
 */

interface Elem {
  name: string;
  open: string;
  close: string;
  children: Node[];
}
type Node = string | Elem;

const TOKEN = /<(\/?)([a-z][a-z0-9]*)\b[^>]*>|[^<]+/g;
const VOID = new Set(['br', 'hr', 'img']);
const BLANK = /^[\s\u00a0\u3000]*$/;
const LISTS = new Set(['ul', 'ol']);

function parse(html: string): Node[] {
  const root: Elem = { name: '', open: '', close: '', children: [] };
  const stack: Elem[] = [root];
  for (const m of html.matchAll(TOKEN)) {
    const top = stack[stack.length - 1] ?? root;
    const [tok, slash, name] = m;
    if (name === undefined) {
      top.children.push(tok);
    } else if (slash) {
      // Well-formed input: the close tag matches the innermost open element.
      const i = stack.map((e) => e.name).lastIndexOf(name);
      if (i <= 0) continue;
      const el = stack[i];
      if (el) el.close = tok;
      stack.length = i;
    } else {
      const el: Elem = { name, open: tok, close: '', children: [] };
      top.children.push(el);
      if (!VOID.has(name) && !tok.endsWith('/>')) stack.push(el);
    }
  }
  return root.children;
}

const render = (nodes: Node[]): string => nodes.map((n) => (typeof n === 'string' ? n : n.open + render(n.children) + n.close)).join('');

const isPageBreak = (n: Node): boolean => typeof n !== 'string' && n.name === 'hr' && /\bclass="[^"]*\bpagebreak\b/.test(n.open);

/** Text, an image, a rule that is not a page break, or (for list items) a nested list: something a reader sees. */
function hasSubstance(n: Node, listsCount: boolean): boolean {
  if (typeof n === 'string') return !BLANK.test(n.replace(/&nbsp;|&#160;|&#xa0;/gi, ' '));
  if (isPageBreak(n)) return false;
  if (n.name === 'img' || n.name === 'hr') return true;
  if (listsCount && LISTS.has(n.name)) return true;
  return n.children.some((c) => hasSubstance(c, listsCount));
}

const isEmpty = (n: Elem) => (n.name === 'p' && !hasSubstance(n, false)) || (n.name === 'li' && !hasSubstance(n, true));

interface Hoisted {
  before: Elem[];
  after: Elem[];
}

/**
 * Tidies `el`'s children; inside a list, returns the page breaks that must leave `el` because nothing a
 * reader sees follows them in it (they go after `el`) or precedes them (before `el`).
 */
function tidy(el: Elem, inList: boolean): Hoisted {
  const inside = inList || LISTS.has(el.name) || el.name === 'li';
  const kids: Node[] = [];
  const lastIsBreak = () => {
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k === undefined || (typeof k === 'string' && BLANK.test(k))) continue;
      return isPageBreak(k);
    }
    return false;
  };
  const pushBreak = (b: Elem) => {
    if (!lastIsBreak()) kids.push(b);
  };
  for (const c of el.children) {
    if (typeof c === 'string') kids.push(c);
    else if (isPageBreak(c)) pushBreak(c);
    else {
      const h = tidy(c, inside);
      h.before.forEach(pushBreak);
      if (!isEmpty(c)) kids.push(c);
      h.after.forEach(pushBreak);
    }
  }
  el.children = kids;
  const hoisted: Hoisted = { before: [], after: [] };
  if (!inside) return hoisted;
  const seen = kids.map((k) => hasSubstance(k, true));
  const first = seen.indexOf(true);
  const last = seen.lastIndexOf(true);
  el.children = kids.filter((k, i) => {
    if (typeof k === 'string' || !isPageBreak(k)) return true;
    if (first >= 0 && i < first) hoisted.before.push(k);
    else if (i > last) hoisted.after.push(k);
    else return true;
    return false;
  });
  return hoisted;
}

/** Drops empty paragraphs and list items, moves page breaks to list-item boundaries (see the file comment). */
export function tidySanitized(html: string): string {
  if (!/<p>|<li>|pagebreak/.test(html)) return html;
  const root: Elem = { name: '', open: '', close: '', children: parse(html) };
  tidy(root, false);
  return render(root.children);
}
