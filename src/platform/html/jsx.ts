/**
 * A tiny server-side JSX runtime that escapes every interpolation.
 * Raw markup enters only through `SafeHtml` values, made by this module's helpers:
 * `sanitizedHtml` (output of the sanitizer, stored that way), `jsonForScript` and `placeholder`.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Child = SafeHtml | string | number | boolean | null | undefined | Child[];
type Props = Record<string, unknown> & { children?: Child };
export type Component<P = Record<string, unknown>> = (props: P & { children?: Child }) => SafeHtml;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const ESC_RE = /[&<>"']/g;

export function escapeHtml(s: string): string {
  return ESC_RE.test(s) ? ((ESC_RE.lastIndex = 0), s.replace(ESC_RE, (c) => ESC[c] as string)) : s;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

function renderChild(c: Child, out: string[]): void {
  if (c === null || c === undefined || c === false || c === true) return;
  if (c instanceof SafeHtml) out.push(c.value);
  else if (Array.isArray(c)) for (const x of c) renderChild(x, out);
  else out.push(escapeHtml(String(c)));
}

function renderAttrs(props: Props | null): string {
  if (!props) return '';
  let s = '';
  for (const key in props) {
    if (key === 'children') continue;
    const v = props[key];
    if (v === null || v === undefined || v === false) continue;
    const name = key === 'className' ? 'class' : key === 'htmlFor' ? 'for' : key;
    if (v === true) s += ` ${name}`;
    else s += ` ${name}="${escapeHtml(String(v))}"`;
  }
  return s;
}

export function h(tag: string | Component<any>, props: Props | null, ...children: Child[]): SafeHtml {
  if (typeof tag === 'function') {
    return tag({ ...(props ?? {}), children: children.length === 1 ? children[0] : children });
  }
  const out: string[] = [`<${tag}${renderAttrs(props)}>`];
  if (VOID.has(tag)) return new SafeHtml(out[0] as string);
  renderChild(children, out);
  out.push(`</${tag}>`);
  return new SafeHtml(out.join(''));
}

export function Fragment(props: { children?: Child }): SafeHtml {
  const out: string[] = [];
  renderChild(props.children, out);
  return new SafeHtml(out.join(''));
}

export function render(c: Child): string {
  const out: string[] = [];
  renderChild(c, out);
  return out.join('');
}

/**
 * Marks HTML that went through the sanitizer on its way into the database (article bodies, static pages).
 * This is the one door for stored rich text; never pass anything else here.
 */
export function sanitizedHtml(storedSanitized: string): SafeHtml {
  return new SafeHtml(storedSanitized);
}

/** JSON for a <script type="application/ld+json"> element: `<`, `>` and `&` escaped so it cannot close the tag. */
export function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}

/** A marker the page cache replaces with a separately cached fragment (see platform/cache). */
export function placeholder(name: string): SafeHtml {
  if (!/^[a-z0-9:_-]+$/i.test(name)) throw new Error(`bad fragment name ${name}`);
  return new SafeHtml(`<!--#fragment:${name}-->`);
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    type Element = SafeHtml;
    interface IntrinsicElements {
      [name: string]: Record<string, unknown>;
    }
    interface ElementChildrenAttribute {
      children: unknown;
    }
  }
}
