import { z } from 'zod';
import type { Config } from '../config.ts';
import { migrate, type DbHandle } from '../platform/db/index.ts';
import { systemClock } from '../platform/clock.ts';
import { createCategories } from '../features/categories/index.ts';
import { claimManualRebuild, createSearch, rebuildRelated } from '../features/search/index.ts';
import { formatDateTime } from '../features/articles/index.ts';
import { format, t } from '../strings/index.ts';
import { CliError, USAGES, openForCommand, parseCommand } from './cli-support.ts';
import { noteOutsideWrite } from '../platform/cache/outside-writes.ts';

/** A progress bar on stderr: redrawn in place on a terminal, a line every 10% otherwise. */
function progressBar(out: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastDraw = 0;
  let lastTenth = -1;
  return (done: number, total: number) => {
    const now = performance.now();
    const frac = total ? Math.min(1, done / total) : 1;
    const rate = Math.round(done / Math.max(0.001, (now - started) / 1000));
    const line = `索引 [${'#'.repeat(Math.round(frac * 30)).padEnd(30, '.')}] ${(frac * 100).toFixed(0).padStart(3)}% ${done}/${total} ${rate} 篇/秒`;
    if (out.isTTY) {
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      out.write(`\r${line}`);
      if (done >= total) out.write('\n');
    } else {
      const tenth = Math.floor(frac * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      out.write(`${line}\n`);
    }
  };
}

/**
 * Rebuild the search index of an open database (also used by `zixun seed`). It takes the rebuild claim every
 * instance checks (search.index-version.ts): while a server rebuilds (after an index version change, or 重建索引
 * on the admin page) this refuses with a CliError (exit code 1) instead of rebuilding alongside it.
 */
export async function reindexDatabase(dbh: DbHandle, opts: { quiet?: boolean } = {}): Promise<{ count: number; ms: number; threads: number }> {
  const claim = await claimManualRebuild(dbh.db, systemClock);
  if ('startedAt' in claim) throw new CliError(format(t.search.terms.rebuildElsewhereCli, { at: formatDateTime(claim.startedAt) }));
  const categories = createCategories({ db: dbh.db, clock: systemClock });
  const search = createSearch({ dbh, clock: systemClock, categories });
  let r: Awaited<ReturnType<typeof search.reindex>>;
  try {
    r = await search.reindex(opts.quiet ? {} : { onProgress: progressBar() });
  } catch (e) {
    await claim.end(true).catch(() => {});
    throw e;
  }
  await claim.end(false); // the rebuild recorded the index version, which replaced the claim
  const secs = r.ms / 1000;
  if (!opts.quiet)
    process.stderr.write(
      `已重建搜索索引：${r.count} 篇文章，用时 ${secs.toFixed(1)} 秒（${Math.round(r.count / Math.max(secs, 0.001))} 篇/秒）${r.threads ? `，分词线程 ${r.threads} 个` : ''}\n`,
    );
  // Related-article lists and originality fingerprints are rebuilt with the index (features/search, ADR 0007).
  const relStart = performance.now();
  const related = await rebuildRelated({ dbh, clock: systemClock });
  if (!opts.quiet) process.stderr.write(`已重建相关文章与原创指纹：${related} 篇文章，用时 ${((performance.now() - relStart) / 1000).toFixed(1)} 秒\n`);
  return r;
}

/** `zixun reindex`: rebuild the whole search index; searches keep working meanwhile. */
export async function reindexCommand(config: Config, argv: string[]): Promise<void> {
  parseCommand(argv, {}, z.object({ _: z.array(z.string()).max(0, '不需要参数') }), USAGES.reindex);
  const dbh = openForCommand(config, { mustExist: true });
  try {
    await migrate(dbh);
    await reindexDatabase(dbh);
    await noteOutsideWrite(dbh.db); // running servers drop cached search results and pages
  } finally {
    await dbh.close();
  }
}
