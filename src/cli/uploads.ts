import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { uploadsDirProblem, type Config } from '../config.ts';
import { systemClock } from '../platform/clock.ts';
import { createFileStorage } from '../platform/storage/index.ts';
import { createAudit } from '../features/audit/index.ts';
import { createUploads, formatBytes, SWEEP_MAX_FILES, type SweepOutcome } from '../features/uploads/index.ts';
import { cliAudit } from './cli-audit.ts';
import { CliError, parseCommand, withDatabase } from './cli-support.ts';

export const UPLOADS_SWEEP_USAGE = 'zixun uploads sweep [--dry-run] [--force] [--dir 上传目录]';

const Args = z.object({
  'dry-run': z.boolean().default(false),
  force: z.boolean().default(false),
  dir: z.string().min(1, '不能为空').optional(),
  _: z.array(z.string()).max(0, '不需要多余的参数'),
});

/** Why the brake stopped the sweep, in Chinese and English (stderr, exit 1). */
function refusal(r: SweepOutcome): string {
  const how = '确认上传目录和数据库都属于本站后，可加 --force 仍然清理。\nIf both belong to this site, run again with --force.';
  return r.refused === 'empty_site'
    ? `已拒绝清理：数据库中没有任何文章（可能是新的或错误的数据库），没有删除任何文件。\nSweep refused: the database has no articles (a fresh or wrong database?); nothing was removed.\n${how}`
    : `已拒绝清理：将删除 ${r.eligible} 个附件，超过已登记附件（${r.recorded} 个）的一半且多于 ${SWEEP_MAX_FILES} 个，没有删除任何文件。\nSweep refused: it would remove ${r.eligible} of ${r.recorded} recorded files (over half, and over ${SWEEP_MAX_FILES}); nothing was removed.\n${how}`;
}

/**
 * `zixun uploads sweep`: removes uploaded files nothing uses and older than 24 hours (the daily job's work,
 * now), adopting files on disk that have no record (they get 24 hours from now). Only the folders storage
 * writes (covers/, images/, avatars/ …) are looked at. The brake (no article in the database, or more than
 * half of the recorded files to go) refuses with exit 1 unless `--force`. `--dry-run` only counts; `--dir`
 * is the uploads folder (default ZIXUN_UPLOADS_DIR, ./data/uploads unless set: where `zixun serve` with
 * this environment keeps them); a folder holding the database, the outbox or the whole data folder is refused.
 */
export async function uploadsSweep(config: Config, argv: string[]): Promise<void> {
  const args = parseCommand(argv, { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, dir: { type: 'string' } }, Args, UPLOADS_SWEEP_USAGE);
  const dir = path.resolve(args.dir ?? config.uploadsDir);
  if (!existsSync(dir)) throw new CliError(`上传目录不存在：${dir}\n请用 --dir 指定网站的上传目录`);
  const unsafe = uploadsDirProblem(process.cwd(), dir, { database: config.database, outboxDir: config.outboxDir });
  if (unsafe)
    throw new CliError(
      `不能把 ${dir} 当作上传目录：其中有数据库、邮件发件箱或整个 data 目录。请用 --dir 指定网站的上传目录（如 ./data/uploads）。\n${args.dir ? '--dir' : 'ZIXUN_UPLOADS_DIR'}: ${unsafe}`,
    );
  await withDatabase(
    config,
    async (dbh) => {
      const uploads = createUploads({
        db: dbh.db,
        clock: systemClock,
        storage: createFileStorage(dir),
        audit: createAudit({ db: dbh.db, clock: systemClock }),
      });
      const dryRun = args['dry-run'];
      const r = await uploads.sweep({ dryRun, force: args.force });
      if (dryRun) {
        process.stdout.write(`检查完成（未删除）：可清理 ${r.count} 个未使用附件，共 ${formatBytes(r.bytes)}；未登记的文件 ${r.adopted} 个\n`);
        if (r.refused) process.stdout.write(`${refusal(r)}\n`);
        return;
      }
      if (r.refused) {
        await cliAudit(dbh.db).record({
          action: 'uploads.sweep_refused',
          targetType: 'upload',
          detail: { reason: r.refused, count: r.eligible, recorded: r.recorded },
        });
        throw new CliError(refusal(r));
      }
      await cliAudit(dbh.db).record({
        action: 'uploads.sweep',
        targetType: 'upload',
        detail: { count: r.count, bytes: r.bytes, ...(r.failed ? { failed: r.failed } : {}), ...(args.force ? { force: true } : {}) },
      });
      process.stdout.write(`已清理 ${r.count} 个未使用附件，释放 ${formatBytes(r.bytes)}；新登记早期文件 ${r.adopted} 个（24 小时后才会清理）\n`);
      if (r.failed) process.stderr.write(`${r.failed} 个文件删除失败，记录已保留，下次清理时会再试\n`);
    },
    { mustExist: true },
  );
}
