import { z } from 'zod';
import { t } from '../../strings/index.ts';
import { compareKey } from '../../platform/text/index.ts';
import { ROLES } from './members.roles.ts';

/** Form schemas of the account pages; every message is the one the person sees next to the field. */
const s = t.members;

export const USERNAME_RE = /^[A-Za-z0-9_\u4e00-\u9fa5]{2,32}$/;

/** Words that make a name read as the site speaking: a member may not call themselves so. */
const RESERVED_WORDS = ['站长', '管理员', '官方', '客服', '编辑部', '系统消息', '系统通知', '版主', '超级管理'];
const RESERVED_LATIN = /^(admin|administrator|root|webmaster|moderator|system|sysop|official|support)[\d_]*$/;

/** True when `name` (folded: 站長 is 站长) poses as the site or its staff. */
export function isReservedName(name: string): boolean {
  const n = compareKey(name);
  return RESERVED_WORDS.some((w) => n.includes(w)) || RESERVED_LATIN.test(n);
}

/** A password a guesser would try early: only digits, only letters, or a few repeated characters. */
const isTrivial = (pw: string) => /^\d+$/.test(pw) || /^[A-Za-z]+$/.test(pw) || new Set(pw).size < 4;

const password = z
  .string({ error: s.errPasswordShort })
  .min(8, { error: s.errPasswordShort })
  .max(128, { error: s.errPasswordLong })
  .refine((pw) => !isTrivial(pw), { error: s.errPasswordWeak });
const email = z
  .string({ error: s.errEmail })
  .trim()
  .toLowerCase()
  .max(100, { error: s.errEmail })
  .pipe(z.email({ error: s.errEmail }));
// Control and format characters (bidi overrides, zero-width spaces and joiners, the soft hyphen) and the
// Hangul fillers have no place in a name shown to others: they print as nothing, or reorder what does.
const plain = (v: string) => !/[\p{Cc}\p{Cf}\u115f\u1160\u3164\uffa0]/u.test(v);

const confirmMatches = (v: { password: string; confirm: string }, ctx: z.RefinementCtx) => {
  if (v.password !== v.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: s.errConfirm });
};

export const RegisterSchema = z
  .object({
    username: z
      .string({ error: s.errUsername })
      .trim()
      .regex(USERNAME_RE, { error: s.errUsername })
      .refine((v) => !isReservedName(v), { error: s.errUsernameReserved }),
    password,
    confirm: z.string({ error: s.errConfirm }),
    email,
  })
  .superRefine((v, ctx) => {
    confirmMatches(v, ctx);
    if (v.password.toLowerCase().includes(v.username.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['password'], message: s.errPasswordHasUsername });
  });
export type RegisterInput = z.output<typeof RegisterSchema>;

export const LoginSchema = z.object({
  username: z.string({ error: s.errRequired }).trim().min(1, { error: s.errRequired }).max(64, { error: s.errRequired }),
  password: z.string({ error: s.errRequired }).min(1, { error: s.errRequired }).max(128, { error: s.errPasswordLong }),
});

export const ChangePasswordSchema = z
  .object({
    current: z.string({ error: s.errRequired }).min(1, { error: s.errRequired }).max(128, { error: s.errPasswordLong }),
    password,
    confirm: z.string({ error: s.errConfirm }),
  })
  .superRefine(confirmMatches);

export const ResetPasswordSchema = z.object({ password, confirm: z.string({ error: s.errConfirm }) }).superRefine(confirmMatches);

export const ForgotSchema = z.object({ email });

const displayName = z
  .string({ error: s.errDisplayName })
  .trim()
  .min(1, { error: s.errDisplayName })
  .max(32, { error: s.errDisplayName })
  .refine(plain, { error: s.errDisplayNameChars });

export const ProfileSchema = z.object({
  displayName,
  email,
  bio: z.string().trim().max(500, { error: s.errBio }).default(''),
  /** The current password: asked for when the e-mail changes (a stolen session must not redirect password resets). */
  current: z.string().max(128).default(''),
});
export type ProfileInput = z.output<typeof ProfileSchema>;

export const RoleSchema = z.object({ role: z.enum(ROLES, { error: s.errRole }) });
export const GroupChoiceSchema = z.object({ groupId: z.coerce.number({ error: s.errGroup }).int({ error: s.errGroup }).positive({ error: s.errGroup }) });
export const ReasonSchema = z.object({ reason: z.string({ error: s.errReason }).trim().min(1, { error: s.errReason }).max(200, { error: s.errReason }) });
export const OptionalReasonSchema = z.object({ reason: z.string().trim().max(200, { error: s.errReason }).default('') });

/** An e-mail that may be left empty (staff paths: an account created without one); '' when empty. */
const optionalEmail = z
  .string({ error: s.errEmail })
  .trim()
  .toLowerCase()
  .max(100, { error: s.errEmail })
  .pipe(z.union([z.literal(''), z.email({ error: s.errEmail })], { error: s.errEmail }))
  .default('');

/** Checks a password the admin typed (as registration would), adding issues under `password` / `confirm`. */
function checkTypedPassword(v: { password: string; confirm: string; username?: string }, ctx: z.RefinementCtx) {
  const r = password.safeParse(v.password);
  if (!r.success) ctx.addIssue({ code: 'custom', path: ['password'], message: r.error.issues[0]?.message ?? s.errPasswordShort });
  else if (v.username && v.password.toLowerCase().includes(v.username.toLowerCase()))
    ctx.addIssue({ code: 'custom', path: ['password'], message: s.errPasswordHasUsername });
  if (v.password !== v.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: s.errConfirm });
}

/**
 * 添加会员 in the admin console. Reserved names stay allowed (a staff path, as `create`); the password is typed by
 * the admin (`set`) or chosen by the member from a mailed link (`mail`, which needs an e-mail).
 */
export const AdminCreateSchema = z
  .object({
    username: z.string({ error: s.errUsername }).trim().regex(USERNAME_RE, { error: s.errUsername }),
    displayName: z.string({ error: s.errDisplayName }).trim().max(32, { error: s.errDisplayName }).refine(plain, { error: s.errDisplayNameChars }).default(''),
    email: optionalEmail,
    role: z.enum(ROLES, { error: s.errRole }),
    groupId: z.coerce.number({ error: s.errGroup }).int({ error: s.errGroup }).positive({ error: s.errGroup }),
    passwordMode: z.enum(['mail', 'set'], { error: s.errPasswordMode }),
    password: z.string().max(128, { error: s.errPasswordLong }).default(''),
    confirm: z.string().max(128).default(''),
  })
  .superRefine((v, ctx) => {
    if (v.passwordMode === 'mail' && !v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: s.errEmailForMail });
    if (v.passwordMode === 'set') checkTypedPassword(v, ctx);
  });
export type AdminCreateInput = z.output<typeof AdminCreateSchema>;

/** A new password an admin types for a member who cannot receive mail. */
export const AdminPasswordSchema = z
  .object({
    password: z.string({ error: s.errPasswordShort }).max(128, { error: s.errPasswordLong }),
    confirm: z.string().max(128).default(''),
    /** The member's username (set by the caller, not the form): a password may not contain it. */
    username: z.string().default(''),
  })
  .superRefine((v, ctx) => checkTypedPassword(v, ctx));

/** 昵称 and e-mail as an admin edits them (the e-mail may stay empty on an account that has none). */
export const AdminProfileSchema = z.object({ displayName, email: optionalEmail });
