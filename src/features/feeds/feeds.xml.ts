/**
 * A small XML builder for feeds and sitemaps that escapes by default, like the HTML views: text and
 * attribute values are escaped; markup enters only as `Xml` values built here.
 */
export class Xml {
  constructor(readonly value: string) {}
}

export type XmlChild = Xml | string | number | null | undefined | false | XmlChild[];

// Characters XML 1.0 forbids (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). A stray
// one in a title would make the whole document unparseable, so they are dropped.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function stripInvalidXmlChars(s: string): string {
  return s.replace(INVALID_XML_CHARS, '');
}

export function escapeXml(s: string): string {
  return stripInvalidXmlChars(s).replace(/[&<>"']/g, (c) => ESC[c] as string);
}

const PLAIN: Record<string, string> = { '&': '&#x26;', '<': '&#x3C;', '>': '&#x3E;' };

/**
 * Plain text for RSS elements that are not HTML (titles, names, categories). RSS does not say whether a
 * title may hold HTML and readers differ; the RSS Advisory Board's Best Practices Profile asks for `&`,
 * `<` and `>` as the hexadecimal references `&#x26;` `&#x3C;` `&#x3E;`, which the widest range of readers
 * show literally instead of interpreting as markup (an entity-escaped `&lt;b&gt;` is made bold by some).
 */
export function plainText(s: string): Xml {
  return new Xml(stripInvalidXmlChars(s).replace(/[&<>]/g, (c) => PLAIN[c] as string));
}

function renderChild(c: XmlChild, out: string[]): void {
  if (c === null || c === undefined || c === false) return;
  if (c instanceof Xml) out.push(c.value);
  else if (Array.isArray(c)) for (const x of c) renderChild(x, out);
  else out.push(escapeXml(String(c)));
}

/** `<name attrs>children</name>`; undefined attributes are left out; no children gives `<name/>`. */
export function el(name: string, attrs: Record<string, string | number | undefined> | null, ...children: XmlChild[]): Xml {
  let a = '';
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== undefined) a += ` ${k}="${escapeXml(String(v))}"`;
  const out: string[] = [];
  renderChild(children, out);
  return new Xml(out.length ? `<${name}${a}>${out.join('')}</${name}>` : `<${name}${a}/>`);
}

/**
 * Text in a CDATA section. `]]>` would end the section early, so it is split across two sections
 * (`]]` + `>`); `<!--#` is split the same way so stored text can never look like a page-cache
 * fragment marker. Parsers join adjacent sections back into the original text.
 */
export function cdata(text: string): Xml {
  const safe = stripInvalidXmlChars(text).replace(/\]\]>/g, ']]]]><![CDATA[>').replace(/<!--#/g, '<!--]]><![CDATA[#');
  return new Xml(`<![CDATA[${safe}]]>`);
}

export function xmlDocument(root: Xml): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.value}\n`;
}

/** RFC 822 date-time for RSS (`Fri, 27 Nov 2026 08:00:00 GMT`). */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

/** RFC 3339 / W3C Datetime in UTC without milliseconds (Atom, sitemaps). */
export function w3cDate(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The later of two ISO 8601 UTC timestamps (they compare as strings). */
export function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}
