// `npm run bench`: load benchmark of the built server on a seeded SQLite corpus.
//
//   seed (zixun seed --articles N --seed 42) → build → serve (page cache on) → load → serve (cache off) → load
//   → a plain node:http ceiling answering one real cached article page's bytes → bench/README.md
//
// Environment: BENCH_ARTICLES (default 100000), BENCH_DURATION seconds per case (default 10),
// BENCH_CONNECTIONS (default 50), BENCH_REUSE_DB=1 to keep a database already seeded with the same N,
// BENCH_NO_README=1 to leave bench/README.md alone (quick runs), BENCH_REPORT_FROM=<saved .json> to
// rewrite bench/README.md from a saved run; BENCH_DB=<file> (a database of one's own, seeded when missing),
// BENCH_SERVER=<bundle> (serve another build, build nothing), BENCH_CASES=hot,ceiling (only these cases),
// BENCH_NODE_ARGS="…" (node options for the server), BENCH_RESULTS=<dir> (logs and results elsewhere).
// Targets are reported, never asserted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon, { type RequestSpec, type Result } from 'autocannon';
import Database from 'better-sqlite3';
import * as prettier from 'prettier';
import { INDEX_VERSION, INDEX_VERSION_SETTING } from '../src/features/search/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = process.env.BENCH_RESULTS ? path.resolve(process.env.BENCH_RESULTS) : path.join(ROOT, 'bench', 'results');
const ARTICLES = intEnv('BENCH_ARTICLES', 100_000);
const DURATION = intEnv('BENCH_DURATION', 10);
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50);
const WARMUP_S = 2;
const HOT_SET = 1_000;
const SEED = 42;
/** BENCH_DB=<file>: a database of one's own (a copy), used as it is when it exists. */
const DB_FILE = process.env.BENCH_DB ? path.resolve(process.env.BENCH_DB) : path.join(RESULTS, `bench-${ARTICLES}.db`);
/** BENCH_SERVER=<bundle>: serve another build (A/B runs); the bench then builds nothing. */
const SERVER_BUNDLE = process.env.BENCH_SERVER ? path.resolve(process.env.BENCH_SERVER) : path.join(ROOT, 'dist', 'zixun.mjs');
/** BENCH_NODE_ARGS="--flag …": extra node options for the server under test (profiling, heap experiments). */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** The node options `npm start` gives the server (package.json; docs/adr/0011-bounding-v8-heap-growth.md), read from there. */
const START_NODE_ARGS = startNodeArgs();

function startNodeArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const m = /\bnode((?: --[\w-]+=?\S*)*) dist\/zixun\.mjs serve\b/.exec(pkg.scripts.start);
  if (!m) throw new Error(`package.json's start script no longer runs "node [options] dist/zixun.mjs serve": ${pkg.scripts.start}`);
  return (m[1] ?? '').split(' ').filter(Boolean);
}
const CASE_KEYS = [
  'random',
  'hot',
  'mobile-random',
  'mobile-hot',
  'home',
  'category',
  'off-random',
  'off-mobile',
  'off-home',
  'off-category',
  'ceiling',
] as const;
type CaseKey = (typeof CASE_KEYS)[number];
/** BENCH_CASES=hot,ceiling: run only these cases (quick A/B runs); the report then has only their rows. */
const ONLY: ReadonlySet<CaseKey> = casesEnv();

// Browser-like agents: autocannon's default agent would be counted as a bot and skip the hit path.
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

const TARGETS = { cachedShare: 0.6, uncachedShare: 0.15, uncachedP99Ms: 25, coldStartMs: 1500, rssMb: 300 };

function intEnv(name: string, def: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number (got "${v}")`);
  return n;
}

function casesEnv(): ReadonlySet<CaseKey> {
  const v = process.env.BENCH_CASES;
  if (!v) return new Set(CASE_KEYS);
  const keys = v.split(',').map((k) => k.trim());
  const bad = keys.filter((k) => !(CASE_KEYS as readonly string[]).includes(k));
  if (bad.length) throw new Error(`BENCH_CASES: unknown case ${bad.join(', ')} (known: ${CASE_KEYS.join(', ')})`);
  return new Set(keys as CaseKey[]);
}

function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Child processes: every one is tracked and killed on the way out, whatever happens.

const children = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function killAllNow(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

process.on('exit', killAllNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping children`);
    killAllNow();
    process.exit(130);
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Got {
  status: number;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
}

