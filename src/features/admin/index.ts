import type { FastifyInstance } from 'fastify';
import type { AdminDeps } from './admin.shared.tsx';
import { registerAdminArticles } from './admin.articles.tsx';
import { registerAdminCategories } from './admin.categories.tsx';
import { registerAdminPages } from './admin.pages.tsx';
import { registerAdminBannedWords } from './admin.banned-words.tsx';
import { registerAdminSettings } from './admin.settings.tsx';
import { registerAdminAudit } from './admin.audit.tsx';
import { registerAdminDashboard } from './admin.dashboard.tsx';

export type { AdminDeps } from './admin.shared.tsx';

/** The admin console's core pages: dashboard, articles, categories, static pages, banned words, settings, audit log. */
export function registerAdmin(app: FastifyInstance, deps: AdminDeps): void {
  registerAdminDashboard(app, deps);
  registerAdminArticles(app, deps);
  registerAdminCategories(app, deps);
  registerAdminPages(app, deps);
  registerAdminBannedWords(app, deps);
  registerAdminSettings(app, deps);
  registerAdminAudit(app, deps);
}
