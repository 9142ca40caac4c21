import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { t } from '../../strings/index.ts';
import { MODERATIONS } from '../comments/index.ts';

/*
 * The action codes are string literals written where each feature records its audit entry, so this test
 * reads the sources: every `audit.record(…)` (also `deps.audit?.record`, `h.audit.record`, …), the
 * `action` of its entry, and — when that is a variable — the helper's callers or the `const` it comes
 * from. A call site it cannot resolve fails the test instead of being skipped.
 */

const FEATURES = path.resolve(import.meta.dirname, '..');
const CODE = /^[a-z][a-z_]*(?:\.[a-z][a-z_]*)+$/;
// `audit.record(` in features; `cliAudit(db).record(` in the CLI (src/cli, scanned too).
const RECORD = /\b(?:audit\??|cliAudit\([\w.]+\))\s*\.record\(/g;
const CLI = path.resolve(FEATURES, '../cli');

/** Values of `${…}` in template-literal action codes whose type is not a literal union in the same file. */
const PLACEHOLDERS: Record<string, readonly string[]> = { 'm.action': MODERATIONS };

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$|testkit\.ts$/.test(name) ? [p] : [];
  });
}

/** Index just after the bracket that closes the one at `open`, skipping strings, templates and comments. */
function closing(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'" || c === '"') {
      for (i++; src[i] !== c; i++) if (src[i] === '\\') i++;
    } else if (c === '`') {
      for (i++; src[i] !== '`'; i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '$' && src[i + 1] === '{') i = closing(src, i + 1) - 1;
      }
    } else if (c === '/' && src[i + 1] === '/') i = src.indexOf('\n', i);
    else if (c === '/' && src[i + 1] === '*') i = src.indexOf('*/', i) + 1;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced bracket at ${open}`);
}

/** `text` split at its top-level commas (not inside brackets, strings, templates or comments). */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ('([{'.includes(c)) i = closing(text, i) - 1;
    else if ('\'"`'.includes(c)) i = skipString(text, i);
    else if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i) + 1;
    else if (c === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (i < 0) break;
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.replace(/^(?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/))*/, '').trim()).filter(Boolean);
}

/** Index of the quote that closes the string or template opening at `i`. */
function skipString(text: string, i: number): number {
  const q = text[i]!;
  for (i++; text[i] !== q; i++) {
    if (text[i] === '\\') i++;
    else if (q === '`' && text[i] === '$' && text[i + 1] === '{') i = closing(text, i + 1) - 1;
  }
  return i;
}

/** The argument list of the call whose `(` is at `open`. */
function argsAt(src: string, open: number): string[] {
  return splitTop(src.slice(open + 1, closing(src, open) - 1));
}

/** A place in a source file: where a code is recorded, or where a variable is looked up from. */
interface Site {
  file: string;
  src: string;
  index: number;
}

const at = (s: Site) => `${s.file}:${s.src.slice(0, s.index).split('\n').length}`;

/** The last match of `re` (global) before `index`, or else the first one after it. */
function nearest(re: RegExp, src: string, index: number): RegExpExecArray | undefined {
  const all = [...src.matchAll(re)];
  return all.filter((m) => m.index < index).pop() ?? all[0];
}

const paramName = (p: string) => p.split(/[:=?]/)[0]!.trim();

/** The action codes an expression can take, following variables within its file. */
function resolve(expr: string, site: Site, depth = 0): string[] {
  const { src } = site;
  if (depth > 3) throw new Error(`${at(site)}: cannot follow \`${expr}\` any further`);
  const codes: string[] = [];
  for (const m of expr.matchAll(/'([^'\\]*)'|"([^"\\]*)"/g)) {
    const v = m[1] ?? m[2] ?? '';
    if (CODE.test(v)) codes.push(v);
  }
  for (const m of expr.matchAll(/`([^`]*)`/g)) codes.push(...expandTemplate(m[1]!, site));
  if (codes.length) return codes;

  const id = /^[A-Za-z_$][\w$]*$/.test(expr.trim()) ? expr.trim() : '';
  if (!id) throw new Error(`${at(site)}: unrecognised action expression \`${expr}\``);
  // The closest `const <id> =` or helper with an `<id>` parameter above the use.
  const decl = [...src.matchAll(new RegExp(`\\bconst ${id}\\s*=\\s*`, 'g'))].filter((m) => m.index < site.index).pop();
  const fn = [...src.matchAll(/function (\w+)\s*\(/g)]
    .map((m) => ({ name: m[1]!, at: m.index, open: m.index + m[0].length - 1 }))
    .filter((f) => f.at < site.index && argsAt(src, f.open).some((p) => paramName(p) === id))
    .pop();
  if (decl && (!fn || decl.index > fn.at)) {
    const from = decl.index + decl[0].length;
    return resolve(src.slice(from, src.indexOf(';', from)), { ...site, index: decl.index }, depth + 1);
  }
  if (!fn) throw new Error(`${at(site)}: \`${id}\` is neither a const nor a helper's parameter`);
  // A parameter of a local helper: resolve the matching argument of each call of that helper.
  const index = argsAt(src, fn.open).findIndex((p) => paramName(p) === id);
  const calls = [...src.matchAll(new RegExp(`(?<![\\w.])${fn.name}\\(`, 'g'))].filter((m) => m.index !== fn.open - fn.name.length);
  if (!calls.length) throw new Error(`${at(site)}: helper ${fn.name} is never called`);
  return calls.flatMap((m) => {
    const call = { ...site, index: m.index };
    const arg = argsAt(src, m.index + m[0].length - 1)[index];
    if (arg === undefined) throw new Error(`${at(call)}: ${fn.name}(…) has no argument ${index + 1}`);
    return resolve(arg, call, depth + 1);
  });
}