function get(port: number, urlPath: string, ua = DESKTOP_UA, timeoutMs = 30_000): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, headers: { 'user-agent': ua }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout on ${urlPath}`)));
    req.on('error', reject);
  });
}

interface Memory {
  rssMb: number;
  hwmMb: number;
  /** Heap and other private memory. */
  anonMb: number;
  /** File pages mapped into the process: SQLite's mmap of the database counts here. */
  fileMb: number;
}

/** The memory line logged after a server's cases: /proc status plus smaps_rollup's split of private memory. */
function memoryLine(pid: number, m: Memory): string {
  let rollup = '';
  try {
    const t = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (k: string) => (Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(t)?.[1] ?? NaN) / 1024).toFixed(0);
    rollup = `; smaps_rollup Pss ${kb('Pss')} MB, Private_Dirty ${kb('Private_Dirty')} MB, Shared_Clean ${kb('Shared_Clean')} MB, Private_Clean ${kb('Private_Clean')} MB`;
  } catch {
    // not on Linux: the status figures are all there is
  }
  return `VmRSS ${m.rssMb.toFixed(0)} MB (RssAnon ${m.anonMb.toFixed(0)} MB, RssFile ${m.fileMb.toFixed(0)} MB), VmHWM ${m.hwmMb.toFixed(0)} MB${rollup}`;
}

function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024, anonMb: kb('RssAnon') / 1024, fileMb: kb('RssFile') / 1024 };
}

// ---------------------------------------------------------------------------------------------------
// The server under test

interface Server {
  child: ChildProcess;
  port: number;
  coldStartMs: number;
  /** Spawn → the server's "serving" line (modules loaded, database opened, port bound). */
  listeningMs: number;
  logFile: string;
}

async function startServer(name: string, pageCache: boolean): Promise<Server> {
  const port = await freePort();
  const logFile = path.join(RESULTS, `server-${name}.log`);
  const out = fs.createWriteStream(logFile);
  const t0 = performance.now();
  let listeningMs = NaN;
  const child = track(
    spawn(process.execPath, [...START_NODE_ARGS, ...NODE_ARGS, SERVER_BUNDLE, 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${DB_FILE}`,
        ZIXUN_DEMO: '0',
        ZIXUN_PAGE_CACHE: pageCache ? '1' : '0',
        ZIXUN_LOG: 'warn',
        // As `npm start` (package.json) runs the server: see docs/adr/0010-returning-freed-page-memory.md.
        MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '262144',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  child.stdout?.on('data', (d: Buffer) => {
    if (Number.isNaN(listeningMs) && d.includes('is serving')) listeningMs = performance.now() - t0;
    out.write(d);
  });
  child.stderr?.pipe(out);
  // Cold start: spawn → first 200 from the home page (which has to query the whole corpus once).
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server ${name} exited with ${child.exitCode}; see ${logFile}`);
    if (performance.now() - t0 > 60_000) throw new Error(`server ${name} did not answer within 60 s; see ${logFile}`);
    const ok = await get(port, '/', DESKTOP_UA, 5_000).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const coldStartMs = performance.now() - t0;
  log(
    `server ${name} (page cache ${pageCache ? 'on' : 'off'}) pid ${child.pid}: listening after ${listeningMs.toFixed(0)} ms, first home page after ${coldStartMs.toFixed(0)} ms`,
  );
  return { child, port, coldStartMs, listeningMs, logFile };
}

// ---------------------------------------------------------------------------------------------------
// Load cases

interface CaseResult {
  name: string;
  server: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  kbPerReq: number;
  non2xx: number;
  errors: number;
  completed: number;
  /** Server process CPU during the measured run, in cores (1 = one core busy all the time). */
  serverCpu: number;
  /** Server CPU time per completed response, µs. */
  cpuUsPerResp: number;
  /** The load generator's CPU during the measured run, in cores (autocannon runs in the bench process). */
  clientCpu: number;
  cacheHits: number;
  responses: number;
  note: string;
}

/** A request source: the same path every time, or a random pick from a list (setupRequest). */
function requestsFor(paths: string[], ua: string, counter: { hit: number; total: number }): RequestSpec[] {
  const onResponse: RequestSpec['onResponse'] = (_status, _body, _ctx, headers) => {
    counter.total++;
    if (headers['x-cache'] === 'HIT') counter.hit++;
  };
  const first = paths[0] as string;
  if (paths.length === 1) return [{ method: 'GET', path: first, headers: { 'user-agent': ua }, onResponse }];
  return [
    {
      method: 'GET',
      path: first,
      headers: { 'user-agent': ua },
      setupRequest: (req) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)] as string }),
      onResponse,
    },
  ];
}

async function load(name: string, server: string, target: { port: number; child: ChildProcess }, paths: string[], ua: string, note = ''): Promise<CaseResult> {
  const port = target.port;
  const counter = { hit: 0, total: 0 };
  log(`${server} · ${name}: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION} s`);
  const pid = target.child.pid as number;
  const requests = requestsFor(paths, ua, counter);
  const opts = { url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, timeout: 30, requests };
  await autocannon({ ...opts, duration: WARMUP_S });
  // Server CPU over the measured run: independent of the load generator, which shares the machine.
  const [user0, sys0] = cpuSplitMs(pid);
  const client0 = process.cpuUsage();
  const r: Result = await autocannon({ ...opts, duration: DURATION });
  const client = process.cpuUsage(client0);
  const [user1, sys1] = cpuSplitMs(pid);
  const serverCpuMs = user1 - user0 + (sys1 - sys0);
  const perResp = (ms: number) => (r.requests.total ? ((ms * 1000) / r.requests.total).toFixed(0) : '–');
  // The counter saw warm-up and measured requests alike; the hit ratio is over both.
  const res: CaseResult = {
    name,
    server,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    kbPerReq: r.requests.total ? r.throughput.total / r.requests.total / 1024 : 0,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    completed: r.requests.total,
    serverCpu: serverCpuMs / (r.duration * 1000),
    cpuUsPerResp: r.requests.total ? (serverCpuMs * 1000) / r.requests.total : NaN,
    clientCpu: (client.user + client.system) / 1000 / (r.duration * 1000),
    cacheHits: counter.hit,
    responses: counter.total,
    note,
  };
  await settle(target.child.pid as number);
  log(
    `  → ${res.completed} completed, ${res.rps.toFixed(0)} req/s, server CPU ${(res.serverCpu * 100).toFixed(0)}% of a core, ${res.cpuUsPerResp.toFixed(0)} µs/resp (user ${perResp(user1 - user0)}, system ${perResp(sys1 - sys0)}), client CPU ${(res.clientCpu * 100).toFixed(0)}% = ${perResp(res.clientCpu * r.duration * 1000)} µs/resp, p50 ${res.p50} ms, p99 ${res.p99} ms, max ${res.max} ms, ${res.kbPerReq.toFixed(1)} KB/req, non-2xx ${res.non2xx}, errors ${res.errors}, x-cache HIT ${pct(res.cacheHits, res.responses)}`,
  );
  return res;
}

function pct(a: number, b: number): string {
  return b ? `${((a / b) * 100).toFixed(1)}%` : '–';
}

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  const [user, sys] = cpuSplitMs(pid);
  return user + sys;
}

/** User and system CPU time a process has used so far, in ms. */
function cpuSplitMs(pid: number): [number, number] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [(Number(fields[11]) * 1000) / 100, (Number(fields[12]) * 1000) / 100]; // utime, stime in clock ticks (USER_HZ = 100)
}

/**
 * After a case the server may still be rendering what the client gave up on (50 slow requests in flight,
 * interleaved with new ones, so a quick answer to one request proves nothing): wait until the process
 * stays nearly idle for a second, so that backlog is not charged to the next case.
 */
async function settle(pid: number): Promise<void> {
  const t0 = performance.now();
  let quiet = 0;
  let last = cpuMs(pid);
  while (performance.now() - t0 < 300_000) {
    await new Promise((r) => setTimeout(r, 250));
    const now = cpuMs(pid);
    quiet = now - last < 25 ? quiet + 1 : 0; // under 10% of a core for this 250 ms
    last = now;
    if (quiet >= 4) {
      const waited = performance.now() - t0;
      if (waited > 2_000) log(`  (server kept working ${(waited / 1000).toFixed(1)} s after the case ended)`);
      return;
    }
  }
  log('  (server still busy after 300 s)');
}

/** What the ceiling sends: the bytes and headers of one real cached page. */
interface Sample {
  body: Buffer;
  /** Response headers as the server sent them, minus those node:http writes itself (date, connection, keep-alive). */
  headers: Array<[string, string]>;
}

/** Request every path once (8 at a time) so the cache holds it; returns the mean body size and the page closest to it. */
async function prewarm(port: number, paths: string[], ua: string): Promise<{ meanBytes: number; sample: Sample }> {
  const t0 = performance.now();
  let i = 0;
  let bytes = 0;
  const got: Got[] = [];
  const worker = async () => {
    while (i < paths.length) {
      const p = paths[i++] as string;
      const r = await get(port, p, ua);
      if (r.status !== 200) throw new Error(`pre-warm ${p}: ${r.status}`);
      bytes += r.body.length;
      got.push(r);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (paths.length > 1) log(`  pre-warmed ${paths.length} pages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const meanBytes = bytes / paths.length;
  const closest = got.reduce((a, b) => (Math.abs(b.body.length - meanBytes) < Math.abs(a.body.length - meanBytes) ? b : a));
  const own = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
  const headers = Object.entries(closest.headers)
    .filter(([k]) => !own.has(k))
    .map(([k, v]) => [k, String(v)] as [string, string]);
  return { meanBytes, sample: { body: closest.body, headers } };
}

