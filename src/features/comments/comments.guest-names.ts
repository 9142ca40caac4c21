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
export async function guestNameProblem(members: MemberNames | undefined, name: string): Promise<string | undefined> {
  const n = name.trim();
  if (!n) return undefined;
  if (isReservedName(n)) return s.guestNameReserved;
  if (members && (await members.accounts.displayNameTaken(n))) return s.guestNameTaken;
  return undefined;
}
