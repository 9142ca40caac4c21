import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { isStoredFileUrl, type Storage } from '../../platform/storage/index.ts';
import type { Audit } from '../audit/index.ts';
import { isSweepableKey, STORED_FOLDERS } from './uploads.storage.ts';
import { scanUsage, usageOfKey } from './uploads.usage.ts';

/** An editor mid-edit (a cover kept for a form that failed, a body image not yet saved) is safe for this long. */
export const SWEEP_GRACE_MS = 24 * 3_600_000;
export const SWEEP_JOB = 'uploads.sweep';
/** The brake: a run that would remove more than this share of the recorded files, and more than … */
export const SWEEP_MAX_SHARE = 0.5;
/** … this many, is refused unless forced (a wrong or fresh database, or a folder shared by two sites). */
export const SWEEP_MAX_FILES = 20;
/** A daily claim not finished after this long is taken to be a crashed run: the next hourly look runs it again. */
const STALE_CLAIM_MS = 45 * 60_000;

/** Why a sweep was refused: no article at all (`empty_site`), or too much would go (`mass_deletion`). */
export type SweepRefusal = 'empty_site' | 'mass_deletion';

export interface SweepOutcome {
  /** Files removed (or, on a dry run, that would be). */
  count: number;
  bytes: number;
  /** Files found on disk without a record, recorded now as `legacy` (dry run: how many would be). */
  adopted: number;
  /** Unused files past the grace period when the run began (what the brake weighs). */
  eligible: number;
  /** Recorded files under the prefixes storage hands out (what the brake's share is of). */
  recorded: number;
  /** Files whose removal failed: their record is kept, the next sweep tries again. */
  failed: number;
  /** Set when the brake stopped the run (dry run: would stop it without `force`); nothing was removed. */
  refused?: SweepRefusal;
}

type Actor = { actorId: number | null; ip: string };
type OnDisk = Map<string, { size: number }>;

const PAGE = 1000;

/**
 * Files under the folders storage hands out (`STORED_FOLDERS`), keyed as storage names them. Nothing at
 * the root or in any other folder is read: a database, an outbox or another program's files are never
 * candidates. A folder that is a symbolic link is not followed.
 */
async function filesOnDisk(root: string): Promise<OnDisk> {
  const out: OnDisk = new Map();
  for (const folder of STORED_FOLDERS) {
    const top = path.join(root, folder);
    const st = await fs.lstat(top).catch(() => undefined);
    if (!st?.isDirectory()) continue;
    const entries = await fs.readdir(top, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isFile()) continue;
      const full = path.join(e.parentPath ?? e.path, e.name);
      const key = path.relative(root, full).split(path.sep).join('/');
      if (!isSweepableKey(key) || !isStoredFileUrl(`/uploads/${key}`)) continue;
      const s = await fs.stat(full).catch(() => undefined);
      if (s) out.set(key, { size: s.size });
    }
  }
  return out;
}

