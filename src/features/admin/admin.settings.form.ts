import { z } from 'zod';
import type { FormErrors } from '../../platform/html/forms.tsx';
import { check } from '../../platform/validation.ts';
import { ANALYTICS_MAX, type Settings } from '../settings/index.ts';
import { format } from '../../strings/index.ts';
import { isSafeUrl, s } from './admin.shared.tsx';

/** Empty rows offered under the footer links so links can be added without JavaScript. */
export const SPARE_ROWS = 3;
const MAX_LINKS = 30;

export interface LinkRow {
  label: string;
  href: string;
}

/** The settings form as typed: text fields, footer link rows and the switches. */
export interface SettingsFormValues {
  text: Record<TextKey, string>;
  links: LinkRow[];
  commentsEnabled: boolean;
  guestComments: boolean;
  submissionsEnabled: boolean;
  registrationOpen: boolean;
  commentModeration: string;
  guestbookNeedsApproval: boolean;
  bannedWordAction: string;
  siteClosed: boolean;
}

export const TEXT_KEYS = [
  'siteName',
  'tagline',
  'siteDescription',
  'seoKeywords',
  'logoUrl',
  'icpNumber',
  'icpUrl',
  'psbNumber',
  'copyright',
  'disclaimer',
  'closedMessage',
  'analyticsCode',
] as const;
export type TextKey = (typeof TEXT_KEYS)[number];
/** The settings with a fixed set of values, each value by the label the form's radio button shows. */
export const SETTING_CHOICES: Record<string, Record<string, string>> = {
  commentModeration: { pre: s.s.moderationPre, post: s.s.moderationPost },
  bannedWordAction: { hold: s.s.bannedHold, reject: s.s.bannedReject },
};
/** Text settings longer than this are named in the audit entry, not quoted. */
const AUDIT_TEXT_MAX = 40;
/** Settings whose text never goes into the audit log, only its length before and after (统计代码: a script). */
export const LENGTH_ONLY_KEYS = ['analyticsCode'] as const;
export const SWITCHES = ['commentsEnabled', 'guestComments', 'submissionsEnabled', 'registrationOpen', 'guestbookNeedsApproval'] as const;

const max = (n: number, what: string) => z.string().trim().max(n, format(s.e.maxChars, { what, n }));
const url = (n: number, what: string) => max(n, what).refine(isSafeUrl, s.e.url);

/** Stricter than the stored schema where the public pages need it: URLs must be http(s) or site paths. */
const TextSchema = z.object({
  siteName: max(50, s.s.siteName).min(1, format(s.e.notEmpty, { what: s.s.siteName })),
  tagline: max(100, s.s.tagline),
  siteDescription: max(300, s.s.siteDescription),
  seoKeywords: max(200, s.s.seoKeywords),
  logoUrl: url(300, s.s.logoUrl),
  icpNumber: max(50, s.s.icpNumber),
  icpUrl: url(300, s.s.icpUrl),
  psbNumber: max(50, s.s.psbNumber),
  copyright: max(200, s.s.copyright),
  disclaimer: max(1000, s.s.disclaimer),
  closedMessage: max(200, s.s.closedMessage),
  analyticsCode: max(ANALYTICS_MAX, s.s.analyticsCode),
});

export function valuesFromSettings(st: Settings): SettingsFormValues {
  const text = Object.fromEntries(TEXT_KEYS.map((k) => [k, st[k]])) as Record<TextKey, string>;
  return {
    text,
    links: st.footerLinks.map((l) => ({ label: l.label, href: l.href })),
    commentsEnabled: st.commentsEnabled,
    guestComments: st.guestComments,
    submissionsEnabled: st.submissionsEnabled,
    registrationOpen: st.registrationOpen,
    commentModeration: st.commentModeration,
    guestbookNeedsApproval: st.guestbookNeedsApproval,
    bannedWordAction: st.bannedWordAction,
    siteClosed: st.siteClosed,
  };
}

