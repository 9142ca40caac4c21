/**
 * A tiny server-side JSX runtime that escapes every interpolation.
 * Raw markup enters only through `SafeHtml` values, made by this module's helpers:
 * `sanitizedHtml` (output of the sanitizer, stored that way), `jsonForScript` and `placeholder`, and
 * through the literal parts of `markup` templates (code, like JSX tags; what they interpolate is escaped).
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
const ESC_TEST = /[&<>"']/;
const ESC_RE = /[&<>"']/g;
const escChar = (c: string) => ESC[c] as string;

export function escapeHtml(s: string): string {
  return ESC_TEST.test(s) ? s.replace(ESC_RE, escChar) : s;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** `out` with child `c` appended (strings are concatenated: V8 joins them once, when the page is encoded). */
function renderChild(c: Child, out: string): string {
  if (c === null || c === undefined || c === false || c === true) return out;
  if (typeof c === 'string') return out + escapeHtml(c);
  if (c instanceof SafeHtml) return out + c.value;
  if (typeof c === 'number') return out + String(c);
  if (Array.isArray(c)) {
    for (let i = 0; i < c.length; i++) out = renderChild(c[i] as Child, out);
    return out;
  }
  return out + escapeHtml(String(c));
}

function renderAttrs(props: Props): string {
  let s = '';
  for (const key in props) {
    if (key === 'children') continue;
    const v = props[key];
    if (v === null || v === undefined || v === false) continue;
    const name = key === 'className' ? 'class' : key === 'htmlFor' ? 'for' : key;
    if (v === true) s += ` ${name}`;
    else s += ` ${name}="${typeof v === 'number' ? v : escapeHtml(String(v))}"`;
  }
  return s;
}

/** One attribute with its leading space, printed exactly as JSX prints `name={value}` (for `markup` templates). */
export function attr(name: string, v: unknown): SafeHtml {
  if (v === null || v === undefined || v === false) return EMPTY;
  if (v === true) return new SafeHtml(` ${name}`);
  return new SafeHtml(` ${name}="${typeof v === 'number' ? v : escapeHtml(String(v))}"`);
}
const EMPTY = new SafeHtml('');

export function h(tag: string | Component<any>, props: Props | null, ...children: Child[]): SafeHtml {
  if (typeof tag === 'function') {
    // The JSX transform passes a fresh object literal (or null) as props: it is completed in place.
    const p: Props = props ?? {};
    p.children = children.length === 1 ? children[0] : children;
    return tag(p);
  }
  const open = props ? `<${tag}${renderAttrs(props)}>` : `<${tag}>`;
  if (VOID.has(tag)) return new SafeHtml(open);
  return new SafeHtml(renderChild(children, open) + `</${tag}>`);
}

/**
 * Markup from a template literal, for the hottest views (lists printed many times a page): the literal
 * parts are the markup, every interpolation is printed exactly as a JSX child is (strings escaped,
 * SafeHtml as is, numbers, nothing for null, undefined and booleans, arrays item by item). Quotes are
 * escaped too, so an interpolation may stand inside a quoted attribute value.
 */
export function markup(strings: TemplateStringsArray, ...values: Child[]): SafeHtml {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out = renderChild(values[i] as Child, out) + (strings[i + 1] as string);
  return new SafeHtml(out);
}

export function Fragment(props: { children?: Child }): SafeHtml {
  return new SafeHtml(renderChild(props.children, ''));
}

export function render(c: Child): string {
  return renderChild(c, '');
}

/**
 * Marks HTML that went through the sanitizer on its way into the database (article bodies, static pages).
 * This is the one door for stored rich text; never pass anything else here.
 */
export function sanitizedHtml(storedSanitized: string): SafeHtml {
  return new SafeHtml(storedSanitized);
}

const JSON_UNSAFE = /[<>&\u2028\u2029]/;
const JSON_UNSAFE_G = /[<>&\u2028\u2029]/g;
const JSON_ESC: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
const jsonEscChar = (c: string) => JSON_ESC[c] as string;

/** JSON for a <script type="application/ld+json"> element: `<`, `>` and `&` escaped so it cannot close the tag. */
export function jsonForScript(value: unknown): SafeHtml {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError('jsonForScript: nothing to print');
  return new SafeHtml(JSON_UNSAFE.test(json) ? json.replace(JSON_UNSAFE_G, jsonEscChar) : json);
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
