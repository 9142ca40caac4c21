#!/usr/bin/env node
// Enforces the architecture's arrows: platform/ never imports features/ or cli/; a feature reaches
// another only through its index.ts; nothing in src imports src/test except tests; no import cycles.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');
const files = [];
(function walk(d) {
  for (const n of readdirSync(d)) {
    const p = path.join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(n)) files.push(p);
  }
})(src);

const problems = [];
const graph = new Map();
const rel = (p) => path.relative(src, p).split(path.sep).join('/');
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const from = rel(f);
  const isTest = /\.(test|testkit)\.tsx?$/.test(f) || from.startsWith('test/');
  const deps = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    const to = rel(path.resolve(path.dirname(f), m[1]));
    deps.push(to);
    if (from.startsWith('platform/') && (to.startsWith('features/') || to.startsWith('cli/')))
      problems.push(`${from} → ${to}: platform must not import features or cli`);
    if (!isTest && to.startsWith('test/')) problems.push(`${from} → ${to}: only tests may import src/test`);
    // A feature's *.testkit.ts is test support: it may use src/test, and only tests may use it.
    if (!isTest && /\.testkit\.tsx?$/.test(to)) problems.push(`${from} → ${to}: only tests may import a testkit`);
    const ff = /^features\/([^/]+)\//.exec(from)?.[1];
    const tf = /^features\/([^/]+)\/(.+)$/.exec(to);
    if (tf && ff !== tf[1] && tf[2] !== 'index.ts') problems.push(`${from} → ${to}: use features/${tf[1]}/index.ts`);
    if (tf && !ff && !isTest && !from.startsWith('cli/') && from !== 'main.ts' && tf[2] !== 'index.ts')
      problems.push(`${from} → ${to}: use features/${tf[1]}/index.ts`);
  }
  if (!isTest) graph.set(from, deps);
}

// Cycles between feature folders (a feature may depend on another, never both ways).
const featureDeps = new Map();
for (const [from, deps] of graph) {
  const ff = /^features\/([^/]+)\//.exec(from)?.[1];
  if (!ff) continue;
  for (const to of deps) {
    const tf = /^features\/([^/]+)\//.exec(to)?.[1];
    if (tf && tf !== ff) (featureDeps.get(ff) ?? featureDeps.set(ff, new Set()).get(ff)).add(tf);
  }
}
const state = new Map();
function visit(n, stack) {
  if (state.get(n) === 'done') return;
  if (state.get(n) === 'active') {
    problems.push(`feature import cycle: ${[...stack.slice(stack.indexOf(n)), n].join(' → ')}`);
    return;
  }
  state.set(n, 'active');
  for (const m of featureDeps.get(n) ?? []) visit(m, [...stack, n]);
  state.set(n, 'done');
}
for (const n of featureDeps.keys()) visit(n, []);

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`import boundaries ok (${files.length} files)`);
