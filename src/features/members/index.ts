export { createMembers, isStaff, ROLES, type Member, type Members, type Role } from './members.service.ts';
export { hashPassword, verifyPassword } from './password.ts';
export { createGuards, type Guards } from './members.guards.ts';
export { registerMembers } from './members.routes.ts';
export type { MembersDeps } from './members.http.ts';
export type { MemberGroup, SubmissionLimits } from './members.groups.ts';
export type { AdminMember } from './members.moderation.ts';
export type { Profile } from './members.accounts.ts';
export { countMembersJoinedSince } from './members.counts.ts';
