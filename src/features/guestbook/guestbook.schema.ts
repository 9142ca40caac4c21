import { z } from 'zod';
import { format, t } from '../../strings/index.ts';

export const GUESTBOOK_STATUSES = ['pending', 'visible', 'hidden'] as const;
export type GuestbookStatus = (typeof GUESTBOOK_STATUSES)[number];

export const NICKNAME_MAX = 20;
export const CONTACT_MAX = 100;
export const BODY_MAX = 1000;
export const REPLY_MAX = 2000;

const g = t.reports.guestbook;

/** A message as the public form sends it; a member's nickname is their own name, so it may be empty. */
export function messageSchema(isMember: boolean) {
  const nickname = z
    .string()
    .trim()
    .max(NICKNAME_MAX, format(g.errNicknameLong, { n: NICKNAME_MAX }));
  return z.object({
    nickname: isMember ? nickname.default('') : z.string({ error: g.errNicknameRequired }).trim().min(1, g.errNicknameRequired).pipe(nickname),
    contact: z
      .string()
      .trim()
      .max(CONTACT_MAX, format(g.errContactLong, { n: CONTACT_MAX }))
      .default(''),
    body: z
      .string({ error: g.errBody })
      .trim()
      .min(1, g.errBody)
      .max(BODY_MAX, format(g.errBodyLong, { n: BODY_MAX })),
  });
}

export const ReplySchema = z.object({
  reply: z
    .string()
    .trim()
    .max(REPLY_MAX, format(g.errReplyLong, { n: REPLY_MAX }))
    .default(''),
  publish: z.literal('1').optional(),
});
