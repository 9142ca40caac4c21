import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import { createSweep, type SweepOutcome } from './uploads.sweep.ts';
import { scanUsage, usageOfKey, type UseRef, type Usage } from './uploads.usage.ts';

export { SWEEP_GRACE_MS, SWEEP_JOB, SWEEP_MAX_FILES, SWEEP_MAX_SHARE, type SweepOutcome, type SweepRefusal } from './uploads.sweep.ts';

export interface UploadItem {
  id: number;
  key: string;
  url: string;
  kind: string;
  size: number;
  uploaderId: number | null;
  uploaderName: string | null;
  createdAt: string;
  use: UseRef | undefined;
}

type Actor = { actorId: number | null; ip: string };

const PAGE = 1000;
/**
 * How long the list's usage scan and the sweep's preview are reused: paging through 附件管理 does not read
 * every table each time. Dropped on any upload, delete or sweep through this instance; a reference an editor
 * adds meanwhile shows within a minute. Deletes never rely on it: each reads its file's use fresh.
 */
export const LIST_CACHE_MS = 60_000;

/** 附件管理: the record of stored files, what uses them, deleting one and sweeping the unused. */
export function createUploads(deps: { db: Db; clock: Clock; storage: Storage; audit: Audit }) {
  const { db, clock, storage, audit } = deps;
  let scanned: { at: number; usage: Promise<Usage> } | undefined;
  let previewed: { at: number; outcome: Promise<SweepOutcome> } | undefined;
  const fresh = (at: number | undefined) => at !== undefined && clock.now().getTime() - at < LIST_CACHE_MS && clock.now().getTime() >= at;

  /** Forgets the cached scan and preview (an upload, a delete, a sweep). */
  function changed(): void {
    scanned = undefined;
    previewed = undefined;
  }

  function cachedUsage(): Promise<Usage> {
    if (!scanned || !fresh(scanned.at)) {
      const usage = scanUsage(db);
      const entry = { at: clock.now().getTime(), usage };
      scanned = entry;
      usage.catch(() => {
        if (scanned === entry) scanned = undefined;
      });
    }
    return scanned.usage;
  }

  const { sweep, sweepDaily } = createSweep({ db, clock, storage, audit, onChange: changed });

  /** What a sweep now would do (a dry run), reused for a minute: the confirmation page. */
  function previewSweep(): Promise<SweepOutcome> {
    if (!previewed || !fresh(previewed.at)) {
      const outcome = sweep({ dryRun: true });
      const entry = { at: clock.now().getTime(), outcome };
      previewed = entry;
      outcome.catch(() => {
        if (previewed === entry) previewed = undefined;
      });
    }
    return previewed.outcome;
  }

  async function withUploader(ids: number[]): Promise<Map<number, Omit<UploadItem, 'use'>>> {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('uploads')
      .leftJoin('members', 'members.id', 'uploads.uploader_id')
      .select(['uploads.id', 'uploads.key', 'uploads.kind', 'uploads.size', 'uploads.uploader_id', 'uploads.created_at', 'members.username'])
      .where('uploads.id', 'in', ids)
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          key: r.key,
          url: `/uploads/${r.key}`,
          kind: r.kind,
          size: r.size,
          uploaderId: r.uploader_id,
          uploaderName: r.username ?? null,
          createdAt: r.created_at,
        },
      ]),
    );
  }

  /**
   * A page of files, newest first, with what uses each. `unused` keeps only files nothing references
   * (the whole table is walked in pages of ids for that; the usage scan, reused for `LIST_CACHE_MS`, reads
   * only rows naming /uploads/).
   */
  async function list(opts: { page: number; perPage: number; unused: boolean }): Promise<{ items: UploadItem[]; total: number }> {
    const usage = await cachedUsage();
    const from = (opts.page - 1) * opts.perPage;
    let ids: number[];
    let total: number;
    if (!opts.unused) {
      const n = await db
        .selectFrom('uploads')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      total = Number(n.n);
      ids = (await db.selectFrom('uploads').select('id').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.perPage).offset(from).execute()).map(
        (r) => r.id,
      );
    } else {
      ids = [];
      total = 0;
      let before: { at: string; id: number } | undefined;
      for (;;) {
        let q = db.selectFrom('uploads').select(['id', 'key', 'created_at']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(PAGE);
        if (before) {
          const b = before;
          q = q.where((eb) => eb.or([eb('created_at', '<', b.at), eb.and([eb('created_at', '=', b.at), eb('id', '<', b.id)])]));
        }
        const rows = await q.execute();
        for (const r of rows) {
          if (usage.of(r.key)) continue;
          if (total >= from && ids.length < opts.perPage) ids.push(r.id);
          total++;
        }
        if (rows.length < PAGE) break;
        const last = rows[rows.length - 1]!;
        before = { at: last.created_at, id: last.id };
      }
    }
    const byId = await withUploader(ids);
    const items = ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ ...r, use: usage.of(r.key) }] : [];
    });
    return { items, total };
  }

  async function get(id: number): Promise<UploadItem> {
    const r = (await withUploader([id])).get(id);
    if (!r) throw new NotFoundError(t.uploads.errNotFound);
    return { ...r, use: (await cachedUsage()).of(r.key) };
  }

  /** Deletes one file; refused (409, in Chinese) while anything uses it (read fresh for this one file). */
  async function remove(id: number, actor: Actor, describe: (u: UseRef) => string): Promise<UploadItem> {
    const r = (await withUploader([id])).get(id);
    if (!r) throw new NotFoundError(t.uploads.errNotFound);
    const use = await usageOfKey(db, r.key);
    const item: UploadItem = { ...r, use };
    if (use) throw new ConflictError(format(t.uploads.errInUse, { use: describe(use) }));
    const gone = await db.deleteFrom('uploads').where('id', '=', id).executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1) throw new NotFoundError(t.uploads.errNotFound);
    changed();
    await storage.remove(item.key);
    await audit.record({
      ...actor,
      action: 'uploads.delete',
      targetType: 'upload',
      targetId: id,
      detail: { key: item.key, kind: item.kind, bytes: item.size },
    });
    return item;
  }

  return { list, get, remove, sweep, sweepDaily, previewSweep, changed, usage: (): Promise<Usage> => scanUsage(db) };
}

export type Uploads = ReturnType<typeof createUploads>;
