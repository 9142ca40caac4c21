import { isReservedName } from '../members/index.ts';
import { t } from '../../strings/index.ts';

const s = t.community;

/** What a guest nickname is checked against: the members feature's accounts (another member's name). */
export interface MemberNames {
  accounts: { displayNameTaken(name: string): Promise<boolean> };
}

/**
 * Why a guest may not use this nickname (comments, guestbook), or undefined: the same reserved words
 * members may not take (站长, 管理员, admin… folded), and no member's username or 昵称 (folded) — a
 * guest must not pass for a member or for staff.
 */
export async function guestNameProblem(
  members: MemberNames | undefined,
  name: string,
  /** The messages in the words of the page asking (the guestbook says 留言, not 评论). */
  words: { reserved: string; taken: string } = { reserved: s.guestNameReserved, taken: s.guestNameTaken },
): Promise<string | undefined> {
  const n = name.trim();
  if (!n) return undefined;
  if (isReservedName(n)) return words.reserved;
  if (members && (await members.accounts.displayNameTaken(n))) return words.taken;
  return undefined;
}