// ---------------------------------------------------------------------------------------------------
// The ceiling: what node:http alone does on this machine with the same client and the same bytes.
//
// It answers every request with the bytes and headers of one real hot-set page (the one closest to their mean
// size), not a buffer of filler: the client (autocannon) decodes every body into a string, and UTF-8 Chinese costs it
// some 15 times what ASCII filler does (about 60 µs against 4 µs per 21 KB page on this machine), which made the
// ceiling's client cheaper than the page's and its req/s incomparable.

const CEILING_SRC = `
const fs = require('node:fs');
const http = require('node:http');
const body = fs.readFileSync(process.env.BODY_FILE);
const headers = JSON.parse(process.env.BODY_HEADERS).flat();
http.createServer((req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\\n'));
`;

async function startCeiling(sample: Sample): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const bodyFile = path.join(RESULTS, 'ceiling-body.html');
  fs.writeFileSync(bodyFile, sample.body);
  const child = track(
    spawn(process.execPath, ['-e', CEILING_SRC], {
      env: { ...process.env, PORT: String(port), BODY_FILE: bodyFile, BODY_HEADERS: JSON.stringify(sample.headers) },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (c) => reject(new Error(`ceiling server exited with ${c}`)));
  });
  return { child, port };
}

// ---------------------------------------------------------------------------------------------------
// Corpus

