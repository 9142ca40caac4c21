import type { FastifyInstance } from 'fastify';
import type { ErrorPageRenderer } from '../../platform/http/app.ts';
import type { ChromeBuilder, SettingsService } from '../settings/index.ts';
import type { Console } from '../console/index.ts';
import { registerBlocks, type BlocksDeps } from './blocks.tsx';
import { createErrorPage } from './errors.tsx';
import { registerHomePages } from './home.public.tsx';
import { registerHotPage } from './hot.public.tsx';
import { registerRedirects } from './redirects.ts';
import { registerShareImage } from './share-image.ts';

export { createConfirmPage } from './confirm.tsx';
export { hotCards, HOT_TTL_MS } from './blocks.tsx';
export { hotUrl } from './hot.public.tsx';

export interface FrontpageDeps extends BlocksDeps {
  settings: SettingsService;
  chrome: ChromeBuilder;
  baseUrl: string | undefined;
  setErrorPage: (fn: ErrorPageRenderer) => void;
  /** 会员中心 / 管理后台 menus, for errors met inside them. */
  console: Console;
}

/**
 * The portal's front: the shared sidebar fragments, the home page (`/`, `/mobile/`), the 点击排行 page
 * (`/hot/`, `/mobile/hot/`), the site-styled error pages, the 电脑版/手机版 switch (`/view/pc|mobile`),
 * `/mobile/<path>` → `<path>` for pages without a phone twin, legacy DedeCMS addresses, and the default share
 * picture (`/share-image.png`). Register it
 * before the other features: the /mobile/ fallback learns their pages as they are added. Returns what
 * the article pages need to show the sidebar without the article being read.
 */
export function registerFrontpage(app: FastifyInstance, deps: FrontpageDeps): { sidebarListing: ReturnType<typeof registerBlocks>['sidebarListing'] } {
  const blocks = registerBlocks(deps);
  deps.setErrorPage(createErrorPage(deps.chrome, deps.console.navFor));
  registerRedirects(app);
  registerHomePages(app, deps);
  registerHotPage(app, deps);
  registerShareImage(app);
  return { sidebarListing: blocks.sidebarListing };
}
