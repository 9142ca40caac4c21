// Related articles and originality benchmark (issue 4 §7): time per publish of the related-list
// computation, and time per submission of the originality lookup, on a synthetic corpus.
//
//   node --import tsx bench/related.ts            (BENCH_RELATED_ARTICLES=20000 by default)
//
// Environment: BENCH_RELATED_ARTICLES (corpus size), BENCH_RELATED_DB (a DATABASE_URL; default a SQLite
// file under bench/results), BENCH_RELATED_SAMPLES (publishes/lookups measured, default 200),
// BENCH_REUSE_DB=1 (keep an already seeded and rebuilt database), BENCH_SKIP_SEED=1 (keep an already
// seeded database, e.g. a copy of bench/results/search-200000.db, but rebuild), BENCH_NO_README=1
// (print the figures only; leave bench/README.md alone). Wall and CPU (process.cpuUsage) figures are printed.
// Writes its figures to bench/README.md under "## Related articles and originality". Never asserts.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { openDatabase, migrate, analyze } from '../src/platform/db/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createSegmenter } from '../src/platform/text/index.ts';
import { htmlToText } from '../src/platform/html/sanitize.ts';
import { seedCommand } from '../src/cli/seed.ts';
import { createCategories } from '../src/features/categories/index.ts';
import { createMembers } from '../src/features/members/index.ts';
import { createArticles } from '../src/features/articles/index.ts';
import { syntheticArticles } from '../src/features/demo/index.ts';
import { createOriginality, createRelated, rebuildRelated } from '../src/features/search/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const N = Number(process.env.BENCH_RELATED_ARTICLES ?? 20_000);
const SAMPLES = Number(process.env.BENCH_RELATED_SAMPLES ?? 200);
const DB_URL = process.env.BENCH_RELATED_DB ?? `sqlite:${path.join(ROOT, 'bench', 'results', `related-${N}.db`)}`;
const log = (m: string) => process.stderr.write(`[bench related ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}
const ms = (x: number) => x.toFixed(1);
/** CPU time of this thread's process since `c0`, in ms (user + system; worker threads included). */
const cpuMs = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
};

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, DATABASE_URL: DB_URL, ZIXUN_LOG: 'silent' });
  const dialect = config.database.dialect;
  let rebuildSecs = Number.NaN;
  let rebuildCpu = Number.NaN;
  const seed = process.env.BENCH_REUSE_DB !== '1' && process.env.BENCH_SKIP_SEED !== '1';
  if (dialect === 'sqlite' && seed) {
    const file = DB_URL.slice('sqlite:'.length);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
  if (seed) {
    log(`seeding ${N} synthetic articles (${dialect})`);
    process.env.ZIXUN_SEED_NO_REINDEX = '1';
    await seedCommand(config, { articles: N, seed: 42 });
  }
  const dbh = openDatabase(config.database);
  await migrate(dbh);
  const segmenter = createSegmenter();
  if (process.env.BENCH_REUSE_DB !== '1') {
    log('rebuilding fingerprints, document frequencies and related lists');
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const logged = new Map<string, number>();
    let phaseAt = { name: '', t: t0, cpu: process.cpuUsage() };
    await rebuildRelated({ dbh, clock: systemClock, segmenter }, (phase, done) => {
      if (phase !== phaseAt.name) {
        if (phaseAt.name)
          log(`  ${phaseAt.name} done: ${((performance.now() - phaseAt.t) / 1000).toFixed(1)} s wall, ${(cpuMs(phaseAt.cpu) / 1000).toFixed(1)} s CPU`);
        phaseAt = { name: phase, t: performance.now(), cpu: process.cpuUsage() };
      }
      if (done - (logged.get(phase) ?? 0) < 5000 && done !== N) return;
      logged.set(phase, done);
      log(`  ${phase} ${done}`);
    });
    rebuildSecs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    rebuildCpu = (cpu.user + cpu.system) / 1e6;
    log(`rebuild: ${rebuildSecs.toFixed(1)} s wall, ${rebuildCpu.toFixed(1)} s CPU (all threads)`);
    await analyze(dbh);
  }

  const originality = createOriginality({ dbh, clock: systemClock, segmenter });
  const related = createRelated({ dbh, clock: systemClock, segmenter });
  // Time the two parts of the article write hook separately, inside the publish transaction.
  const relatedMs: number[] = [];
  const fingerprintMs: number[] = [];
  const relatedCpu: number[] = [];
  const fingerprintCpu: number[] = [];
  const articleIndexer = {
    async sync(trx: Parameters<typeof related.sync>[0], id: number) {
      const a = performance.now();
      const ca = process.cpuUsage();
      await originality.sync(trx, id);
      const b = performance.now();
      fingerprintCpu.push(cpuMs(ca));
      const cb = process.cpuUsage();
      await related.sync(trx, id);
      relatedCpu.push(cpuMs(cb));
      fingerprintMs.push(b - a);
      relatedMs.push(performance.now() - b);
    },
  };
  const categories = createCategories({ db: dbh.db, clock: systemClock });
  const members = createMembers({ db: dbh.db, clock: systemClock });
  const articles = createArticles({ dbh, clock: systemClock, categories, members, purge: () => {}, articleIndexer });
  const slugs = (await categories.all()).map((c) => c.slug);

  log(`publishing ${SAMPLES} new articles`);
  const fresh = [...syntheticArticles(SAMPLES, 4242, slugs, ['bench_author'])];
  const publishMs: number[] = [];
  for (const a of fresh) {
    const t0 = performance.now();
    await articles.create({
      title: a.title,
      summary: a.summary,
      body: a.body,
      category: a.category,
      tags: a.tags,
      author: 'bench_author',
      status: 'published',
      original: a.original,
    });
    publishMs.push(performance.now() - t0);
  }
  const queueT0 = performance.now();
  let queued = 0;
  for (let n = await related.processQueue(500); n > 0; n = await related.processQueue(500)) queued += n;
  const queueMsEach = queued ? (performance.now() - queueT0) / queued : 0;

  log(`${SAMPLES} originality lookups (half edited copies of existing articles)`);
  const existing = await dbh.db.selectFrom('articles').select(['id', 'title', 'body']).where('status', '=', 'published').orderBy('id').limit(SAMPLES).execute();
  const lookupMs: number[] = [];
  const lookupCpu: number[] = [];
  let copiesFound = 0;
  for (const [i, row] of existing.entries()) {
    const text = htmlToText(row.body);
    const copy = i % 2 === 0;
    const input = copy
      ? { title: row.title, text: text.split('。').reverse().join('。'), authorId: 1 }
      : { title: `新稿件${i}`, text: htmlToText(fresh[i % fresh.length]?.body ?? ''), authorId: 1 };
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await originality.checkSubmission(input);
    lookupCpu.push(cpuMs(c0));
    lookupMs.push(performance.now() - t0);
    if (copy && (r.duplicate || r.flagMatch)) copiesFound++;
  }
  await dbh.close();

  const row = {
    dialect,
    articles: N.toLocaleString('en-US'),
    rebuild: Number.isNaN(rebuildSecs) ? '—' : `${rebuildSecs.toFixed(0)} s (${Math.round(N / rebuildSecs)}/s; CPU ${rebuildCpu.toFixed(0)} s)`,
    relatedP50: ms(quantile(relatedMs, 0.5)),
    relatedP99: ms(quantile(relatedMs, 0.99)),
    fingerprintP50: ms(quantile(fingerprintMs, 0.5)),
    publishP50: ms(quantile(publishMs, 0.5)),
    queueEach: ms(queueMsEach),
    lookupP50: ms(quantile(lookupMs, 0.5)),
    lookupP99: ms(quantile(lookupMs, 0.99)),
    copies: `${copiesFound}/${Math.ceil(existing.length / 2)}`,
  };
  // CPU time (process.cpuUsage) of the same operations: on a shared machine wall times mostly measure the load.
  const cpuRow = {
    relatedCpuP50: ms(quantile(relatedCpu, 0.5)),
    relatedCpuP99: ms(quantile(relatedCpu, 0.99)),
    fingerprintCpuP50: ms(quantile(fingerprintCpu, 0.5)),
    lookupCpuP50: ms(quantile(lookupCpu, 0.5)),
    lookupCpuP99: ms(quantile(lookupCpu, 0.99)),
  };
  console.log(JSON.stringify(cpuRow));
  console.log(JSON.stringify(row));
  if (process.env.BENCH_NO_README !== '1') writeReadme(row);
}

const HEADING = '## Related articles and originality';

function writeReadme(r: Record<string, string | number>): void {
  const file = path.join(ROOT, 'bench', 'README.md');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = text.indexOf(HEADING);
  const tableHead = [
    '| dialect | articles | rebuild | related per publish p50 / p99 (ms) | fingerprint per write p50 (ms) | whole publish p50 (ms) | queued neighbour recompute (ms each) | originality lookup p50 / p99 (ms) | reordered copies found |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const line = `| ${r.dialect} | ${r.articles} | ${r.rebuild} | ${r.relatedP50} / ${r.relatedP99} | ${r.fingerprintP50} | ${r.publishP50} | ${r.queueEach} | ${r.lookupP50} / ${r.lookupP99} | ${r.copies} |`;
  let section: string;
  if (start >= 0) {
    const end = text.indexOf('\n## ', start + HEADING.length);
    section = text.slice(start, end < 0 ? text.length : end + 1);
    const rows = section.split('\n').filter((l) => l.startsWith(`| ${r.dialect} | ${r.articles} |`) === false);
    const lastRow = rows.map((l, i) => (l.startsWith('| ') && !l.startsWith('| dialect') ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    const at = lastRow >= 0 ? lastRow + 1 : rows.findIndex((l) => l.startsWith('|---')) + 1;
    rows.splice(at, 0, line);
    const updated = rows.join('\n');
    fs.writeFileSync(file, text.slice(0, start) + updated + text.slice(start + section.length));
  } else {
    section = [
      HEADING,
      '',
      '`node --import tsx bench/related.ts` (see the header of bench/related.ts). Targets: related computation ≤ 50 ms per publish, originality lookup p99 ≤ 20 ms.',
      '',
      ...tableHead,
      line,
      '',
    ].join('\n');
    fs.writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
  }
}

await main();
