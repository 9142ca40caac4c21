import { randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Storage } from '../../platform/storage/index.ts';
import type { Audit } from '../audit/index.ts';
import { AVATAR_SIZES, avatarKey, encodeAvatar, VERSION_RE, type AvatarSize, type AvatarUpload } from './members.avatar-image.ts';

/**
 * 头像: members.avatar holds the version of the member's picture ('' = none). Each new picture is stored
 * under a new version (new file names, new URLs), the row is switched to it only if nobody switched it
 * meanwhile, and the old files go after the switch: a page never points at a half-written picture.
 */
export function createAvatarRecords(db: Db) {
  /** The member's current version ('' = none), undefined when there is no such member. */
  async function version(memberId: number, trx: Db = db): Promise<string | undefined> {
    const r = await trx.selectFrom('members').select('avatar').where('id', '=', memberId).executeTakeFirst();
    return r?.avatar;
  }
  /** Switches from `from` to `to`; false when the row no longer holds `from` (another change won). */
  async function swap(memberId: number, from: string, to: string, at: string, trx: Db = db): Promise<boolean> {
    const r = await trx.updateTable('members').set({ avatar: to, updated_at: at }).where('id', '=', memberId).where('avatar', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  return { version, swap };
}
export type AvatarRecords = ReturnType<typeof createAvatarRecords>;

function newVersion(now: Date): string {
  return now.getTime().toString(36) + randomBytes(4).toString('hex');
}

export interface AvatarActionsDeps {
  records: AvatarRecords;
  db: Db;
  storage: Storage;
  clock: Clock;
  audit: Audit;
  /** After a member's picture changed (the pages showing it are renewed). */
  onChanged(memberId: number): Promise<void> | void;
}

/** Uploading, replacing and removing a picture; each write goes through the same switch. */
export function createAvatarActions(deps: AvatarActionsDeps) {
  const { records, storage, clock } = deps;
  const sizes = Object.keys(AVATAR_SIZES) as AvatarSize[];

  async function dropFiles(memberId: number, version: string): Promise<void> {
    if (!VERSION_RE.test(version)) return;
    for (const size of sizes) await storage.remove(avatarKey(memberId, version, size)).catch((e: unknown) => console.error('avatar file removal failed:', e));
  }

  /**
   * The member's new picture. Bad files are refused (ValidationError, field `avatar`) before anything is
   * stored; on success the old picture's files are removed. Returns the new version.
   */
  async function upload(memberId: number, file: AvatarUpload): Promise<string> {
    const pictures = await encodeAvatar(file);
    const now = clock.now();
    const to = newVersion(now);
    try {
      for (const size of sizes) await storage.put(avatarKey(memberId, to, size), pictures[size]);
      const from = await switchTo(memberId, to, now.toISOString());
      await dropFiles(memberId, from);
    } catch (e) {
      await dropFiles(memberId, to);
      throw e;
    }
    await deps.onChanged(memberId);
    return to;
  }

  /** Switches to `to` whatever the current version is (retrying when a concurrent change won); returns the old one. */
  async function switchTo(memberId: number, to: string, at: string, write?: (trx: Db, from: string) => Promise<void>): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const from = await records.version(memberId);
      if (from === undefined) throw new NotFoundError();
      const done = await deps.db.transaction().execute(async (trx) => {
        if (!(await records.swap(memberId, from, to, at, trx))) return false;
        await write?.(trx, from);
        return true;
      });
      if (done) return from;
    }
    throw new Error('avatar: the picture kept changing');
  }

  /** The member removes their own picture; false when there was none. */
  async function remove(memberId: number): Promise<boolean> {
    const from = await switchTo(memberId, '', clock.now().toISOString());
    if (!from) return false;
    await dropFiles(memberId, from);
    await deps.onChanged(memberId);
    return true;
  }

  /** Staff remove a member's picture (audited in the same transaction); false when there was none. */
  async function removeByStaff(memberId: number, actorId: number, reason: string, ip: string): Promise<boolean> {
    const from = await switchTo(memberId, '', clock.now().toISOString(), async (trx, old) => {
      if (old) await deps.audit.record({ actorId, action: 'member.avatar_remove', targetType: 'member', targetId: memberId, detail: { reason }, ip }, trx);
    });
    if (!from) return false;
    await dropFiles(memberId, from);
    await deps.onChanged(memberId);
    return true;
  }

  return { upload, remove, removeByStaff };
}
