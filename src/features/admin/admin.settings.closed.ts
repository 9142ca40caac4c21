import type { FastifyInstance, FastifyRequest } from 'fastify';
import { registerMaintenance } from '../../platform/http/maintenance.ts';
import { bearerToken } from '../../platform/http/auth.ts';
import { isStaff } from '../members/index.ts';
import { s, type AdminDeps } from './admin.shared.tsx';

/**
 * Paths everyone reaches while the site is closed: static files and uploads (the 503 page's own CSS and
 * logo), logging in and out (so staff can come in and switch the site back on), and the console (its
 * guards send a guest to the log-in page and refuse members).
 */
const OPEN_PREFIXES = ['/static/', '/uploads/', '/admin/'];
// (and getting in at all: a forgotten password's reset, a set-password mail from 添加会员, 邮件提醒's links)
const OPEN_PATHS = new Set([
  '/member/login',
  '/member/logout',
  '/member/forgot',
  '/member/reset',
  '/member/notifications/mail/confirm',
  '/member/notifications/mail/off',
  '/admin',
  '/favicon.ico',
]);

export function isOpenWhileClosed(path: string): boolean {
  return OPEN_PATHS.has(path) || OPEN_PREFIXES.some((p) => path.startsWith(p));
}

/**
 * 关闭网站, wired from the settings: guests and members (and their API tokens) get the 503; staff logged in
 * (or calling the API with their own token) still see the site, with the banner. Decision on /api/v1: a
 * reader's GET is refused like a page (the API serves the same articles); an operator's bearer token is
 * let through and the API's own access rules apply.
 */
export function registerSiteClosedGate(app: FastifyInstance, deps: AdminDeps): void {
  async function mayEnter(req: FastifyRequest): Promise<boolean> {
    const token = req.url.startsWith('/api/') ? bearerToken(req) : undefined;
    const who = token !== undefined ? await deps.members.memberForToken(token) : await deps.guards.optional(req);
    return !!who && isStaff(who.role);
  }
  registerMaintenance(app, deps.fastLane, {
    state: async () => {
      const st = await deps.settings.get();
      return { closed: st.siteClosed, message: st.closedMessage.trim() || s.s.closedDefault };
    },
    mayEnter,
    isOpen: isOpenWhileClosed,
    banner: s.s.closedBanner,
    onClear: (fn) => deps.cache.onClear(fn),
  });
}
