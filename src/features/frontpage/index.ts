import type { FastifyInstance } from 'fastify';
import type { ErrorPageRenderer } from '../../platform/http/app.ts';
import type { ChromeBuilder } from '../settings/index.ts';
import { registerBlocks, type BlocksDeps } from './blocks.tsx';
import { createErrorPage } from './errors.tsx';

export { hotCards, HOT_TTL_MS } from './blocks.tsx';

export interface FrontpageDeps extends BlocksDeps {
  chrome: ChromeBuilder;
  baseUrl: string | undefined;
  setErrorPage: (fn: ErrorPageRenderer) => void;
}

export function registerFrontpage(app: FastifyInstance, deps: FrontpageDeps): void {
  registerBlocks(deps);
  deps.setErrorPage(createErrorPage(deps.chrome));
  void app;
}
