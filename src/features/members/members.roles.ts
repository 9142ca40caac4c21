/** Member roles, lowest to highest. Trusted members publish without review; staff = editor or admin. */
export const ROLES = ['member', 'trusted', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isStaff(role: Role): boolean {
  return role === 'editor' || role === 'admin';
}
