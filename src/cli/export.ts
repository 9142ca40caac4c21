import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { articleRecordsAfter } from '../features/articles/index.ts';
import { articleJson } from '../features/api/index.ts';
import { systemClock } from '../platform/clock.ts';
import { createCategories } from '../features/categories/index.ts';
import { USAGES, parseCommand, withDatabase, writeOut } from './cli-support.ts';
import { categoryLines } from './category-lines.ts';

const PAGE = 500;

const ExportArgs = z.object({
  out: z.string().min(1).optional(),
  _: z.array(z.string()).max(0, '不需要多余的参数；输出文件请用 --out 指定'),
});

/** The origin for `url`/`mobileUrl`: the configured public address, else where `serve` would listen. */
export function exportOrigin(config: Config): string {
  return config.baseUrl ?? `http://localhost:${config.port}`;
}

/**
 * `zixun export`: the category tree (lines with `"kind":"category"`, parents first; see category-lines.ts),
 * then every non-deleted article as JSON Lines in the API's article shape, in id order,
 * read page by page (keyset pagination) and streamed, so memory stays flat on any site size.
 * With --out the file appears only when complete (written next to it, then renamed).
 */
export async function exportCommand(config: Config, argv: string[]): Promise<void> {
  const args = parseCommand(argv, { out: { type: 'string' } }, ExportArgs, USAGES.export);
  const origin = exportOrigin(config);
  const tmp = args.out ? `${args.out}.${process.pid}.tmp` : undefined;
  const out: Writable = tmp ? fs.createWriteStream(tmp) : process.stdout;
  let count = 0;
  let categoryCount = 0;
  try {
    await withDatabase(
      config,
      async (dbh) => {
        const cats = await createCategories({ db: dbh.db, clock: systemClock }).all();
        for (const line of categoryLines(cats, origin)) await writeOut(out, JSON.stringify(line) + '\n');
        categoryCount = cats.length;
        for (let after = 0; ;) {
          const page = await articleRecordsAfter(dbh.db, after, PAGE);
          if (!page.length) break;
          for (const a of page) await writeOut(out, JSON.stringify(articleJson(a, origin)) + '\n');
          count += page.length;
          after = page[page.length - 1]?.id ?? after;
        }
      },
      { mustExist: true },
    );
    if (tmp && args.out) {
      out.end();
      await finished(out);
      fs.renameSync(tmp, args.out);
    }
  } catch (e) {
    if (tmp) {
      out.destroy();
      fs.rmSync(tmp, { force: true });
    }
    throw e;
  }
  process.stderr.write(`已导出 ${count} 篇文章、${categoryCount} 个栏目${args.out ? `到 ${args.out}` : ''}\n`);
}
