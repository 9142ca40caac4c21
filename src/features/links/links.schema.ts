import { z } from 'zod';
import { format, t } from '../../strings/index.ts';

export const LINK_STATUSES = ['pending', 'approved', 'rejected', 'hidden'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];
export const LINK_KINDS = ['text', 'image'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const NAME_MAX = 30;
export const URL_MAX = 300;
export const DESCRIPTION_MAX = 100;
export const CONTACT_MAX = 100;
export const NOTE_MAX = 300;

const l = t.links;

/** The longest host name and label DNS allows (the `host` column holds 255). */
const HOST_MAX = 253;
const LABEL_MAX = 63;

/**
 * A friend link's address: an absolute http(s) URL with a host name (no user:password, no bare word
 * like `localhost`), returned as the URL parser writes it. Anything else (javascript:, ftp:, data:, a
 * relative path) is `invalid`: the address ends up in an href on every home page. The parser already
 * lower-cases the host, maps full-width letters and 。 to ASCII, decodes `%2E` and writes an IDN as
 * punycode, and `hostname` never has the port; trailing dots (the DNS root: the same host) it keeps, so
 * they are dropped here, from the stored address too. The stored address is the parser's, with non-ASCII
 * percent-encoded (one 中 is 9 characters): longer than URL_MAX is `long`, whatever was typed.
 */
export function parseSiteUrl(raw: string): { url: string; host: string } | 'invalid' | 'long' {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'invalid';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'invalid';
  if (u.username || u.password) return 'invalid';
  const hostname = u.hostname.replace(/\.+$/, '');
  if (!hostname.includes('.') || hostname.startsWith('.') || hostname.includes('..')) return 'invalid';
  if (hostname.length > HOST_MAX || hostname.split('.').some((label) => label.length > LABEL_MAX)) return 'invalid';
  if (hostname !== u.hostname) {
    u.hostname = hostname;
    if (u.hostname !== hostname) return 'invalid';
  }
  if (u.href.length > URL_MAX) return 'long';
  return { url: u.href, host: siteHost(hostname) };
}

/** The host two addresses of one site share: lower case, without trailing dots or a leading `www.`. */
export function siteHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/\.+$/, '')
    .replace(/^www\./, '');
}

// What is checked is what is stored: control characters (a NUL cannot be stored on PostgreSQL), direction
// overrides and invisible marks go, a lone surrogate becomes U+FFFD (as the drivers would write it), line
// breaks become spaces in one-line fields; then the text is trimmed and measured.
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const cleanText = (s: string) => s.replace(INVISIBLE, '').replace(LONE_SURROGATE, '\ufffd');
const oneLine = (s: string) => cleanText(s.replace(/[\t\r\n]+/g, ' '));
const multiLine = (s: string) => cleanText(s.replace(/\r\n?/g, '\n'));

/** A required one-line field: `missing` when absent or blank. */
const line = (missing: string, max: number, long: string) =>
  z
    .string({ error: missing })
    .overwrite(oneLine)
    .trim()
    .min(1, missing)
    .max(max, format(long, { n: max }));

/** An optional one-line field. */
const text = (max: number, long: string) =>
  z
    .string()
    .overwrite(oneLine)
    .trim()
    .max(max, format(long, { n: max }))
    .default('');

const name = line(l.errName, NAME_MAX, l.errNameLong);

const url = z
  .string({ error: l.errUrl })
  .trim()
  .min(1, l.errUrl)
  .max(URL_MAX, format(l.errUrlLong, { n: URL_MAX }))
  .transform((v, ctx) => {
    const parsed = parseSiteUrl(v);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed === 'long' ? format(l.errUrlLongEncoded, { n: URL_MAX }) : l.errUrlInvalid });
      return z.NEVER;
    }
    return parsed;
  });

const note = z
  .string()
  .overwrite(multiLine)
  .trim()
  .max(NOTE_MAX, format(l.errNoteLong, { n: NOTE_MAX }))
  .default('');

/** 申请友情链接 as a visitor sends it: contact is required, so staff can answer. */
export const ApplicationSchema = z.object({
  name,
  url,
  description: text(DESCRIPTION_MAX, l.errDescriptionLong),
  contact: line(l.errContact, CONTACT_MAX, l.errContactLong),
  note,
});
export type Application = z.output<typeof ApplicationSchema>;

/** The admin form: everything, contact optional. */
export const LinkFormSchema = z.object({
  name,
  url,
  description: text(DESCRIPTION_MAX, l.errDescriptionLong),
  contact: text(CONTACT_MAX, l.errContactLong),
  note,
  kind: z.enum(LINK_KINDS, { error: l.errKind }),
  status: z.enum(LINK_STATUSES, { error: l.errStatus }),
  sortOrder: z
    .string()
    .trim()
    .default('0')
    .transform((v) => (v === '' ? '0' : v))
    .pipe(z.string().regex(/^-?\d{1,4}$/, l.errSortOrder))
    .transform(Number),
  removeLogo: z.literal('1').optional(),
});
export type LinkForm = z.output<typeof LinkFormSchema>;

/** A sort order typed in the list (保存排序): the same range as the form's. */
export function parseSortOrder(v: string | undefined): number | undefined {
  const s = (v ?? '').trim();
  return /^-?\d{1,4}$/.test(s) ? Number(s) : undefined;
}
