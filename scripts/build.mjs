#!/usr/bin/env node
// Bundles src/ into dist/zixun.mjs (npm packages stay external) so the server starts without a
// TypeScript compiler in the request path and cold start stays fast.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// `node scripts/build.mjs [outdir]`: dist/ by default; another directory for a private build (A/B benchmarks).
const out = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist');
// npm packages stay external (native addons, packages that find files beside themselves), except pure-ESM
// libraries of many small files: Node's ESM loader resolves, reads and compiles each file on its own at every
// start (kysely and zod: several hundred files, ≈ 250 ms of CPU at every start), while in the bundle they are one parse.
const inlined = new Set(['kysely', 'zod']);
const { dependencies } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = Object.keys(dependencies)
  .filter((d) => !inlined.has(d))
  .flatMap((d) => [d, `${d}/*`]);
const shared = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: 'linked',
  jsxFactory: 'h',
  jsxFragment: 'Fragment',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};
await build({ ...shared, entryPoints: [path.join(root, 'src/cli/index.ts')], outfile: path.join(out, 'zixun.mjs') });
// Worker threads start from their own file beside the bundle (src/platform/workers/pool.ts).
await build({ ...shared, entryPoints: [path.join(root, 'src/features/search/search.worker.ts')], outfile: path.join(out, 'search.worker.mjs') });
await build({ ...shared, entryPoints: [path.join(root, 'src/features/search/related.worker.ts')], outfile: path.join(out, 'related.worker.mjs') });
await build({ ...shared, entryPoints: [path.join(root, 'src/platform/db/write-thread.worker.ts')], outfile: path.join(out, 'write-thread.worker.mjs') });
