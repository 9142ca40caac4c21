import { z } from 'zod';
import { escapeHtml } from '../../platform/html/jsx.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { t } from '../../strings/index.ts';
import { stripInvisible, TAG_MARKUP_RE, type SubmissionFields } from '../articles/index.ts';

const s = t.submissions;

/** What the member typed, as strings, to fill the form again after an error. */
export interface FormValues {
  title: string;
  category: string;
  summary: string;
  body: string;
  tags: string;
  source: string;
  original: boolean;
}

export type RawForm = Record<string, string | string[] | undefined>;

function str(raw: RawForm, key: string): string {
  const v = raw[key];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
}

export function formValues(raw: RawForm): FormValues {
  return {
    title: str(raw, 'title'),
    category: str(raw, 'category'),
    summary: str(raw, 'summary'),
    body: str(raw, 'body'),
    tags: str(raw, 'tags'),
    source: str(raw, 'source'),
    original: ['1', 'on', 'true'].includes(str(raw, 'original')),
  };
}

export function valuesOf(f: Omit<SubmissionFields, 'cover'>): FormValues {
  return { ...f, tags: f.tags.join(', ') };
}

// Invisible characters (stripInvisible: a title of only these is empty, a tag with one a junk tag page)
// and markup no tag may hold (TAG_MARKUP_RE) are the articles schema's own rules.

/** Tags typed as one line: commas (either width), 、 or semicolons separate them; duplicates go. */
export function splitTags(line: string): string[] {
  return [
    ...new Set(
      stripInvisible(line)
        .split(/[,，、;；]/)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * The body as HTML. The rich-text editor sends HTML; without JavaScript the member types plain text
 * into the textarea, and blank lines separate paragraphs. Either way the workflow sanitizes it.
 */
export function bodyHtml(body: string): string {
  if (/<(p|br|h[1-6]|ul|ol|li|blockquote|div|strong|b|em|i|a|img|table)\b[^>]*>/i.test(body)) return body;
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => `<p>${escapeHtml(para).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

const FormSchema = z.object({
  title: z.string().trim().min(1, s.errTitle).max(200, s.errTitleLong),
  category: z.string().trim().min(1, s.errCategory),
  summary: z.string().trim().max(500, s.errSummaryLong),
  body: z
    .string()
    .max(500_000, s.errBodyLong)
    .refine((v) => v.trim() !== '', s.errBody),
  tags: z
    .string()
    .max(1000, s.errTagsMany)
    .transform(splitTags)
    .superRefine((tags, ctx) => {
      if (tags.length > 10) ctx.addIssue({ code: 'custom', message: s.errTagsMany });
      else if (tags.some((x) => x.length > 32)) ctx.addIssue({ code: 'custom', message: s.errTagLong });
      else if (tags.some((x) => TAG_MARKUP_RE.test(x))) ctx.addIssue({ code: 'custom', message: s.errTagMarkup });
    }),
  source: z.string().trim().max(100, s.errSourceLong),
  original: z.boolean(),
});

/** The member's fields, validated (422 with a message per field); the cover is decided elsewhere. */
export function parseSubmissionForm(raw: RawForm): Omit<SubmissionFields, 'cover'> {
  const v = formValues(raw);
  const clean = { ...v, title: stripInvisible(v.title), summary: stripInvisible(v.summary), source: stripInvisible(v.source) };
  const f = parseOrThrow(FormSchema, clean);
  return { ...f, body: bodyHtml(f.body) };
}

/** Which button was pressed: save privately, or send (to review, or straight to publication). */
export function submitOp(raw: RawForm): 'draft' | 'submit' {
  return str(raw, 'op') === 'draft' ? 'draft' : 'submit';
}
