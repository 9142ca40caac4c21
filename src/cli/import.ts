import fs from 'node:fs';
import readline from 'node:readline';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { systemClock } from '../platform/clock.ts';
import { isAppError, type FieldErrors } from '../platform/errors.ts';
import { createArticleImporter, parseImportLine, type ArticleImporter, type ImportOutcome, type PreparedImport } from '../features/articles/index.ts';
import { createCategories } from '../features/categories/index.ts';
import { createMembers } from '../features/members/index.ts';
import { createSearch } from '../features/search/index.ts';
import { CliError, USAGES, parseCommand, withDatabase } from './cli-support.ts';

/** Lines per transaction: large enough to be fast, small enough that one failure redoes little. */
const BATCH = 200;

const ImportArgs = z.object({
  'dry-run': z.boolean().default(false),
  _: z.tuple([z.string().min(1)], { message: '请指定一个要导入的 JSON Lines 文件（- 表示标准输入）' }),
});

interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  bad: number;
}

function reportBad(tally: Tally, line: number, fields: FieldErrors): void {
  tally.bad++;
  const what = Object.entries(fields)
    .map(([k, v]) => (k === '_' ? v : `${k}：${v}`))
    .join('；');
  process.stderr.write(`第 ${line} 行：${what}\n`);
}

/** Import a batch in one transaction; if it fails, retry line by line to find and report the culprit. */
async function flush(importer: ArticleImporter, batch: Array<{ line: number; item: PreparedImport }>, tally: Tally): Promise<void> {
  const count = (outcomes: ImportOutcome[]) => outcomes.forEach((o) => tally[o]++);
  try {
    count(await importer.importBatch(batch.map((b) => b.item)));
  } catch {
    for (const b of batch) {
      try {
        count(await importer.importBatch([b.item]));
      } catch (e) {
        reportBad(tally, b.line, { _: `写入失败：${(e as Error).message}` });
      }
    }
  }
}

/**
 * `zixun import FILE`: JSON Lines of articles in the API's shape (what `zixun export` writes). Every
 * line is validated; bad lines are reported with their line numbers and skipped, good ones are
 * imported in transactions of BATCH lines. Re-importing is idempotent (see articles.import.ts for
 * how lines are matched to existing articles). Exit code 1 when any line was refused.
 */
export async function importCommand(config: Config, argv: string[]): Promise<void> {
  const args = parseCommand(argv, { 'dry-run': { type: 'boolean' } }, ImportArgs, USAGES.import);
  const file = args._[0];
  if (file !== '-') {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st) throw new CliError(`文件不存在：${file}`);
    if (st.isDirectory()) throw new CliError(`${file} 是一个目录：请指定要导入的 JSON Lines 文件`);
  }
  const tally: Tally = { created: 0, updated: 0, unchanged: 0, bad: 0 };
  let valid = 0;

  await withDatabase(config, async (dbh) => {
    const clock = systemClock;
    const categories = createCategories({ db: dbh.db, clock });
    const members = createMembers({ db: dbh.db, clock });
    const search = createSearch({ dbh, clock, categories });
    const importer = createArticleImporter({ dbh, clock, categories, members, articleIndexer: { sync: search.sync } });
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
        if (r && e === r) throw new CliError(`无法读取文件 ${file}（${r.code ?? r.message}）`);
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
        reportBad(tally, n, { _: '不是有效的 JSON' });
        continue;
      }
      const parsed = parseImportLine(decoded);
      if (!parsed.ok) {
        reportBad(tally, n, parsed.fields);
        continue;
      }
      try {
        const item = await importer.prepare(parsed.item);
        valid++;
        if (!args['dry-run']) batch.push({ line: n, item });
      } catch (e) {
        if (!isAppError(e)) throw e;
        reportBad(tally, n, e.fields ?? { _: e.message });
        continue;
      }
      if (batch.length >= BATCH) {
        await flush(importer, batch, tally);
        batch = [];
      }
    }
    if (batch.length) await flush(importer, batch, tally);
  });

  if (args['dry-run']) process.stdout.write(`检查完成（未写入）：可导入 ${valid} 行，出错 ${tally.bad} 行\n`);
  else process.stdout.write(`导入完成：新增 ${tally.created} 篇，更新 ${tally.updated} 篇，未变 ${tally.unchanged} 篇，出错 ${tally.bad} 行\n`);
  if (tally.bad) throw new CliError(`有 ${tally.bad} 行未导入，见上面的行号`);
}
