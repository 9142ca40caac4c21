import { z } from 'zod';
import { isStoredFileUrl } from '../../platform/storage/index.ts';
import { t } from '../../strings/index.ts';
import { normalizeMetaKeywords } from '../../platform/text/meta-keywords.ts';

export const STATUSES = ['draft', 'pending', 'published', 'rejected', 'deleted'] as const;
export type ArticleStatus = (typeof STATUSES)[number];
/** Statuses a write may set: `deleted` is reached only by deleting (DELETE, the console's confirmed action). */
export const INPUT_STATUSES = ['draft', 'pending', 'published', 'rejected'] as const;

/** The site's time zone: Asia/Shanghai, UTC+8 all year (no daylight saving). */
const SITE_OFFSET_MINUTES = 8 * 60;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const DATE_MESSAGE = t.errors.article.date;

/**
 * An ISO 8601 date (`2026-11-27`) or date-time (`2026-11-27T08:05`, seconds and fraction optional, `T`
 * or a space) as a UTC instant (`toISOString`), or undefined when malformed or not on the calendar
 * (2026-02-30, 24:00, offset +25:00). Without an offset it is the site's time (+08:00): a date alone
 * is the start of that day there, never the server's own zone.
 */
export function parseSiteInstant(s: string): string | undefined {
  const m = ISO_RE.exec(s);
  if (!m) return undefined;
  const [y, mo, d, hh = 0, mi = 0, ss = 0] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const zone = m[8];
  if (mo! < 1 || mo! > 12 || d! < 1 || hh > 23 || mi > 59 || ss > 59) return undefined;
  const t = new Date(0);
  t.setUTCFullYear(y!, mo! - 1, d!);
  if (t.getUTCMonth() !== mo! - 1) return undefined; // 02-30 rolled over into March
  let offset = SITE_OFFSET_MINUTES;
  if (zone && zone.toUpperCase() === 'Z') offset = 0;
  else if (zone) {
    const oh = Number(zone.slice(1, 3));
    const om = zone.length > 3 ? Number(zone.slice(-2)) : 0;
    if (oh > 23 || om > 59) return undefined;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  t.setUTCHours(hh, mi, ss, ms);
  const iso = new Date(t.getTime() - offset * 60_000).toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

/** Parsed to the UTC instant it names (what is stored and returned). */
const isoDate = z
  .string()
  .max(40, DATE_MESSAGE)
  .transform((s, ctx) => parseSiteInstant(s) ?? (ctx.addIssue({ code: 'custom', message: DATE_MESSAGE }), z.NEVER))
  .describe('ISO 8601 date or date-time; without an offset it is China time (+08:00); stored and returned in UTC');

const NO_SPACE_OR_BACKSLASH = /^[^\s\\]*$/;
/** A link: an http(s) URL with a host, or a path on this site; never `//host` or `/\host` (browsers read both as another host). */
export function isSafeLink(s: string): boolean {
  return NO_SPACE_OR_BACKSLASH.test(s) && /^(https?:\/\/[^/?#]+([/?#].*)?|\/(?![/\\]).*)$/i.test(s);
}
const link = z
  .string()
  .max(500)
  .refine((s) => s === '' || isSafeLink(s), { message: t.errors.article.link });
/**
 * A cover is a picture uploaded to this site, or an absolute http(s) URL: covers are set by staff (the
 * API, import, the editor; members upload theirs), and a site moving here often keeps its pictures on a
 * CDN. Never a protocol-relative or backslashed URL, nor another page of this site.
 */
const cover = z
  .string()
  .max(500)
  .refine((s) => s === '' || isStoredFileUrl(s) || /^https?:\/\/[^/?#\s\\]+\/[^\s\\]*$/i.test(s), {
    message: t.errors.article.cover,
  });

/** An http(s) URL with a host (跳转链接: never a site path, `//host` or `/\\host`). */
export function isHttpUrl(s: string): boolean {
  return /^https?:\/\//i.test(s) && isSafeLink(s) && URL.canParse(s);
}
const redirectUrl = z
  .string()
  .trim()
  .max(500, t.errors.article.redirectUrlTooLong)
  .refine((s) => s === '' || isHttpUrl(s), { message: t.errors.article.redirectUrl })
  .describe('跳转链接: an http(s) URL the article page answers with a 302 (desktop and mobile); empty for none');

/** Meta keywords saved as "a, b" (platform/text/meta-keywords.ts, the rule of the site's 首页关键词 too). */
export function normalizeKeywords(raw: string): string {
  return normalizeMetaKeywords(stripInvisible(raw));
}

/**
 * Characters that show nothing: zero-width spaces and joiners, the word joiner and invisible operators,
 * the byte-order mark, soft hyphen, bidi controls, and control characters other than tab and line breaks.
 * A title of only these looks empty and must count as empty; a tag with one is a different, junk tag.
 */
export const INVISIBLE_RE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

/** `s` without invisible characters (INVISIBLE_RE). */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE_RE, '');
}

/** Characters a tag may not hold: tags become page names and links, never markup. */
export const TAG_MARKUP_RE = /[<>"`\\]/;
export const TAG_MARKUP_MESSAGE: string = t.errors.article.tagMarkup;

/** A text field: invisible characters go before trimming and the other checks. */
const text = (schema: z.ZodString) => z.preprocess((v) => (typeof v === 'string' ? stripInvisible(v) : v), schema);

const tag = text(z.string().trim().min(1, t.errors.article.tagEmpty).max(32, t.errors.article.tagTooLong)).refine((s) => !TAG_MARKUP_RE.test(s), {
  message: TAG_MARKUP_MESSAGE,
});

const fields = {
  title: text(z.string().trim().min(1, t.errors.article.titleEmpty).max(200, t.errors.article.titleTooLong)),
  subtitle: text(z.string().trim().max(200, t.errors.article.subtitleTooLong)),
  summary: text(z.string().trim().max(500, t.errors.article.summaryTooLong)),
  body: z.string().min(1, t.errors.bodyEmpty).max(500_000, t.errors.article.bodyTooLong),
  category: z.string().min(1, t.errors.article.categoryRequired),
  tags: z.array(tag).max(20, t.errors.article.tooManyTags),
  author: z.string().trim().min(2, t.errors.article.authorTooShort).max(32, t.errors.article.authorTooLong),
  source: text(z.string().trim().max(100, t.errors.article.sourceTooLong)),
  sourceUrl: link,
  original: z.boolean(),
  status: z.enum(INPUT_STATUSES, { message: t.errors.article.status }),
  recommendLevel: z.number().int().min(0).max(3),
  verified: z.boolean(),
  /** null: no date (an unpublished article loses its date; a published one keeps its own or gets the current time). */
  publishedAt: isoDate.nullable(),
  cover,
  keywords: z
    .string()
    .max(1000, t.errors.article.keywordsTooLong)
    .transform(normalizeKeywords)
    .pipe(z.string().max(100, t.errors.article.keywordsTooLong))
    .describe('SEO 关键词 (meta keywords), one string: words separated by commas, 、, ； or spaces, saved as "a, b" (at most 100 characters); empty: the tags'),
  description: text(z.string().trim().max(200, t.errors.article.descriptionTooLong))
    .transform((s) => s.replace(/\s+/g, ' '))
    .describe('SEO 描述 (meta description, og:description), plain text, at most 200 characters; empty: the summary, else the start of the body'),
  allowComments: z.boolean().describe('允许评论: false closes the comment form of this article (existing comments stay visible)'),
  redirectUrl,
};

/** An article as the API and import accept it. `author` is a username, created as a member if new. */
export const ArticleInputSchema = z
  .object({
    ...fields,
    subtitle: fields.subtitle.default(''),
    summary: fields.summary.default(''),
    tags: fields.tags.default([]),
    source: fields.source.default(''),
    sourceUrl: fields.sourceUrl.default(''),
    original: fields.original.default(false),
    status: fields.status.default('published'),
    recommendLevel: fields.recommendLevel.default(0),
    verified: fields.verified.default(false),
    publishedAt: fields.publishedAt.optional(),
    cover: fields.cover.default(''),
    keywords: fields.keywords.default(''),
    description: fields.description.default(''),
    allowComments: fields.allowComments.default(true),
    redirectUrl: fields.redirectUrl.default(''),
  })
  .strict();

export type ArticleInput = z.infer<typeof ArticleInputSchema>;
/** A partial update: absent fields keep their value (no defaults here). */
export const ArticlePatchSchema = z.object(fields).partial().strict();
export type ArticlePatch = z.infer<typeof ArticlePatchSchema>;