interface Corpus {
  ids: number[];
  categorySlug: string;
  categoryArticles: number;
  seedSeconds: number;
}

/**
 * A reused database seeded before 2026-11-28 has no related-article lists, and one indexed by an older analyzer
 * would make every benchmarked server rebuild its search index at start-up: fix both (`zixun reindex`) once.
 */
function ensureRelatedLists(): void {
  const db = new Database(DB_FILE, { readonly: true });
  let lists = 0;
  let version: unknown;
  try {
    lists = (db.prepare('select count(*) as n from related_articles').get() as { n: number }).n;
    const row = db.prepare('select value from settings where key = ?').get(INDEX_VERSION_SETTING) as { value: string } | undefined;
    version = row ? JSON.parse(row.value) : undefined;
  } finally {
    db.close();
  }
  const why =
    lists === 0
      ? 'has no related-article lists'
      : version !== INDEX_VERSION
        ? `has search index version ${JSON.stringify(version ?? null)}, not ${INDEX_VERSION}`
        : undefined;
  if (!why) return;
  log(`${path.relative(ROOT, DB_FILE)} ${why}: running zixun reindex (about 3 min at 100,000)`);
  run(process.execPath, ['bin/zixun.mjs', 'reindex'], { DATABASE_URL: `sqlite:${DB_FILE}`, ZIXUN_DEMO: '0' });
}

