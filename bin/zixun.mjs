#!/usr/bin/env node
// The `zixun` command: runs the built bundle when present, else the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist/zixun.mjs');
if (existsSync(dist) && !process.env.ZIXUN_FROM_SOURCE) {
  await import(pathToFileURL(dist).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'src/cli/index.ts')).href);
}