/** `comment.${m.action}` → comment.approve, comment.hide, … */
function expandTemplate(body: string, site: Site): string[] {
  const parts = body.split(/\$\{([^}]*)\}/);
  let out = [''];
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      out = out.map((o) => o + part);
      return;
    }
    // A parameter typed as a union of string literals, e.g. `action: 'pin' | 'exclude' | 'clear'`.
    const union = nearest(new RegExp(`\\b${part.replace(/[.$]/g, '\\$&')}\\s*:\\s*('[^']*'(?:\\s*\\|\\s*'[^']*')+)`, 'g'), site.src, site.index);
    const values = PLACEHOLDERS[part] ?? (union ? [...union[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!) : undefined);
    if (!values) throw new Error(`${at(site)}: add the values of \`\${${part}}\` to PLACEHOLDERS in this test`);
    out = out.flatMap((o) => values.map((v) => o + v));
  });
  for (const code of out) if (!CODE.test(code)) throw new Error(`${at(site)}: \`${code}\` is not an action code`);
  return out;
}

/** Every action code recorded under src/features and src/cli, with where it is recorded. */
function recordedActions(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of [...sources(FEATURES), ...sources(CLI)]) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(RECORD)) {
      const line = src.slice(src.lastIndexOf('\n', m.index) + 1, m.index);
      if (/^\s*(?:\/\/|\/?\*)/.test(line)) continue; // mentioned in a comment
      const open = m.index + m[0].length - 1;
      const site = { file: path.relative(FEATURES, file), src, index: m.index };
      const entry = argsAt(src, open)[0] ?? '';
      if (!entry.startsWith('{')) throw new Error(`${at(site)}: the audit entry is not an object literal`);
      const prop = splitTop(entry.slice(1, -1)).find((p) => /^action\s*(?::|$)/.test(p));
      if (!prop) throw new Error(`${at(site)}: no \`action\` in the audit entry`);
      const expr = prop.includes(':') ? prop.slice(prop.indexOf(':') + 1).trim() : 'action';
      for (const code of resolve(expr, site)) found.set(code, [...(found.get(code) ?? []), at(site)]);
    }
  }
  return found;
}

test('every action code a feature records has a Chinese label on 操作日志', () => {
  const recorded = recordedActions();
  const labels = t.admin.actionLabels;
  // The scan itself must work: codes written directly, through helpers, ternaries and templates.
  for (const code of [
    'article.update',
    'article.approve',
    'article.schedule',
    'guestbook.reply',
    'comment.hide',
    'related.pin',
    'mall.order.ship',
    'ads.create',
  ]) {
    assert.ok(recorded.has(code), `the scan should find ${code}`);
  }
  assert.ok(recorded.size >= 60, `found only ${recorded.size} action codes`);

  const missing = [...recorded].filter(([code]) => !labels[code]).map(([code, sites]) => `${code} (${sites.join(', ')})`);
  assert.deepEqual(missing, [], 'add these to actionLabels in src/strings/zh-CN/admin-actions.ts');
  for (const [code, label] of Object.entries(labels)) assert.match(label, /[\u4e00-\u9fa5]/, `${code} needs a Chinese label`);

  const stale = Object.keys(labels).filter((code) => !recorded.has(code));
  assert.deepEqual(stale, [], 'labels for actions nothing records any more (renamed?)');
});
