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

/**
 * A friend link's address: an absolute http(s) URL with a host name (no user:password, no bare word
 * like `localhost`), returned as the URL parser writes it. Anything else (javascript:, ftp:, data:, a
 * relative path) is refused: the address ends up in an href on every home page.
 */
export function parseSiteUrl(raw: string): { url: string; host: string } | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  if (u.username || u.password) return undefined;
  const hostname = u.hostname.toLowerCase().replace(/\.$/, '');
  if (!hostname.includes('.') || hostname.startsWith('.') || hostname.includes('..')) return undefined;
  return { url: u.href, host: siteHost(hostname) };
}

/** The host two addresses of one site share: lower case, without a leading `www.`. */
export function siteHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^www\./, '');
}

const text = (max: number, long: string) =>
  z
    .string()
    .trim()
    .max(max, format(long, { n: max }))
    .default('');

const name = z
  .string({ error: l.errName })
  .trim()
  .min(1, l.errName)
  .max(NAME_MAX, format(l.errNameLong, { n: NAME_MAX }));

const url = z
  .string({ error: l.errUrl })
  .trim()
  .min(1, l.errUrl)
  .max(URL_MAX, format(l.errUrlLong, { n: URL_MAX }))
  .transform((v, ctx) => {
    const parsed = parseSiteUrl(v);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: l.errUrlInvalid });
      return z.NEVER;
    }
    return parsed;
  });

/** 申请友情链接 as a visitor sends it: contact is required, so staff can answer. */
export const ApplicationSchema = z.object({
  name,
  url,
  description: text(DESCRIPTION_MAX, l.errDescriptionLong),
  contact: z
    .string({ error: l.errContact })
    .trim()
    .min(1, l.errContact)
    .max(CONTACT_MAX, format(l.errContactLong, { n: CONTACT_MAX })),
  note: text(NOTE_MAX, l.errNoteLong),
});
export type Application = z.output<typeof ApplicationSchema>;

/** The admin form: everything, contact optional. */
export const LinkFormSchema = z.object({
  name,
  url,
  description: text(DESCRIPTION_MAX, l.errDescriptionLong),
  contact: text(CONTACT_MAX, l.errContactLong),
  note: text(NOTE_MAX, l.errNoteLong),
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
