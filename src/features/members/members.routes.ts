import type { FastifyInstance } from 'fastify';
import { createFormTimer } from './members.form-timer.ts';
import type { MembersDeps } from './members.http.ts';
import { registerAuthRoutes } from './members.public.ts';
import { registerRecoveryRoutes } from './members.recovery.ts';
import { registerWelcomeRoute } from './members.welcome.tsx';
import { registerAccountRoutes } from './members.account.ts';
import { registerMemberAdminRoutes } from './members.admin.ts';
import { registerAvatarRoutes } from './members.avatar-routes.ts';

/**
 * Every members page: sign-up, log-in/out, password recovery, the member centre home, profile and
 * password, and the admin console's 会员管理 / 会员组. Also connects staff actions (ban, warn...) to
 * the audit log and the session store, which the members service cannot construct itself.
 */
export function registerMembers(app: FastifyInstance, deps: MembersDeps): void {
  deps.members.moderation.connect({ audit: deps.audit, logoutEverywhere: (id) => deps.auth.logoutEverywhere(id) });
  // Signs the time a sign-up form was shown, with the app secret shared by every instance.
  const formTimer = createFormTimer({ key: deps.secret, clock: deps.clock });
  const routeDeps = { ...deps, formTimer };
  registerAuthRoutes(app, routeDeps);
  registerRecoveryRoutes(app, routeDeps);
  registerWelcomeRoute(app, routeDeps);
  registerAccountRoutes(app, routeDeps);
  registerMemberAdminRoutes(app, routeDeps);
  registerAvatarRoutes(app, routeDeps);
}
