// Search benchmark (issue 4 §7): index build rate, index size, and search latency through HTTP for
// one-, two- and three-word queries at concurrency 4, on SQLite and PostgreSQL, at two corpus sizes.
//
//   node --import tsx bench/search.ts          (also run by `npm run bench`, after bench/run.ts)
//
// Environment: BENCH_SEARCH_SIZES (default "20000,200000"), BENCH_SEARCH_DIALECTS (default
// "sqlite,postgres"), BENCH_SEARCH_DURATION seconds per query class (default 10), BENCH_PG_URL
// (default postgres://postgres@127.0.0.1:5432/postgres; a database zixun_bench_search_<N> is created
// on it), BENCH_REUSE_DB=1 (keep an already seeded database), BENCH_SEARCH_DB_PREFIX (SQLite files are
// bench/results/<prefix><N>.db, default "search-": give a copy of your own a prefix of its own),
// BENCH_NO_README=1, BENCH_SEARCH_REPORT=1 (no measurement: rewrite the README section from the saved
// latest figures). Results go to
// bench/results/search-*.json and to bench/README.md under "## Search" (replaced on each run).
// Targets are reported, never asserted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon, { type RequestSpec } from 'autocannon';
import pg from 'pg';
import * as prettier from 'prettier';
import { parseDatabaseUrl } from '../src/config.ts';
import { openDatabase, migrate, analyze } from '../src/platform/db/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createSegmenter, isStopWord } from '../src/platform/text/index.ts';
import { createCategories } from '../src/features/categories/index.ts';
import { createSearch } from '../src/features/search/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '20000,200000').split(',').map(Number);
const DIALECTS = (process.env.BENCH_SEARCH_DIALECTS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;
const DURATION = Number(process.env.BENCH_SEARCH_DURATION ?? 10);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = 4;
const TARGETS = { p50Ms: 10, p99Ms: 50, indexRate: 2000 };
const log = (m: string) => process.stderr.write(`[bench search ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

interface Latency {
  words: number;
  queries: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}
interface Row {
  dialect: string;
  articles: number;
  seedSecs: number | null;
  indexSecs: number;
  indexRate: number;
  indexBytes: number | null;
  latency: Latency[];
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

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

function getStatus(port: number, p: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

async function databaseUrl(dialect: 'sqlite' | 'postgres', n: number): Promise<{ url: string; fresh: boolean }> {
  if (dialect === 'sqlite') {
    const file = path.join(RESULTS, `${process.env.BENCH_SEARCH_DB_PREFIX ?? 'search-'}${n}.db`);
    const fresh = !(process.env.BENCH_REUSE_DB === '1' && fs.existsSync(file));
    if (fresh) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    return { url: `sqlite:${file}`, fresh };
  }
  const name = `zixun_bench_search_${n}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  const exists = (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  const fresh = !(process.env.BENCH_REUSE_DB === '1' && exists);
  if (fresh) {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  }
  await c.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return { url: u.toString(), fresh };
}

/** Queries of 1, 2 and 3 words taken from titles of the corpus, so that most of them have results. */
async function queriesFrom(url: string): Promise<Record<1 | 2 | 3, string[]>> {
  const dbh = openDatabase(parseDatabaseUrl(url));
  const seg = createSegmenter();
  const rows = await dbh.db.selectFrom('articles').select('title').where('status', '=', 'published').orderBy('id').limit(20_000).execute();
  await dbh.close();
  const out: Record<1 | 2 | 3, string[]> = { 1: [], 2: [], 3: [] };
  let i = 0;
  for (const r of rows) {
    const words = [...new Set(seg.words(r.title).filter((w) => w.length >= 2 && !isStopWord(w)))];
    const k = ((i++ % 3) + 1) as 1 | 2 | 3;
    if (words.length >= k && out[k].length < 300) {
      const start = (i * 7) % (words.length - k + 1);
      out[k].push(words.slice(start, start + k).join(' '));
    }
  }
  return out;
}

async function serve(url: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/zixun.mjs', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ZIXUN_FROM_SOURCE: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      ZIXUN_DEMO: '0',
      ZIXUN_LOG: 'warn',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const t0 = performance.now();
  while ((await getStatus(port, '/search?q=%E9%9D%92%E5%B7%9D')) !== 200) {
    if (child.exitCode !== null || performance.now() - t0 > 120_000) throw new Error('search server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, port };
}

async function measure(port: number, words: number, queries: string[]): Promise<Latency> {
  const paths = queries.map((q) => `/search?q=${encodeURIComponent(q)}`);
  const requests: RequestSpec[] = [
    { method: 'GET', path: paths[0] as string, setupRequest: (req) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)] as string }) },
  ];
  const opts = { url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, timeout: 30, requests };
  await autocannon({ ...opts, duration: 2 });
  const r = await autocannon({ ...opts, duration: DURATION });
  const res = {
    words,
    queries: queries.length,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
  log(`  ${words}-word queries: ${res.rps.toFixed(0)} req/s, p50 ${res.p50} ms, p99 ${res.p99} ms, non-2xx ${res.non2xx}, errors ${res.errors}`);
  return res;
}

async function benchOne(dialect: 'sqlite' | 'postgres', n: number): Promise<Row> {
  const { url, fresh } = await databaseUrl(dialect, n);
  let seedSecs: number | null = null;
  if (fresh) {
    log(`${dialect} ${n}: seeding`);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['bin/zixun.mjs', 'seed', '--articles', String(n), '--seed', '42'], {
      cwd: ROOT,
      env: { ...process.env, ZIXUN_FROM_SOURCE: '1', DATABASE_URL: url, ZIXUN_SEED_NO_REINDEX: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`seed exited with ${r.status}`);
    seedSecs = (performance.now() - t0) / 1000;
  }
  log(`${dialect} ${n}: rebuilding the search index`);
  const dbh = openDatabase(parseDatabaseUrl(url));
  await migrate(dbh);
  const search = createSearch({ dbh, clock: systemClock, categories: createCategories({ db: dbh.db, clock: systemClock }) });
  const built = await search.reindex({});
  await analyze(dbh);
  const stats = await search.stats();
  await dbh.close();
  const indexSecs = built.ms / 1000;
  log(
    `${dialect} ${n}: ${built.count} articles indexed in ${indexSecs.toFixed(1)} s (${(built.count / indexSecs).toFixed(0)}/s), index ${stats.bytes === null ? '?' : (stats.bytes / 1048576).toFixed(1)} MB`,
  );
  const queries = await queriesFrom(url);
  const server = await serve(url);
  const latency: Latency[] = [];
  try {
    for (const k of [1, 2, 3] as const) latency.push(await measure(server.port, k, queries[k]));
  } finally {
    server.child.kill('SIGTERM');
  }
  return { dialect, articles: n, seedSecs, indexSecs, indexRate: built.count / indexSecs, indexBytes: stats.bytes, latency };
}

const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const yes = (ok: boolean) => (ok ? 'yes' : 'no');

function markdown(rows: Row[], load: { before: number[]; after: number[] }, secs: number): string {
  const lines = [
    '## Search',
    '',
    `<!-- search-bench:start -->`,
    '',
    `\`node --import tsx bench/search.ts\` (also run by \`npm run bench\`) seeds each database with \`zixun seed --articles N --seed 42\``,
    `(search index rebuild skipped there), rebuilds the search index in process with \`search.reindex()\` (what \`zixun reindex\` runs,`,
    `without the related-articles rebuild that command also does), then starts \`zixun serve\` from source and loads \`/search?q=…\` with`,
    `autocannon at ${CONNECTIONS} connections: 2 s warm-up, then ${DURATION} s per query class. Queries are 1, 2 or 3 words taken from`,
    'titles of the corpus (up to 300 different queries per class, picked at random per request), so nearly all have results;',
    'times include rendering the whole results page. Targets are reported, never asserted.',
    '',
    process.env.BENCH_SEARCH_REPORT === '1'
      ? `Figures as last measured per row (see bench/results/search-latest.json), on ${os.availableParallelism()} cores, Node.js ${process.version}.`
      : `Last run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (rows from earlier runs are kept until re-measured) on ${os.availableParallelism()} cores, Node.js ${process.version}, ${secs.toFixed(0)} s in all. Load average before: ${load.before.map((x) => x.toFixed(2)).join(', ')}; after: ${load.after.map((x) => x.toFixed(2)).join(', ')}.`,
    'The machine is shared with other work (other test suites and benchmarks may run at the same time, and the load generator',
    'shares the cores with the server): absolute figures are noisy and pessimistic, and rows measured at different times are',
    'not strictly comparable.',
    '',
    '| database | articles | seed s | index build s | index articles/s | index size MB | 1-word p50/p99 ms | 2-word p50/p99 ms | 3-word p50/p99 ms | req/s (1/2/3 words) | non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const l = (k: number) => r.latency.find((x) => x.words === k);
    const pp = (k: number) => (l(k) ? `${l(k)?.p50} / ${l(k)?.p99}` : '–');
    lines.push(
      `| ${r.dialect} | ${fmt(r.articles)} | ${r.seedSecs === null ? 'reused' : fmt(r.seedSecs)} | ${fmt(r.indexSecs, 1)} | ${fmt(r.indexRate)} | ${r.indexBytes === null ? '?' : fmt(r.indexBytes / 1048576, 1)} | ${pp(1)} | ${pp(2)} | ${pp(3)} | ${r.latency.map((x) => fmt(x.rps)).join(' / ')} | ${r.latency.reduce((a, x) => a + x.non2xx + x.errors, 0)} |`,
    );
  }
  lines.push(
    '',
    '### Search targets',
    '',
    '| database | articles | search p50 ≤ 10 ms | search p99 ≤ 50 ms | reindex ≥ 2,000 articles/s |',
    '| --- | ---: | --- | --- | --- |',
  );
  for (const r of rows) {
    const p50 = Math.max(...r.latency.map((x) => x.p50));
    const p99 = Math.max(...r.latency.map((x) => x.p99));
    lines.push(
      `| ${r.dialect} | ${fmt(r.articles)} | ${yes(p50 <= TARGETS.p50Ms)} (worst ${p50} ms) | ${yes(p99 <= TARGETS.p99Ms)} (worst ${p99} ms) | ${yes(r.indexRate >= TARGETS.indexRate)} (${fmt(r.indexRate)}/s) |`,
    );
  }
  lines.push('', '### How the figures grow from 20,000 to 200,000 articles', '');
  for (const d of ['sqlite', 'postgres']) {
    const a = rows.find((r) => r.dialect === d && r.articles === 20_000);
    const b = rows.find((r) => r.dialect === d && r.articles === 200_000);
    if (!a || !b) continue;
    const p = (r: Row, k: number) => r.latency.find((x) => x.words === k);
    const lat = [1, 2, 3].map((k) => `${k}-word p50 ${p(a, k)?.p50} → ${p(b, k)?.p50} ms, p99 ${p(a, k)?.p99} → ${p(b, k)?.p99} ms`).join('; ');
    const size =
      a.indexBytes && b.indexBytes
        ? `index ${fmt(a.indexBytes / 1048576)} → ${fmt(b.indexBytes / 1048576)} MB (×${(b.indexBytes / a.indexBytes).toFixed(1)})`
        : 'index size not available';
    lines.push(`- ${d}: build rate ${fmt(a.indexRate)} → ${fmt(b.indexRate)} articles/s; ${size}; ${lat}.`);
  }
  lines.push(
    '',
    'What grows: the candidate window (newest 300 matches) and the count cap (1,000) bound the rows each query touches, but',
    "SQLite's `bm25()` computes each phrase's IDF by walking that phrase's whole doclist once per statement, so a word found in",
    'most articles (青川 is in 91% of the synthetic corpus) costs O(its document frequency): measured at about 0.25-0.3 µs per',
    'posting of every token left in the match, on every query (ADR 0006, addendum). On indexes of 20,000+ articles such',
    'words are left out of the match when a rarer word remains, and ranked without bm25 when none does (ADR 0006); the',
    'counting and the remaining phrases still grow with the corpus. PostgreSQL has no IDF in `ts_rank`, but reads each',
    "candidate's whole tsvector. The build rate is bounded by segmentation (jieba plus folding in `platform/text`, spread over",
    'worker threads, which also build the PostgreSQL tsvector literals) and by FTS5 insertion on the main thread; on PostgreSQL',
    'rows go to a new table without its GIN index, built once at the end (with more memory) before the table is swapped in,',
    'so a rebuild leaves no dead tuples behind.',
    '',
    '<!-- search-bench:end -->',
    '',
  );
  return lines.join('\n');
}

async function writeReadme(section: string): Promise<void> {
  const file = path.join(ROOT, 'bench', 'README.md');
  const cur = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const re = /## Search\n\n<!-- search-bench:start -->[\s\S]*?<!-- search-bench:end -->\n?/;
  const next = re.test(cur) ? cur.replace(re, section) : `${cur.trimEnd()}\n\n${section}`;
  const out = await prettier.format(next, { ...(await prettier.resolveConfig(file)), filepath: file });
  fs.writeFileSync(file, out);
}

async function main(): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const started = performance.now();
  const before = os.loadavg();
  const fresh: Row[] = [];
  // BENCH_SEARCH_REPORT=1: only rewrite the README section from bench/results/search-latest.json.
  if (process.env.BENCH_SEARCH_REPORT !== '1') for (const n of SIZES) for (const d of DIALECTS) fresh.push(await benchOne(d, n));
  if (fresh.length) fs.writeFileSync(path.join(RESULTS, `search-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(fresh, null, 2));
  // The README shows the latest figures of every (database, size) measured so far, so a partial run
  // (BENCH_SEARCH_SIZES=200000 BENCH_SEARCH_DIALECTS=sqlite) updates its rows and keeps the others.
  const latestFile = path.join(RESULTS, 'search-latest.json');
  const latest = new Map<string, Row>(
    (fs.existsSync(latestFile) ? (JSON.parse(fs.readFileSync(latestFile, 'utf8')) as Row[]) : []).map((r) => [`${r.dialect}:${r.articles}`, r]),
  );
  for (const r of fresh) latest.set(`${r.dialect}:${r.articles}`, r);
  const rows = [...latest.values()].sort((a, b) => a.articles - b.articles || a.dialect.localeCompare(b.dialect));
  fs.writeFileSync(latestFile, JSON.stringify(rows, null, 2));
  const md = markdown(rows, { before, after: os.loadavg() }, (performance.now() - started) / 1000);
  if (process.env.BENCH_NO_README !== '1') await writeReadme(md);
  process.stdout.write(md);
}

await main();
process.exit(0);