function seedCorpus(): Corpus {
  fs.mkdirSync(RESULTS, { recursive: true });
  let seedSeconds = NaN;
  const reuse = (process.env.BENCH_REUSE_DB === '1' || !!process.env.BENCH_DB) && fs.existsSync(DB_FILE);
  if (reuse) {
    log(`reusing ${path.relative(ROOT, DB_FILE)} (${process.env.BENCH_DB ? 'BENCH_DB' : 'BENCH_REUSE_DB=1'})`);
  } else {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(DB_FILE + suffix, { force: true });
    log(`seeding ${ARTICLES} articles (seed ${SEED}) into ${path.relative(ROOT, DB_FILE)}`);
    const t0 = performance.now();
    run(process.execPath, ['bin/zixun.mjs', 'seed', '--articles', String(ARTICLES), '--seed', String(SEED)], {
      DATABASE_URL: `sqlite:${DB_FILE}`,
      ZIXUN_DEMO: '0',
      // With the search index and the related-article lists, as on a site whose articles were published through
      // the app (each publish computes its 相关文章): the article page reads its precomputed list. About 3 min at 100,000.
    });
    seedSeconds = (performance.now() - t0) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s`);
  }
  ensureRelatedLists();
  const db = new Database(DB_FILE, { readonly: true });
  try {
    const ids = (db.prepare(`select id from articles where status = 'published' order by id`).all() as Array<{ id: number }>).map((r) => r.id);
    if (ids.length < ARTICLES) throw new Error(`expected at least ${ARTICLES} published articles, found ${ids.length}`);
    // The top-level category with the most articles (its own and its children's).
    const cat = db
      .prepare(
        `select p.slug as slug, count(*) as n from articles a join categories c on c.id = a.category_id
         join categories p on p.id = coalesce(c.parent_id, c.id) where a.status = 'published' group by p.slug order by n desc limit 1`,
      )
      .get() as { slug: string; n: number } | undefined;
    if (!cat) throw new Error('the seeded database has no category');
    return { ids, categorySlug: cat.slug, categoryArticles: cat.n, seedSeconds };
  } finally {
    db.close();
  }
}

/** Deterministic shuffle (mulberry32) so the hot set is the same on every run. */
function shuffled<T>(xs: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Report

function machine(): { cores: number; cpu: string; memGb: number; node: string; kernel: string } {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return { cores: os.availableParallelism(), cpu, memGb: os.totalmem() / 1024 ** 3, node: process.version, kernel: os.release() };
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–';
}

interface Report {
  date: string;
  articles: number;
  corpus: Corpus;
  pageBytes: number;
  coldStart: { cacheOn: number; cacheOff: number; listeningOn: number; listeningOff: number };
  memory: { cacheOn: Memory; cacheOff: Memory };
  ceiling: CaseResult;
  cases: CaseResult[];
  durationS: number;
  loadBefore: number[];
  loadAfter?: number[];
}

function markdown(r: Report): string {
  const m = machine();
  const ceil = r.ceiling.rps;
  const find = (server: string, name: string) => r.cases.find((c) => c.server === server && c.name === name);
  const row = (c: CaseResult) =>
    `| ${c.name} | ${c.server} | ${fmt(c.completed)} | ${fmt(c.rps)} | ${fmt(c.serverCpu * 100)}% | ${fmt(c.cpuUsPerResp)} | ${fmt(c.clientCpu * 100)}% | ${fmt(c.p50)} | ${fmt(c.p99)} | ${fmt(c.max)} | ${c === r.ceiling ? '100%' : pct(c.rps, ceil)} | ${c === r.ceiling ? '100%' : pct(r.ceiling.cpuUsPerResp, c.cpuUsPerResp)} | ${c.server === 'ceiling' ? '–' : pct(c.cacheHits, c.responses)} | ${fmt(c.kbPerReq, 1)} |${c.non2xx || c.errors ? ` non-2xx ${c.non2xx}, errors ${c.errors}.` : ''} ${c.note} |`;

  const cached = find('cache on', 'article, hot set of 1,000 ids');
  const cachedRandom = find('cache on', `article, random of ${fmt(r.corpus.ids.length)} ids`);
  const uncached = find('cache off', `article, random of ${fmt(r.corpus.ids.length)} ids`);
  const mem = (x: Memory) =>
    `${fmt(x.rssMb)} MB (heap and other private ${fmt(x.anonMb)} MB, mapped database file ${fmt(x.fileMb)} MB; peak ${fmt(x.hwmMb)} MB)`;
  /** Every measured value under the limit; undefined when none was measured (BENCH_CASES left it out). */
  const below = (limit: number, ...xs: number[]) => {
    const measured = xs.filter(Number.isFinite);
    return measured.length ? Math.max(...measured) < limit : undefined;
  };
  const verdict = (ok: boolean | undefined) => (ok === undefined ? '–' : ok ? '**met**' : '**not met**');
  const targets = [
    `| cached article page ≥ ${TARGETS.cachedShare * 100}% of the ceiling's req/s | hot set: ${cached ? `${fmt(cached.rps)} req/s = ${pct(cached.rps, ceil)} (by CPU per response: ${pct(r.ceiling.cpuUsPerResp, cached.cpuUsPerResp)})` : '–'}${cachedRandom ? `; random over all ids: ${pct(cachedRandom.rps, ceil)}` : ''} | ${verdict(cached && cached.rps >= TARGETS.cachedShare * ceil)} |`,
    `| cache-off article page ≥ ${TARGETS.uncachedShare * 100}% of the ceiling, p99 < ${TARGETS.uncachedP99Ms} ms | ${uncached ? `${fmt(uncached.rps)} req/s = ${pct(uncached.rps, ceil)} (by CPU per response: ${pct(r.ceiling.cpuUsPerResp, uncached.cpuUsPerResp)}), p99 ${fmt(uncached.p99)} ms` : '–'} | ${verdict(uncached && uncached.rps >= TARGETS.uncachedShare * ceil && uncached.p99 < TARGETS.uncachedP99Ms)} |`,
    `| cold start < ${TARGETS.coldStartMs / 1000} s | spawn → first 200 from \`/\`: ${fmt(r.coldStart.cacheOn)} ms (listening after ${fmt(r.coldStart.listeningOn)} ms, the rest is the first home page render); second server ${fmt(r.coldStart.cacheOff)} ms (listening after ${fmt(r.coldStart.listeningOff)} ms) | ${verdict(below(TARGETS.coldStartMs, r.coldStart.cacheOn, r.coldStart.cacheOff))} |`,
    `| server RSS < ${TARGETS.rssMb} MB | ${mem(r.memory.cacheOn)} after the cache-on runs; ${mem(r.memory.cacheOff)} after the cache-off runs | ${verdict(below(TARGETS.rssMb, r.memory.cacheOn.rssMb, r.memory.cacheOff.rssMb))} |`,
  ];

  return `# Benchmarks

\`npm run bench\` (bench/run.ts) seeds a fresh SQLite database with \`zixun seed --articles ${fmt(r.articles)} --seed ${SEED}\`, builds
\`dist/zixun.mjs\`, starts the built server (\`node dist/zixun.mjs serve\`, \`ZIXUN_DEMO=0\`) as a child process and loads it
with autocannon (programmatic API, in the bench process) at ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION} s per case,
with a browser user agent so every article view goes through hit counting. It runs once with the page cache on
(\`ZIXUN_PAGE_CACHE=1\`) and once more on a second server with it off (\`ZIXUN_PAGE_CACHE=0\`). The ceiling is a plain
\`node:http\` server in a child process answering every request with the bytes and headers of one real cached article page
(the hot-set desktop page closest to their mean size of ${fmt(r.pageBytes)} bytes), driven by the same client with the same request
mix as the hot-set case. (Until 2026-11-27 17:00 it sent a buffer of ASCII filler: autocannon decodes every response body
into a string, and UTF-8 Chinese costs it some 15 times what ASCII does, so that ceiling's client did less work per response.) After
each case the bench waits until the server process is idle again (by its CPU time in /proc), so requests still being
rendered when a case ends are not charged to the next one. Before the servers start, the database file is read once so
that it is in the OS's file cache, as on a server that has been running (this machine's kernel reclaims file pages left
untouched for a while). Targets are reported here, never asserted.

Knobs: \`BENCH_ARTICLES\` (corpus size), \`BENCH_DURATION\`, \`BENCH_CONNECTIONS\`, \`BENCH_REUSE_DB=1\` (skip seeding when
\`bench/results/bench-N.db\` exists), \`BENCH_NO_README=1\` (do not rewrite this file), \`BENCH_REPORT_FROM=<saved .json>\`
(rewrite this file from a saved run), \`BENCH_DB=<file>\` (a database of one's own, reused when it exists),
\`BENCH_SERVER=<bundle>\` (serve another build; nothing is built), \`BENCH_CASES=hot,ceiling\` (only these cases; keys:
${CASE_KEYS.map((k) => `\`${k}\``).join(', ')}), \`BENCH_NODE_ARGS\` (node options for the server), \`BENCH_RESULTS=<dir>\`.
Raw results and server logs go to \`bench/results/\` (ignored by git).

## Latest run: ${r.date}

Machine: ${m.cores} cores (\`nproc\`), ${m.cpu}, ${fmt(m.memGb, 1)} GiB memory, Node.js ${m.node}, Linux ${m.kernel}.
Load average (1, 5, 15 min) before the run: ${r.loadBefore.map((x) => x.toFixed(2)).join(', ')}${r.loadAfter ? `; after it: ${r.loadAfter.map((x) => x.toFixed(2)).join(', ')}` : ''} (other work on the machine competes for the same cores).
The load generator shares these cores with the server, as it does with the ceiling; while other work ran on this
machine, repeated runs of the same case differed by up to a factor of two in req/s (CPU µs/resp is much steadier). "responses" counts responses completed in the measured ${DURATION} s.
Corpus: ${fmt(r.corpus.ids.length)} published articles with their search index and precomputed 相关文章 lists (\`zixun seed\` builds both, as publishing does)${Number.isFinite(r.corpus.seedSeconds) ? `, seeded in ${fmt(r.corpus.seedSeconds, 1)} s` : ''}; category page: \`/category/${r.corpus.categorySlug}/\`
(${fmt(r.corpus.categoryArticles)} articles with its subcategories). Whole run: ${fmt(r.durationS / 60, 1)} min.

| case | server | responses | req/s | server CPU | CPU µs/resp | client CPU | p50 ms | p99 ms | max ms | vs ceiling (req/s) | vs ceiling (CPU) | x-cache HIT | KB/resp | notes |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
${[...r.cases, r.ceiling].map(row).join('\n')}

"server CPU" is the server process's CPU time during the measured seconds (100% = one core busy throughout) and
"CPU µs/resp" that time divided by the responses completed: unlike req/s, these hardly depend on the load generator
or on other work on the machine. "vs ceiling (CPU)" is the ceiling's CPU per response divided by the case's: the share
of the ceiling's throughput the case would reach if the server had a core to itself. "client CPU" is the load generator's
(the bench process's) CPU time over the same seconds: at 100% the client, not the server, sets req/s. CPU per
response also depends on the request rate (a server woken for fewer requests at a time pays more per request), so a case
served at a lower rate than the ceiling is charged somewhat more than its own work.
${
  r.ceiling.serverCpu < 0.9
    ? `The ceiling server used only ${fmt(r.ceiling.serverCpu * 100)}% of a core: the load generator (and any other work on the machine),
