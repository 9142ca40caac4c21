import { z } from 'zod';
import { format, t } from '../../strings/index.ts';

export const REASONS = ['false_info', 'infringement', 'obscene', 'advert', 'illegal', 'other'] as const;
export type Reason = (typeof REASONS)[number];
export const REPORT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const DESCRIPTION_MAX = 1000;
export const URL_MAX = 500;
export const NOTE_MAX = 1000;
/** The reason the author is told (站内信, the log-in page when banned); the ban reason column holds 200. */
export const AUTHOR_REASON_MAX = 150;

/** What a report is about. A URL report names any http(s) page; our own article URLs become article reports. */
export type ReportTarget = { type: 'article'; id: number } | { type: 'comment'; id: number } | { type: 'url'; url: string };

const ID_RE = /^[1-9]\d{0,9}$/;

/** A target id from a query string or hidden field; undefined when absent, null when malformed. */
export function parseId(v: unknown): number | undefined | null {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !ID_RE.test(v) || Number(v) > 2_147_483_647) return null;
  return Number(v);
}

export const ReportFieldsSchema = z
  .object({
    reason: z.enum(REASONS, { error: t.reports.errReason }),
    description: z
      .string()
      .trim()
      .max(DESCRIPTION_MAX, format(t.reports.errDescriptionLong, { n: DESCRIPTION_MAX }))
      .default(''),
  })
  .superRefine((v, ctx) => {
    if (v.reason === 'other' && !v.description) ctx.addIssue({ code: 'custom', path: ['description'], message: t.reports.errDescriptionRequired });
  });

/**
 * The URL of a footer report: an absolute http(s) URL of one of this site's hosts (`siteHosts`, as
 * `URL#host` spells them), without credentials or whitespace. Editors can act only on this site's
 * pages, so another site's URL is refused with a message saying what to report instead (a copy of
 * someone's work here is reported on our page, the original named in the description). URLs of this
 * site's article pages are turned into article reports by the service so they group with the rest.
 */
export function checkReportUrl(raw: string, siteHosts: string[]): { ok: true; url: string } | { ok: false; message: string } {
  const s = raw.trim();
  if (!s) return { ok: false, message: t.reports.errUrlRequired };
  if (s.length > URL_MAX) return { ok: false, message: format(t.reports.errUrlLong, { n: URL_MAX }) };
  if (!/^https?:\/\/[^\s]+$/i.test(s)) return { ok: false, message: t.reports.errUrl };
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return { ok: false, message: t.reports.errUrl };
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname || u.username || u.password) return { ok: false, message: t.reports.errUrl };
  if (!siteHosts.includes(u.host.toLowerCase())) return { ok: false, message: t.reports.errUrlOffSite };
  return { ok: true, url: u.href };
}

/** The article a URL of this site shows (`/news/12.html`, `/mobile/news/12_2.html`), if any. */
export function articleIdFromUrl(url: string, siteHosts: string[]): number | undefined {
  return contentFromUrl(url, siteHosts)?.articleId;
}

/**
 * What a URL of this site shows: an article page (`/news/12.html`, `/mobile/news/12_2.html`), or its
 * comment pages (`/news/12/comments`, `/mobile/news/12/comments`, `…/comments/write`), with the comment a
 * `#c34` anchor names (the caller checks that it belongs to the article).
 */
export function contentFromUrl(url: string, siteHosts: string[]): { articleId: number; commentId?: number } | undefined {
  const u = new URL(url);
  if (!siteHosts.includes(u.host.toLowerCase())) return undefined;
  const m =
    /^\/(?:mobile\/)?news\/([1-9]\d{0,9})(?:_\d{1,3})?\.html$/.exec(u.pathname) ??
    /^\/(?:mobile\/)?news\/([1-9]\d{0,9})\/comments(?:\/write)?\/?$/.exec(u.pathname);
  if (!m) return undefined;
  const articleId = Number(m[1]);
  const c = /^#c([1-9]\d{0,9})$/.exec(u.hash);
  const commentId = c ? Number(c[1]) : undefined;
  return commentId !== undefined && commentId <= 2_147_483_647 ? { articleId, commentId } : { articleId };
}

/**
 * A decision on a report group. `note` is written to the reporters only (it may name them); `reason`
 * is what the content's author is told, and is required for a ban (it is shown on the log-in page;
 * the service checks that, with the other rules about actions).
 */
export const ResolveSchema = z.object({
  decision: z.enum(['resolve', 'dismiss']),
  /**
   * The newest open report the moderator was shown (a hidden field of the form, carried through the
   * confirmation step): the decision closes the group's open reports up to it, never one filed since.
   */
  upTo: z
    .string({ error: t.reports.errUpTo })
    .regex(ID_RE, t.reports.errUpTo)
    .refine((v) => Number(v) <= 2_147_483_647, t.reports.errUpTo)
    .transform(Number),
  hide: z.literal('1').optional(),
  warn: z.literal('1').optional(),
  ban: z.literal('1').optional(),
  note: z
    .string()
    .trim()
    .max(NOTE_MAX, format(t.reports.errNoteLong, { n: NOTE_MAX }))
    .default(''),
  reason: z
    .string()
    .trim()
    .max(AUTHOR_REASON_MAX, format(t.reports.errAuthorReasonLong, { n: AUTHOR_REASON_MAX }))
    .default(''),
});
export type ResolveInput = z.infer<typeof ResolveSchema>;
