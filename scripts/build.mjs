#!/usr/bin/env node
// Bundles src/ into dist/zixun.mjs (npm packages stay external) so the server starts without a
// TypeScript compiler in the request path and cold start stays fast.
import { build } from 'esbuild';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const shared = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  jsxFactory: 'h',
  jsxFragment: 'Fragment',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};
await build({ ...shared, entryPoints: [path.join(root, 'src/cli/index.ts')], outfile: path.join(root, 'dist/zixun.mjs') });
// Worker threads start from their own file beside the bundle (src/platform/workers/pool.ts).
await build({ ...shared, entryPoints: [path.join(root, 'src/features/search/search.worker.ts')], outfile: path.join(root, 'dist/search.worker.mjs') });
await build({ ...shared, entryPoints: [path.join(root, 'src/features/search/related.worker.ts')], outfile: path.join(root, 'dist/related.worker.mjs') });