not node:http, sets the ceiling's req/s, so a cached page near 100% of it means the page cache is no longer the bottleneck; the CPU per
response (${fmt(r.ceiling.cpuUsPerResp)} µs for the ceiling) is the fairer comparison.`
    : `The ceiling server was saturated (${fmt(r.ceiling.serverCpu * 100)}% of a core), so the ratios compare server work.`
}

"x-cache HIT" is the share of responses (warm-up included) that the page cache served whole. Random ids over the
whole corpus cannot fit: the cache holds at most 40 MiB of pages and fragments (48 MiB until 2026-11-29 13:00, 64 MiB until 2026-11-27 22:30), so it fills as the run goes and most requests
still render; the hot-set case (1,000 ids, pre-warmed) is what a cached article page costs. Every request comes from
127.0.0.1 with one user agent, so after an article's first view its hits are deduplicated (the lookup still runs).

Cached pages are answered by the fast lane (ADR 0009): a request listener in front of Fastify that, for the opted-in
GET routes (article, home and list pages), computes the route's own cache key, and when the page and all its fragments
are fresh in the cache writes the stored bytes with the same headers as the route (or a 304) and counts the view; misses
and everything else go through Fastify as before. The page cache's budget (\`ZIXUN_PAGE_CACHE_MB\`, 40 MiB) counts what it holds: one buffer per
page (literal parts and fragments assembled in place, no second assembled copy) plus the fragments, each in a buffer
of its own (small \`Buffer.from\` strings share 8 KiB slabs, which a cached entry would keep alive uncounted), and
fragment names are copied out of the rendered page (a regex match is a slice that kept each cached page's whole HTML
string alive: about 40 KB per page on the V8 heap). Memory after the cache-on cases, measured 2026-11-27 on a copy of
this corpus with a fixed amount of the same work: the V8 heap is about 90 MB (32 MB of it the young generation's
reserve), the page cache's buffers about 70 MB (outside the V8 heap), SQLite's own page cache up to its \`cache_size\` of
16 MiB (32 MiB until 2026-11-27 22:00), the node binary about 50 MB of mapped file, the rest malloc's. Since 2026-11-27 22:00
modules only some requests use (pg, jieba's dictionary, sanitize-html, nodemailer, ajv) load on first use, so a server
that only serves pages never holds them. SQLite no longer maps the database file
(\`mmap_size\` was 64 MiB until 2026-11-27 17:30): the map added up to 64 MB of file pages to RSS and bought nothing
measurable per uncached page, since pages missing from SQLite's cache come from the OS's file cache, which RSS does not
count (374 → 292 MB at the end of that run; the peak fell less, 374 → 347 MB, because without the map SQLite's own cache
fills instead).

### Targets

| target | measured | |
|---|---|---|
${targets.join('\n')}
${uncached ? `\n${latencyBound(uncached, m.cores)}\n` : ''}`;
}