export function valuesFromForm(f: Record<string, string>): SettingsFormValues {
  const text = Object.fromEntries(TEXT_KEYS.map((k) => [k, f[k] ?? ''])) as Record<TextKey, string>;
  const links: LinkRow[] = [];
  for (let i = 0; i < MAX_LINKS + SPARE_ROWS; i++) {
    if (!(`footerLabel_${i}` in f) && !(`footerHref_${i}` in f)) continue;
    links.push({ label: f[`footerLabel_${i}`] ?? '', href: f[`footerHref_${i}`] ?? '' });
  }
  return {
    text,
    links,
    commentsEnabled: f.commentsEnabled === '1',
    guestComments: f.guestComments === '1',
    submissionsEnabled: f.submissionsEnabled === '1',
    registrationOpen: f.registrationOpen === '1',
    commentModeration: f.commentModeration ?? '',
    guestbookNeedsApproval: f.guestbookNeedsApproval === '1',
    bannedWordAction: f.bannedWordAction ?? '',
    siteClosed: f.siteClosed === '1',
  };
}

/**
 * The rows the form shows: what is stored or typed (positions kept, so messages stay on their row),
 * trailing empty rows dropped, then a few empty ones.
 */
export function rowsToShow(links: LinkRow[]): LinkRow[] {
  const rows = [...links];
  while (rows.length && !rows[rows.length - 1]?.label.trim() && !rows[rows.length - 1]?.href.trim()) rows.pop();
  const spare = Math.max(0, Math.min(SPARE_ROWS, MAX_LINKS + SPARE_ROWS - rows.length));
  return [...rows, ...Array.from({ length: spare }, () => ({ label: '', href: '' }))];
}

/** The full settings patch, or field messages keyed like the form's inputs (footer rows by position). */
export function patchFromValues(v: SettingsFormValues): { ok: true; patch: Settings } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const text = check(TextSchema, v.text);
  if (!text.ok) for (const [k, m] of Object.entries(text.fields)) errors[k.split('.')[0] as string] ??= m;
  const footerLinks: LinkRow[] = [];
  v.links.forEach((row, i) => {
    const label = row.label.trim();
    const href = row.href.trim();
    if (!label && !href) return;
    if (!label || !href) errors[`footerLabel_${i}`] = s.e.linkPair;
    else if (label.length > 20) errors[`footerLabel_${i}`] = s.e.linkLabel;
    else if (href.length > 300 || !isSafeUrl(href)) errors[`footerHref_${i}`] = s.e.url;
    else footerLinks.push({ label, href });
  });
  if (footerLinks.length > MAX_LINKS) errors.footerLinks = format(s.e.tooManyLinks, { n: MAX_LINKS });
  if (v.commentModeration !== 'pre' && v.commentModeration !== 'post') errors.commentModeration = s.e.required;
  if (v.bannedWordAction !== 'hold' && v.bannedWordAction !== 'reject') errors.bannedWordAction = s.e.required;
  if (Object.keys(errors).length || !text.ok) return { ok: false, errors };
  return {
    ok: true,
    patch: {
      ...text.data,
      footerLinks,
      commentsEnabled: v.commentsEnabled,
      guestComments: v.guestComments,
      submissionsEnabled: v.submissionsEnabled,
      registrationOpen: v.registrationOpen,
      commentModeration: v.commentModeration as Settings['commentModeration'],
      guestbookNeedsApproval: v.guestbookNeedsApproval,
      bannedWordAction: v.bannedWordAction as Settings['bannedWordAction'],
      siteClosed: v.siteClosed,
    },
  };
}

/**
 * The new values of the changed settings that read well in one line (switches, choices, short text),
 * for the audit entry: "评论开关 → 否" says more than "评论开关 changed". Text longer than AUDIT_TEXT_MAX
 * characters and lists are named only (in `changed`), never quoted in part.
 */
export function changedValues(after: Settings, keys: string[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const k of keys) {
    if ((LENGTH_ONLY_KEYS as readonly string[]).includes(k)) continue;
    const v = (after as unknown as Record<string, unknown>)[k];
    if (typeof v === 'boolean' || typeof v === 'number') out[k] = v;
    else if (typeof v === 'string' && [...v].length <= AUDIT_TEXT_MAX) out[k] = v;
  }
  return out;
}

/** Keys whose value a save changed (for the audit entry). */
export function changedKeys(before: Settings, after: Settings): string[] {
  return (Object.keys(after) as Array<keyof Settings>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** 统计代码 and the like: their length before and after a change, for the audit entry (never the text). */
export function changedLengths(before: Settings, after: Settings, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of LENGTH_ONLY_KEYS) if (keys.includes(k)) out[k] = `${[...before[k]].length} → ${[...after[k]].length}`;
  return out;
}
