import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

// zh-TW readiness: what the HTTP layer and the form helpers say comes from src/strings, so another
// catalogue can replace it. Comments may be in Chinese; code may not.
test('no Chinese text in the code of platform/http, platform/html and validation', () => {
  const dir = path.dirname(new URL(import.meta.url).pathname);
  const files = [
    ...fs.readdirSync(dir).map((f) => path.join(dir, f)),
    ...fs.readdirSync(path.join(dir, '../html')).map((f) => path.join(dir, '../html', f)),
    path.join(dir, '../validation.ts'),
  ].filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
  const found: string[] = [];
  for (const f of files) {
    const code = fs
      .readFileSync(f, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    for (const line of code.split('\n')) if (/[\u4e00-\u9fff]/.test(line)) found.push(`${path.basename(f)}: ${line.trim()}`);
  }
  assert.deepEqual(found, []);
});