/**
 * What the cache-off p99 target asks of throughput. autocannon is a closed loop: each of the connections sends its next
 * request when the last response arrives, so the mean latency is connections ÷ req/s (Little's law), whatever the server.
 */
function latencyBound(c: CaseResult, cores: number): string {
  const floor = (CONNECTIONS * 1000) / TARGETS.uncachedP99Ms;
  const meanMs = (CONNECTIONS * 1000) / c.rps;
  const spread = c.p99 / meanMs;
  const needed = floor * Math.max(1, spread);
  return `At ${CONNECTIONS} connections, each sending its next request when its last response arrives, the mean latency is ${CONNECTIONS} ÷ req/s (Little's law): ${fmt(meanMs, 1)} ms at the cache-off article page's ${fmt(c.rps)} req/s. A p99 under ${TARGETS.uncachedP99Ms} ms therefore needs at least ${fmt(floor)} uncached pages/s even if every response took exactly as long; with this run's p99 at ${fmt(spread, 2)}× the mean, about ${fmt(needed)} req/s, ${fmt(needed / c.rps, 1)}× what was measured. With the load generator on the same ${cores} cores, that rate leaves the server about ${fmt((Math.max(0, cores - c.clientCpu * (needed / c.rps)) * 1e6) / needed)} µs of CPU per page on all its threads (this run: ${fmt(c.cpuUsPerResp)} µs).`;
}

// ---------------------------------------------------------------------------------------------------

/**
 * Reads the database file once, so that it is in the OS's file cache as on a server that has been running: this
 * machine's kernel reclaims file pages it has not touched for a while, and the first cases otherwise paid for disk
 * reads (up to 1.7× the CPU per response and half the req/s in a run after 40 idle minutes).
 */
