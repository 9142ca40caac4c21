import fs from 'node:fs';
import readline from 'node:readline';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { noteOutsideWrite } from '../platform/cache/outside-writes.ts';
import { systemClock } from '../platform/clock.ts';
import { isAppError } from '../platform/errors.ts';
import { createArticleImporter, parseImportLine, type ArticleImporter, type ImportOutcome, type PreparedImport } from '../features/articles/index.ts';
import { createCategories } from '../features/categories/index.ts';
import { createMembers } from '../features/members/index.ts';
import { createSearch } from '../features/search/index.ts';
import { CliError, USAGES, parseCommand, withDatabase } from './cli-support.ts';
import { importCategory, isCategoryLine, parseCategoryLine, withPlanned } from './category-lines.ts';
import { createImportReport, type ImportReport } from './import-report.ts';
import { readFailure } from './password-input.ts';

/** Lines per transaction: large enough to be fast, small enough that one failure redoes little. */
const BATCH = 200;

const ImportArgs = z.object({
  'dry-run': z.boolean().default(false),
  verbose: z.boolean().default(false),
  _: z.tuple([z.string().min(1)], { message: '请指定一个要导入的 JSON Lines 文件（- 表示标准输入）' }),
});

interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  categoriesCreated: number;
  categoriesExisting: number;
}

/** Import a batch in one transaction; if it fails, retry line by line to find and report the culprit. */
async function flush(importer: ArticleImporter, batch: Array<{ line: number; item: PreparedImport }>, tally: Tally, report: ImportReport): Promise<void> {
  const count = (outcomes: ImportOutcome[]) => outcomes.forEach((o) => tally[o]++);
  try {
    count(await importer.importBatch(batch.map((b) => b.item)));
  } catch {
    for (const b of batch) {
      try {
        count(await importer.importBatch([b.item]));
      } catch (e) {
        report.add(b.line, { _: `写入失败：${(e as Error).message}` });
      }
    }
  }
}

/**
 * `zixun import FILE`: JSON Lines as `zixun export` writes them: category lines (`"kind":"category"`,
 * see category-lines.ts) create the categories the site lacks, then article lines in the API's shape
 * are imported (files without category lines, from older exports, import as before). Every line is
 * validated; bad lines are reported with their line numbers (grouped by reason) and skipped, good ones
 * are imported in transactions of BATCH lines. Re-importing is idempotent (see articles.import.ts for how
 * lines are matched to existing articles; an existing category slug is left as it is). Exit code 1 when
 * any line was refused.
 */
export async function importCommand(config: Config, argv: string[]): Promise<void> {
  const args = parseCommand(argv, { 'dry-run': { type: 'boolean' }, verbose: { type: 'boolean' } }, ImportArgs, USAGES.import);
  const file = args._[0];
  const dryRun = args['dry-run'];
  if (file !== '-') {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st) throw new CliError(`文件不存在：${file}`);
    if (st.isDirectory()) throw new CliError(`${file} 是一个目录：请指定要导入的 JSON Lines 文件`);
  }
  const tally: Tally = { created: 0, updated: 0, unchanged: 0, categoriesCreated: 0, categoriesExisting: 0 };
  const report = createImportReport({ verbose: args.verbose, write: (s) => process.stderr.write(s) });
  let valid = 0;

  await withDatabase(config, async (dbh) => {
    const clock = systemClock;
    const realCategories = createCategories({ db: dbh.db, clock });
    // A dry run creates no category, so the articles are checked against the ones the file would create.
    const planned = dryRun ? new Set<string>() : undefined;
    const categories = planned ? withPlanned(realCategories, planned) : realCategories;
    const members = createMembers({ db: dbh.db, clock });
    const search = createSearch({ dbh, clock, categories: realCategories });
    const importer = createArticleImporter({ dbh, clock, categories, members, articleIndexer: { sync: search.sync } });
    // Every article is indexed here with the current analyzer: into a site without articles, that makes the
    // index of the current version (else the first `serve` would rebuild it all).
    if (!dryRun) await search.recordIndexVersionIfEmpty();
    const input = file === '-' ? process.stdin : fs.createReadStream(file, { encoding: 'utf8' });
    // A file that cannot be read (permissions, a device): said plainly, not as a raw system error.
    let readError: NodeJS.ErrnoException | undefined;
    input.once('error', (e: NodeJS.ErrnoException) => (readError = e));
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    let batch: Array<{ line: number; item: PreparedImport }> = [];
    let n = 0;
    const readLines = async function* () {
      try {
        yield* lines;
      } catch (e) {
        const r = readError;
        if (r && e === r) throw new CliError(`无法读取文件 ${file}：${readFailure(r)}`);
        throw e;
      }
    };
    for await (const raw of readLines()) {
      n++;
      const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (!text.trim()) continue;
      let decoded: unknown;
      try {
        decoded = JSON.parse(text);
      } catch {
        report.add(n, { _: '不是有效的 JSON' });
        continue;
      }
      if (isCategoryLine(decoded)) {
        const parsed = parseCategoryLine(decoded as Record<string, unknown>);
        if (!parsed.ok) {
          report.add(n, parsed.fields);
          continue;
        }
        try {
          const outcome = await importCategory(realCategories, parsed.input, planned);
          tally[outcome === 'created' ? 'categoriesCreated' : 'categoriesExisting']++;
          valid++;
        } catch (e) {
          if (!isAppError(e)) throw e;
          report.add(n, e.fields ?? { _: e.message });
        }
        continue;
      }
      const parsed = parseImportLine(decoded);
      if (!parsed.ok) {
        report.add(n, parsed.fields);
        continue;
      }
      try {
        const item = await importer.prepare(parsed.item);
        valid++;
        if (!dryRun) batch.push({ line: n, item });
      } catch (e) {
        if (!isAppError(e)) throw e;
        report.add(n, e.fields ?? { _: e.message }, parsed.item.input.category);
        continue;
      }
      if (batch.length >= BATCH) {
        await flush(importer, batch, tally, report);
        batch = [];
      }
    }
    if (batch.length) await flush(importer, batch, tally, report);
    // Running servers clear their page caches within seconds (platform/cache/outside-writes.ts).
    if (tally.created || tally.updated || tally.categoriesCreated) await noteOutsideWrite(dbh.db);
  });

  const cats = tally.categoriesCreated || tally.categoriesExisting ? `；栏目新建 ${tally.categoriesCreated} 个，已有 ${tally.categoriesExisting} 个` : '';
  if (dryRun) process.stdout.write(`检查完成（未写入）：可导入 ${valid} 行，出错 ${report.bad} 行${cats}\n`);
  else process.stdout.write(`导入完成：新增 ${tally.created} 篇，更新 ${tally.updated} 篇，未变 ${tally.unchanged} 篇，出错 ${report.bad} 行${cats}\n`);
  if (report.bad) {
    process.stderr.write(report.summary());
    throw new CliError(`有 ${report.bad} 行未导入，原因见上`);
  }
}
