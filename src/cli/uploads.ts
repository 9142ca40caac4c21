import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { systemClock } from '../platform/clock.ts';
import { createFileStorage } from '../platform/storage/index.ts';
import { createAudit } from '../features/audit/index.ts';
import { createUploads, formatBytes } from '../features/uploads/index.ts';
import { cliAudit } from './cli-audit.ts';
import { CliError, parseCommand, withDatabase } from './cli-support.ts';

export const UPLOADS_SWEEP_USAGE = 'zixun uploads sweep [--dry-run] [--dir 上传目录]';

const Args = z.object({
  'dry-run': z.boolean().default(false),
  dir: z.string().min(1, '不能为空').optional(),
  _: z.array(z.string()).max(0, '不需要多余的参数'),
});

/**
 * `zixun uploads sweep`: removes uploaded files nothing uses and older than 24 hours (the daily job's work,
 * now), adopting files on disk that have no record. `--dry-run` only counts; `--dir` is the uploads folder
 * (default ZIXUN_UPLOADS_DIR, ./data/uploads unless set: where `zixun serve` with this environment keeps them).
 */
export async function uploadsSweep(config: Config, argv: string[]): Promise<void> {
  const args = parseCommand(argv, { 'dry-run': { type: 'boolean' }, dir: { type: 'string' } }, Args, UPLOADS_SWEEP_USAGE);
  const dir = path.resolve(args.dir ?? config.uploadsDir);
  if (!existsSync(dir)) throw new CliError(`上传目录不存在：${dir}\n请用 --dir 指定网站的上传目录`);
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
      const r = await uploads.sweep({ dryRun });
      if (dryRun) {
        process.stdout.write(`检查完成（未删除）：可清理 ${r.count} 个未使用附件，共 ${formatBytes(r.bytes)}；未登记的文件 ${r.adopted} 个\n`);
        return;
      }
      await cliAudit(dbh.db).record({ action: 'uploads.sweep', targetType: 'upload', detail: { count: r.count, bytes: r.bytes } });
      process.stdout.write(`已清理 ${r.count} 个未使用附件，释放 ${formatBytes(r.bytes)}；新登记早期文件 ${r.adopted} 个\n`);
    },
    { mustExist: true },
  );
}