/** The sweep of unused files (now, from the button or the CLI) and its once-a-day job. */
export function createSweep(deps: { db: Db; clock: Clock; storage: Storage; audit: Audit; onChange: () => void }) {
  const { db, clock, storage, audit } = deps;

  async function recordedKeys(): Promise<Set<string>> {
    const keys = new Set<string>();
    for (let after = 0; ;) {
      const rows = await db.selectFrom('uploads').select(['id', 'key']).where('id', '>', after).orderBy('id').limit(PAGE).execute();
      for (const r of rows) keys.add(r.key);
      if (rows.length < PAGE) return keys;
      after = rows[rows.length - 1]!.id;
    }
  }

  /**
   * Records files on disk without a row (stored before the table, or a row write that failed) as `legacy`,
   * dated now: whatever their age on disk, they get a full grace period from the first sweep that saw them.
   */
  async function adoptLegacy(dryRun: boolean): Promise<{ adopted: number; disk: OnDisk }> {
    const disk = await filesOnDisk(storage.root);
    const known = await recordedKeys();
    const fresh = [...disk].filter(([k]) => !known.has(k));
    const at = clock.now().toISOString();
    if (!dryRun)
      for (let i = 0; i < fresh.length; i += 200) {
        const rows = fresh.slice(i, i + 200).map(([key, f]) => ({ key, kind: 'legacy', size: f.size, uploader_id: null, created_at: at }));
        await db
          .insertInto('uploads')
          .values(rows)
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
      }
    return { adopted: fresh.length, disk };
  }

  async function refuse(out: SweepOutcome, reason: SweepRefusal, opts: { dryRun: boolean; actor?: Actor | undefined }) {
    out.refused = reason;
    if (opts.dryRun) return out;
    console.warn(
      reason === 'empty_site'
        ? 'uploads sweep refused: the database has no articles (a fresh or wrong database?); nothing removed'
        : `uploads sweep refused: it would remove ${out.eligible} of ${out.recorded} recorded files; nothing removed (force it from 附件管理 or with --force)`,
    );
    if (opts.actor)
      await audit.record({
        actorId: opts.actor.actorId,
        ip: opts.actor.ip,
        action: 'uploads.sweep_refused',
        targetType: 'upload',
        detail: { reason, count: out.eligible, recorded: out.recorded },
      });
    return out;
  }

  /**
   * Removes every file under the prefixes storage hands out that nothing uses and that is older than the
   * grace period, and its row; one audit entry with the count and bytes freed. The brake refuses the run
   * (nothing removed; audited) when the database has no article, or when it would remove more than half of
   * the recorded files and more than 20, unless `force`. Each file's use is read again just before it goes;
   * each row is taken by one conditional delete first, so two sweeps at once never count a file twice. A
   * failed removal is logged and its row put back; the run goes on.
   */
  async function sweep(opts: { dryRun?: boolean; actor?: Actor; force?: boolean } = {}): Promise<SweepOutcome> {
    const dryRun = opts.dryRun === true;
    const out: SweepOutcome = { count: 0, bytes: 0, adopted: 0, eligible: 0, recorded: 0, failed: 0 };
    const anyArticle = await db.selectFrom('articles').select('id').limit(1).executeTakeFirst();
    if (!anyArticle && !opts.force) return refuse(out, 'empty_site', { dryRun, actor: opts.actor });

    const cutoff = new Date(clock.now().getTime() - SWEEP_GRACE_MS).toISOString();
    const { adopted, disk } = await adoptLegacy(dryRun);
    out.adopted = adopted;
    const usage = await scanUsage(db);
    const candidates: Array<{ id: number; key: string; kind: string; size: number; uploader_id: number | null; created_at: string; bytes: number }> = [];
    for (let after = 0; ;) {
      const rows = await db
        .selectFrom('uploads')
        .select(['id', 'key', 'kind', 'size', 'uploader_id', 'created_at'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      for (const r of rows) {
        if (!isSweepableKey(r.key)) continue; // never anything storage did not hand out
        out.recorded++;
        if (r.created_at < cutoff && !usage.of(r.key)) candidates.push({ ...r, bytes: disk.get(r.key)?.size ?? 0 });
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.id;
    }
    if (dryRun) out.recorded += adopted;
    out.eligible = candidates.length;

    const massive = candidates.length > SWEEP_MAX_FILES && candidates.length > out.recorded * SWEEP_MAX_SHARE;
    if (massive && !opts.force) {
      if (dryRun)
        for (const c of candidates) {
          out.count++;
          out.bytes += c.bytes;
        }
      return refuse(out, 'mass_deletion', { dryRun, actor: opts.actor });
    }
    for (const c of candidates) {
      if (!dryRun) {
        if (await usageOfKey(db, c.key)) continue; // referenced since the scan: kept
        const gone = await db.deleteFrom('uploads').where('id', '=', c.id).executeTakeFirst();
        if (Number(gone.numDeletedRows) !== 1) continue; // another sweep took it
        try {
          await storage.remove(c.key);
        } catch (e) {
          console.error(`uploads sweep: could not remove ${c.key}; its record is kept for the next sweep:`, e);
          const { bytes: _bytes, ...row } = c;
          await db
            .insertInto('uploads')
            .values(row)
            .onConflict((oc) => oc.column('key').doNothing())
            .execute()
            .catch((err: unknown) => console.error('uploads sweep: record restore failed:', err));
          out.failed++;
          continue;
        }
      }
      out.count++;
      out.bytes += c.bytes;
    }
    if (!dryRun) deps.onChange();
    if (!dryRun && opts.actor)
      await audit.record({
        actorId: opts.actor.actorId,
        ip: opts.actor.ip,
        action: 'uploads.sweep',
        targetType: 'upload',
        detail: { count: out.count, bytes: out.bytes, ...(out.failed ? { failed: out.failed } : {}), ...(opts.force ? { force: true } : {}) },
      });
    return out;
  }

  /**
   * The daily job, asked hourly by every instance. The first to claim today's row sweeps; the day counts as
   * done only once the sweep has finished (a refusal finishes it too). A sweep that throws gives its claim
   * back and one that crashed leaves a stale claim: either way a later hourly look runs it again.
   */
  async function sweepDaily(): Promise<SweepOutcome | undefined> {
    const now = clock.now();
    const at = now.toISOString();
    const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10); // the site's (China) day
    const row = await db.selectFrom('upload_sweeps').select(['started_at', 'finished_at']).where('day', '=', day).executeTakeFirst();
    if (row?.finished_at) return undefined;
    let claimed: boolean;
    if (!row) {
      const r = await db
        .insertInto('upload_sweeps')
        .values({ day, started_at: at, finished_at: null })
        .onConflict((oc) => oc.column('day').doNothing())
        .executeTakeFirst();
      claimed = Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    } else if (row.started_at < new Date(now.getTime() - STALE_CLAIM_MS).toISOString()) {
      const r = await db
        .updateTable('upload_sweeps')
        .set({ started_at: at })
        .where('day', '=', day)
        .where('started_at', '=', row.started_at)
        .where('finished_at', 'is', null)
        .executeTakeFirst();
      claimed = Number(r.numUpdatedRows) === 1;
    } else claimed = false;
    if (!claimed) return undefined;
    const mine = db.updateTable('upload_sweeps').where('day', '=', day).where('started_at', '=', at);
    try {
      const outcome = await sweep({ actor: { actorId: null, ip: 'job' } });
      await mine.set({ finished_at: clock.now().toISOString() }).execute();
      return outcome;
    } catch (e) {
      await db
        .deleteFrom('upload_sweeps')
        .where('day', '=', day)
        .where('started_at', '=', at)
        .where('finished_at', 'is', null)
        .execute()
        .catch(() => undefined);
      throw e;
    }
  }

  return { sweep, sweepDaily };
}
