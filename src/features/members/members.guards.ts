import type { FastifyRequest } from 'fastify';
import type { Auth } from '../../platform/http/session.ts';
import { ForbiddenError, UnauthorizedError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';
import { isStaff, type Member } from './members.service.ts';

/** Route guards. Every non-public route calls one of these first; a guest is sent to log in. */
export function createGuards(auth: Auth<Member>) {
  async function member(req: FastifyRequest): Promise<Member> {
    const m = await auth.principal(req);
    if (!m) throw new UnauthorizedError();
    return m;
  }
  return {
    /** The logged-in member, or undefined for a guest. */
    optional: (req: FastifyRequest) => auth.principal(req),
    member,
    async staff(req: FastifyRequest): Promise<Member> {
      const m = await member(req);
      if (!isStaff(m.role)) throw new ForbiddenError(t.members.errStaffOnlyHere);
      return m;
    },
    async admin(req: FastifyRequest): Promise<Member> {
      const m = await member(req);
      if (m.role !== 'admin') throw new ForbiddenError(t.members.errAdminOnlyHere);
      return m;
    },
  };
}

export type Guards = ReturnType<typeof createGuards>;
