import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';

/**
 * The version of what the analyzer puts into the index. Raise it whenever a change to segmentation or
 * the analyzer (search.analyzer.ts, platform/text) changes the terms stored for the same text: a server
 * started on an index of another version rebuilds it in the background (`ensureIndexVersion`).
 * 2: numbers with their unit (1.2万, 300公里) are terms of their own (2026-11-29).
 */
export const INDEX_VERSION = 2;

/**
 * Kept in the settings table's key/value rows, under a name no setting uses (as the app secret is). The
 * value is the version (a number), or while an instance rebuilds the index for it, that instance's claim
 * (`{"rebuilding":2,"since":…,"by":…}`), which reads as no version.
 */
export const INDEX_VERSION_SETTING = '__search_index_version';
const KEY = INDEX_VERSION_SETTING;

/** A claim not renewed for this long is taken to have died with its instance: a later start takes it over. */
export const REBUILD_CLAIM_TTL_MS = 30 * 60_000;
/** How often the rebuilding instance renews its claim (well within the TTL, so a long rebuild keeps it). */
const RENEW_MS = 5 * 60_000;

async function readRow(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return row?.value;
}

function parse(raw: string | undefined): { version?: number; since?: number } {
  if (raw === undefined) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'number' && Number.isInteger(v)) return { version: v };
    if (v && typeof v === 'object' && typeof (v as { since?: unknown }).since === 'string') return { since: Date.parse((v as { since: string }).since) };
  } catch {
    /* a corrupt row is no version */
  }
  return {};
}

export async function readIndexVersion(db: Db): Promise<number | undefined> {
  return parse(await readRow(db)).version;
}

export async function writeIndexVersion(db: Db, version = INDEX_VERSION): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('settings')
    .values({ key: KEY, value: JSON.stringify(version), updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(version), updated_at: now }))
    .execute();
}

/** Replaces the row's value only if it still is `from` (undefined: only if there is no row): true if this call did. */
async function swap(db: Db, from: string | undefined, to: string): Promise<boolean> {
  const updated_at = new Date().toISOString();
  if (from === undefined) {
    const r = await db
      .insertInto('settings')
      .values({ key: KEY, value: to, updated_at })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows) === 1;
  }
  const r = await db.updateTable('settings').set({ value: to, updated_at }).where('key', '=', KEY).where('value', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** This instance's claim on the rebuild; `end` it when the rebuild is over. */
export interface RebuildClaim {
  /** Stops renewing the claim; a failed rebuild also gives it up, so the next start rebuilds. */
  end(failed: boolean): Promise<void>;
}

/**
 * Claims the rebuild of an index of another version for this instance, atomically in the database (the
 * same conditional update or insert on both dialects: of instances starting together, exactly one sees
 * its write change the row). 'current': the version was recorded meanwhile; 'taken': another instance
 * holds a live claim (renewed within REBUILD_CLAIM_TTL_MS) or won the race. The claim is renewed every
 * few minutes while held, so only a crashed rebuilder's claim grows old enough to be taken over.
 */
export async function claimRebuild(db: Db, clock: Clock): Promise<RebuildClaim | 'current' | 'taken'> {
  const raw = await readRow(db);
  const found = parse(raw);
  if (found.version === INDEX_VERSION) return 'current';
  if (found.since !== undefined && clock.now().getTime() - found.since < REBUILD_CLAIM_TTL_MS) return 'taken';
  const by = randomUUID();
  const claimAt = () => JSON.stringify({ rebuilding: INDEX_VERSION, since: clock.now().toISOString(), by });
  let held = claimAt();
  if (!(await swap(db, raw, held))) return 'taken';
  let ended = false;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    const next = claimAt();
    renewing = swap(db, held, next).then(
      (ok) => {
        if (ok) held = next;
      },
      () => {}, // renewed at the next tick (or taken over, if the database stays away that long)
    );
  }, RENEW_MS);
  timer.unref();
  return {
    async end(failed) {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      await renewing;
      if (failed) await db.deleteFrom('settings').where('key', '=', KEY).where('value', '=', held).execute();
    },
  };
}
