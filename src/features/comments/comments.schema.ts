import { z } from 'zod';
import { t, format } from '../../strings/index.ts';

export const BODY_MAX = 1000;
const s = t.community;

/** Plain text as a person meant it: no control characters, unix newlines, at most one blank line in a row. */
export function cleanText(v: string): string {
  return v
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const optionalId = z.preprocess(
  (v) => (v === '' || v === undefined || v === null ? undefined : v),
  z.coerce.number().int().positive().max(2_147_483_647).optional(),
);

/** A comment as the form sends it. The nickname is checked by the service: only guests need one. */
export const CommentInputSchema = z.object({
  body: z
    .string({ error: s.bodyRequired })
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(1, s.bodyRequired)
        .max(BODY_MAX, format(s.bodyTooLong, { max: BODY_MAX })),
    ),
  nickname: z
    .string()
    .optional()
    .transform((v) => cleanText(v ?? '').replace(/\s+/g, ' ')),
  parent: optionalId,
});

export type CommentInput = z.output<typeof CommentInputSchema>;

export const MODERATIONS = ['approve', 'hide', 'restore', 'delete'] as const;
export type Moderation = (typeof MODERATIONS)[number];
