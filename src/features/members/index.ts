export { createMembers, isStaff, ROLES, type Member, type Members, type Role } from './members.service.ts';
export { hashPassword, verifyPassword } from './password.ts';
export { createGuards, type Guards } from './members.guards.ts';
