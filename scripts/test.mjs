#!/usr/bin/env node
// Runs the whole suite: once on SQLite, once on PostgreSQL (browser tests only in the first pass).
// PostgreSQL absent: the pass is skipped with a message, or fails when ZIXUN_REQUIRE_SERVICES=1 (CI).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import net from 'node:net';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const wantPasses = args.includes('--sqlite') ? ['sqlite'] : args.includes('--postgres') ? ['postgres'] : ['sqlite', 'postgres'];

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.test\.tsx?$/.test(name)) out.push(path.relative(root, p));
  }
  return out.sort();
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1500 }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
    s.on('timeout', () => (s.destroy(), resolve(false)));
  });
}

// Each PostgreSQL test works in a schema of its own, t_<seconds>_<pid>_<random>, where <seconds> is this
// run's start time and <pid> this process: a run drops its own schemas when it ends, and at its start only
// schemas left behind by runs that began over three hours ago, so several runs can share one database at
// the same time (even two started in the same second).
const RUN_ID = `${Math.floor(Date.now() / 1000)}_${process.pid}`;
async function dropTestSchemas(which) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: process.env.ZIXUN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
  await c.connect();
  const { rows } = await c.query("select nspname from pg_namespace where nspname ~ '^t_[0-9]+_([0-9]+_)?[0-9a-f]+$'");
  const staleBefore = Math.floor(Date.now() / 1000) - 3 * 3600;
  for (const { nspname } of rows) {
    const started = Number(nspname.split('_')[1]);
    if (which === 'own' ? nspname.startsWith(`t_${RUN_ID}_`) : started < staleBefore) await c.query(`drop schema if exists ${nspname} cascade`);
  }
  await c.end();
}

function run(files, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const counts = { pass: 0, fail: 0, skipped: 0 };
    let buf = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        const m = /^# (pass|fail|skipped) (\d+)/.exec(l.replace(/^ℹ /, '# '));
        if (m) counts[m[1]] = Number(m[2]);
      }
    });
    child.on('close', (code) => resolve({ code, counts }));
  });
}

let all = walk(path.join(root, 'src'));
if (only.length) all = all.filter((f) => only.some((o) => f.includes(o)));
const total = { pass: 0, fail: 0, skipped: 0 };
let failed = false;
for (const pass of wantPasses) {
  let files = all;
  if (pass === 'postgres') {
    files = all.filter((f) => !f.includes('.browser.test.'));
    const url = new URL(process.env.ZIXUN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    if (!(await reachable(url.hostname, Number(url.port || 5432)))) {
      const msg = `PostgreSQL is not reachable at ${url.host}: the PostgreSQL pass is SKIPPED`;
      if (process.env.ZIXUN_REQUIRE_SERVICES === '1') {
        console.error(`${msg}, but ZIXUN_REQUIRE_SERVICES=1 makes this a failure.`);
        failed = true;
        total.fail++;
      } else console.warn(msg + '.');
      continue;
    }
  }
  if (!files.length) continue;
  console.log(`\n=== test pass: ${pass} (${files.length} files) ===`);
  if (pass === 'postgres') await dropTestSchemas('stale');
  const { code, counts } = await run(files, { ZIXUN_TEST_DB: pass, ZIXUN_TEST_RUN: RUN_ID });
  if (pass === 'postgres') await dropTestSchemas('own');
  for (const k of Object.keys(total)) total[k] += counts[k];
  if (code !== 0) failed = true;
}
console.log(`\ntests: ${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped`);
process.exit(failed ? 1 : 0);
