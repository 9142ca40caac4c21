import type { Db } from '../../platform/db/index.ts';

/**
 * The version of what the analyzer puts into the index. Raise it whenever a change to segmentation or
 * the analyzer (search.analyzer.ts, platform/text) changes the terms stored for the same text: a server
 * started on an index of another version rebuilds it in the background (`ensureIndexVersion`).
 * 2: numbers with their unit (1.2万, 300公里) are terms of their own (2026-11-29).
 */
export const INDEX_VERSION = 2;

/** Kept in the settings table's key/value rows, under a name no setting uses (as the app secret is). */
const KEY = '__search_index_version';

export async function readIndexVersion(db: Db): Promise<number | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  const v = row ? Number(JSON.parse(row.value)) : NaN;
  return Number.isInteger(v) ? v : undefined;
}

export async function writeIndexVersion(db: Db, version = INDEX_VERSION): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('settings')
    .values({ key: KEY, value: JSON.stringify(version), updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(version), updated_at: now }))
    .execute();
}
