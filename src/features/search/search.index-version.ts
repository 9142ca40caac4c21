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

/** The row: a version, or a claim (`since`: last renewed; `started`: when its rebuild began). */
function parse(raw: string | undefined): { version?: number; since?: number; started?: string } {
  if (raw === undefined) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'number' && Number.isInteger(v)) return { version: v };
    if (v && typeof v === 'object' && typeof (v as { since?: unknown }).since === 'string') {
      const c = v as { since: string; started?: unknown };
      return { since: Date.parse(c.since), started: typeof c.started === 'string' ? c.started : c.since };
    }
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
  if (isLive(found, clock)) return 'taken';
  return (await hold(db, clock, raw, { restore: false })) ?? 'taken';
}

/**
 * The same claim for a rebuild someone asked for (重建索引 on the admin page, `zixun reindex`), taken
 * whatever version the index has: refused (`{ startedAt }`, when the holder's rebuild began) while another
 * rebuild holds a live claim, start-up or manual, on any instance; a claim left unrenewed for
 * REBUILD_CLAIM_TTL_MS is taken over as at start-up. While held the row reads as no version (a server
 * starting meanwhile sees the claim and leaves the rebuild to its holder). The rebuild records the version
 * when done (which ends the claim in the row); `end(true)` (failed, or never run) puts back the version
 * the row had.
 */
export async function claimManualRebuild(db: Db, clock: Clock): Promise<RebuildClaim | { startedAt: string }> {
  const raw = await readRow(db);
  const found = parse(raw);
  if (isLive(found, clock)) return { startedAt: found.started ?? new Date(found.since ?? 0).toISOString() };
  const got = await hold(db, clock, raw, { restore: true, ...(found.version !== undefined ? { was: found.version } : {}) });
  if (got) return got;
  // Another instance won the race for the row: report its claim.
  const now = parse(await readRow(db));
  return { startedAt: now.started ?? clock.now().toISOString() };
}

function isLive(found: { since?: number }, clock: Clock): boolean {
  return found.since !== undefined && clock.now().getTime() - found.since < REBUILD_CLAIM_TTL_MS;
}

/** Replaces `raw` with a claim of this instance, renewed until ended; undefined if another write came first. */
async function hold(db: Db, clock: Clock, raw: string | undefined, opts: { restore: boolean; was?: number }): Promise<RebuildClaim | undefined> {
  const by = randomUUID();
  const started = clock.now().toISOString();
  const claimAt = () => JSON.stringify({ rebuilding: INDEX_VERSION, since: clock.now().toISOString(), started, by });
  let held = claimAt();
  if (!(await swap(db, raw, held))) return undefined;
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
      if (!failed) return;
      if (opts.restore && opts.was !== undefined) await swap(db, held, JSON.stringify(opts.was));
      else await db.deleteFrom('settings').where('key', '=', KEY).where('value', '=', held).execute();
    },
  };
}