function warmFileCache(file: string): void {
  const t0 = performance.now();
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(4 << 20);
  let bytes = 0;
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) bytes += n;
  fs.closeSync(fd);
  log(`read ${(bytes / 1048576).toFixed(0)} MB of ${path.relative(ROOT, file)} into the file cache in ${(performance.now() - t0).toFixed(0)} ms`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = os.loadavg();
  fs.mkdirSync(RESULTS, { recursive: true });

  // Build first, so that bin/zixun.mjs (which runs dist/ when present) seeds with the current code.
  if (process.env.BENCH_SERVER) log(`serving ${SERVER_BUNDLE} (BENCH_SERVER, no build)`);
  else {
    log('building dist/zixun.mjs');
    run(process.execPath, ['scripts/build.mjs'], {});
  }
  log(`server: node ${[...START_NODE_ARGS, ...NODE_ARGS].join(' ')} ${path.relative(ROOT, SERVER_BUNDLE)} serve`);
  const corpus = seedCorpus();
  warmFileCache(DB_FILE);
  const n = corpus.ids.length;
  const hot = shuffled(corpus.ids, SEED).slice(0, HOT_SET);
  const articlePaths = corpus.ids.map((id) => `/news/${id}.html`);
  const mobilePaths = corpus.ids.map((id) => `/mobile/news/${id}.html`);
  const hotPaths = hot.map((id) => `/news/${id}.html`);
  const hotMobilePaths = hot.map((id) => `/mobile/news/${id}.html`);
  const categoryPath = `/category/${corpus.categorySlug}/`;
  const randomName = `article, random of ${fmt(n)} ids`;
  const cases: CaseResult[] = [];

  const want = (...keys: CaseKey[]) => keys.some((k) => ONLY.has(k));
  const noServer = { coldStartMs: NaN, listeningMs: NaN };
  const noMemory: Memory = { rssMb: NaN, hwmMb: NaN, anonMb: NaN, fileMb: NaN };

  // --- page cache on (the hot set is always pre-warmed when the ceiling runs: its size is the ceiling's body)
  let on: Pick<Server, 'coldStartMs' | 'listeningMs'> = noServer;
  let memOn = noMemory;
  let pageBytes = NaN;
  let sample: Sample | undefined;
  if (want('random', 'hot', 'mobile-random', 'mobile-hot', 'home', 'category', 'ceiling')) {
    const s = await startServer('cache-on', true);
    on = s;
    for (const p of [articlePaths[Math.floor(n / 2)] as string, categoryPath, '/mobile/', `/mobile${categoryPath}`]) {
      const r = await get(s.port, p);
      if (r.status !== 200) throw new Error(`${p} answered ${r.status}`);
    }
    if (want('random')) cases.push(await load(randomName, 'cache on', s, articlePaths, DESKTOP_UA, 'cache fills as it goes'));
    const warm = await prewarm(s.port, hotPaths, DESKTOP_UA);
    pageBytes = Math.round(warm.meanBytes);
    sample = warm.sample;
    if (want('hot')) cases.push(await load('article, hot set of 1,000 ids', 'cache on', s, hotPaths, DESKTOP_UA, 'pre-warmed'));
    if (want('mobile-random'))
      cases.push(await load(`mobile article, random of ${fmt(n)} ids`, 'cache on', s, mobilePaths, PHONE_UA, 'cache fills as it goes'));
    if (want('mobile-hot')) {
      await prewarm(s.port, hotMobilePaths, PHONE_UA);
      cases.push(await load('mobile article, hot set of 1,000 ids', 'cache on', s, hotMobilePaths, PHONE_UA, 'pre-warmed'));
    }
    if (want('home')) {
      await prewarm(s.port, ['/'], DESKTOP_UA);
      cases.push(await load('home page /', 'cache on', s, ['/'], DESKTOP_UA, 'pre-warmed'));
    }
    if (want('category')) {
      await prewarm(s.port, [categoryPath], DESKTOP_UA);
      cases.push(await load(`category page ${categoryPath}`, 'cache on', s, [categoryPath], DESKTOP_UA, 'pre-warmed'));
    }
    memOn = memoryOf(s.child.pid as number);
    log(`cache-on server: ${memoryLine(s.child.pid as number, memOn)}`);
    await stopChild(s.child);
  }

  // --- page cache off
  let off: Pick<Server, 'coldStartMs' | 'listeningMs'> = noServer;
  let memOff = noMemory;
  if (want('off-random', 'off-mobile', 'off-home', 'off-category')) {
    const s = await startServer('cache-off', false);
    off = s;
    if (want('off-random')) cases.push(await load(randomName, 'cache off', s, articlePaths, DESKTOP_UA));
    if (want('off-mobile')) cases.push(await load(`mobile article, random of ${fmt(n)} ids`, 'cache off', s, mobilePaths, PHONE_UA));
    if (want('off-home')) cases.push(await load('home page /', 'cache off', s, ['/'], DESKTOP_UA));
    if (want('off-category')) cases.push(await load(`category page ${categoryPath}`, 'cache off', s, [categoryPath], DESKTOP_UA));
    memOff = memoryOf(s.child.pid as number);
    log(`cache-off server: ${memoryLine(s.child.pid as number, memOff)}`);
    await stopChild(s.child);
  }

  // --- ceiling: the same client work as the hot-set article case (random pick of the same paths), so the
  // ratio compares server work only.
  if (!want('ceiling')) throw new Error('BENCH_CASES must include ceiling: every ratio is against it');
  if (!sample) throw new Error('no pre-warmed page for the ceiling');
  const ceilingServer = await startCeiling(sample);
  const ceiling = await load(
    `plain node:http, one ${fmt(sample.body.length)}-byte page`,
    'ceiling',
    ceilingServer,
    hotPaths,
    DESKTOP_UA,
    'same request mix as the hot set',
  );
  await stopChild(ceilingServer.child);

  const date = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const report: Report = {
    date,
    articles: ARTICLES,
    corpus: { ...corpus, ids: corpus.ids },
    pageBytes,
    coldStart: { cacheOn: on.coldStartMs, cacheOff: off.coldStartMs, listeningOn: on.listeningMs, listeningOff: off.listeningMs },
    memory: { cacheOn: memOn, cacheOff: memOff },
    ceiling,
    cases,
    durationS: (performance.now() - started) / 1000,
    loadBefore,
    loadAfter: os.loadavg(),
  };
  const md = markdown(report);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  fs.writeFileSync(
    path.join(RESULTS, `${stamp}.json`),
    JSON.stringify({ ...report, corpus: { ...corpus, ids: undefined, articles: n }, machine: machine() }, null, 2),
  );
  fs.writeFileSync(path.join(RESULTS, `${stamp}.md`), md);
  if (process.env.BENCH_NO_README !== '1') await writeReadme(md);
  else process.stdout.write(md);
}

/** BENCH_REPORT_FROM=bench/results/<run>.json: rewrite bench/README.md from a saved run (no load). */
async function reportFrom(file: string): Promise<void> {
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Report & { corpus: Corpus & { articles: number } };
  const report: Report = { ...saved, corpus: { ...saved.corpus, ids: new Array<number>(saved.corpus.articles).fill(0) } };
  await writeReadme(markdown(report));
}

/** bench/README.md in the project's prettier style, so `npm run check` stays green after a run. */
async function formatted(md: string): Promise<string> {
  const file = path.join(ROOT, 'bench', 'README.md');
  return prettier.format(md, { ...(await prettier.resolveConfig(file)), filepath: file });
}

/** What follows this marker in bench/README.md (notes, the search and related sections) is kept as it is. */
const KEEP_MARK = '<!-- page-bench:end -->';

async function writeReadme(md: string): Promise<void> {
  const file = path.join(ROOT, 'bench', 'README.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const at = old.indexOf(KEEP_MARK);
  const out = await formatted(`${md.trimEnd()}\n\n${at >= 0 ? old.slice(at) : `${KEEP_MARK}\n`}`);
  fs.writeFileSync(path.join(ROOT, 'bench', 'README.md'), out);
  process.stdout.write(out);
}

try {
  if (process.env.BENCH_REPORT_FROM) await reportFrom(process.env.BENCH_REPORT_FROM);
  else await main();
} catch (e) {
  log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
} finally {
  await Promise.all([...children].map((c) => stopChild(c, 2_000)));
  killAllNow();
}
