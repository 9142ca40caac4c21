import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { isStoredFileUrl, type Storage } from '../../platform/storage/index.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { format, t } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import { scanUsage, type UseRef, type Usage } from './uploads.usage.ts';

/** An editor mid-edit (a cover kept for a form that failed, a body image not yet saved) is safe for this long. */
export const SWEEP_GRACE_MS = 24 * 3_600_000;
export const SWEEP_JOB = 'uploads.sweep';

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

export interface SweepOutcome {
  /** Files removed (or, on a dry run, that would be). */
  count: number;
  bytes: number;
  /** Files found on disk without a record, recorded now as `legacy` (dry run: how many would be). */
  adopted: number;
}

type Actor = { actorId: number | null; ip: string };

const PAGE = 1000;

/** Every file under the storage root with a well-formed key: key → size and modification time. */
async function filesOnDisk(root: string): Promise<Map<string, { size: number; mtime: Date }>> {
  const out = new Map<string, { size: number; mtime: Date }>();
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath ?? e.path, e.name);
    const key = path.relative(root, full).split(path.sep).join('/');
    if (!isStoredFileUrl(`/uploads/${key}`)) continue; // not a name storage hands out (dotfiles, odd names)
    const st = await fs.stat(full).catch(() => undefined);
    if (st) out.set(key, { size: st.size, mtime: st.mtime });
  }
  return out;
}

/** 附件管理: the record of stored files, what uses them, deleting one and sweeping the unused. */
export function createUploads(deps: { db: Db; clock: Clock; storage: Storage; audit: Audit }) {
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

  /** Records files that are on disk but not in the table (written before it existed) as `legacy`, dated by mtime. */
  async function adoptLegacy(
    dryRun: boolean,
  ): Promise<{ fresh: Array<[string, { size: number; mtime: Date }]>; disk: Map<string, { size: number; mtime: Date }> }> {
    const disk = await filesOnDisk(storage.root);
    const known = await recordedKeys();
    const fresh = [...disk].filter(([k]) => !known.has(k));
    if (!dryRun)
      for (let i = 0; i < fresh.length; i += 200) {
        const rows = fresh.slice(i, i + 200).map(([key, f]) => ({ key, kind: 'legacy', size: f.size, uploader_id: null, created_at: f.mtime.toISOString() }));
        await db
          .insertInto('uploads')
          .values(rows)
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
      }
    return { fresh, disk };
  }

  /**
   * Removes every file not in use and older than the grace period, and its row; one audit entry with the
   * count and bytes freed. Each row is taken by one conditional delete before its file goes, so two
   * sweeps at once (two instances, the button during the job) never count a file twice.
   */
  async function sweep(opts: { dryRun?: boolean; actor?: Actor } = {}): Promise<SweepOutcome> {
    const dryRun = opts.dryRun === true;
    const cutoff = new Date(clock.now().getTime() - SWEEP_GRACE_MS).toISOString();
    const { fresh, disk } = await adoptLegacy(dryRun);
    const usage = await scanUsage(db);
    const out: SweepOutcome = { count: 0, bytes: 0, adopted: fresh.length };
    for (let after = 0; ;) {
      const rows = await db
        .selectFrom('uploads')
        .select(['id', 'key', 'size'])
        .where('id', '>', after)
        .where('created_at', '<', cutoff)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      for (const r of rows) {
        if (usage.of(r.key)) continue;
        const bytes = disk.get(r.key)?.size ?? 0;
        if (!dryRun) {
          const gone = await db.deleteFrom('uploads').where('id', '=', r.id).executeTakeFirst();
          if (Number(gone.numDeletedRows) !== 1) continue; // another sweep took it
          await storage.remove(r.key);
        }
        out.count++;
        out.bytes += bytes;
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.id;
    }
    // A dry run did not record the unknown files: count those a real sweep would take.
    if (dryRun)
      for (const [key, f] of fresh)
        if (f.mtime.toISOString() < cutoff && !usage.of(key)) {
          out.count++;
          out.bytes += f.size;
        }
    if (!dryRun && opts.actor)
      await audit.record({
        actorId: opts.actor.actorId,
        ip: opts.actor.ip,
        action: 'uploads.sweep',
        targetType: 'upload',
        detail: { count: out.count, bytes: out.bytes },
      });
    return out;
  }

  /** The daily job: the first instance to record today's row sweeps; the others see it taken and skip. */
  async function sweepDaily(): Promise<SweepOutcome | undefined> {
    const now = clock.now();
    const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10); // the site's (China) day
    const claim = await db
      .insertInto('upload_sweeps')
      .values({ day, started_at: now.toISOString() })
      .onConflict((oc) => oc.column('day').doNothing())
      .executeTakeFirst();
    if (Number(claim.numInsertedOrUpdatedRows ?? 0) !== 1) return undefined;
    return sweep({ actor: { actorId: null, ip: 'job' } });
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
   * (the whole table is walked in pages of ids for that; the usage scan reads only rows naming /uploads/).
   */
  async function list(opts: { page: number; perPage: number; unused: boolean }): Promise<{ items: UploadItem[]; total: number }> {
    const usage = await scanUsage(db);
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
    return { ...r, use: (await scanUsage(db)).of(r.key) };
  }

  /** Deletes one file; refused (409, in Chinese) while anything uses it. */
  async function remove(id: number, actor: Actor, describe: (u: UseRef) => string): Promise<UploadItem> {
    const item = await get(id);
    if (item.use) throw new ConflictError(format(t.uploads.errInUse, { use: describe(item.use) }));
    const gone = await db.deleteFrom('uploads').where('id', '=', id).executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1) throw new NotFoundError(t.uploads.errNotFound);
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

  return { list, get, remove, sweep, sweepDaily, usage: (): Promise<Usage> => scanUsage(db) };
}

export type Uploads = ReturnType<typeof createUploads>;
