import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';

/**
 * Writes made outside the running servers (the CLI's `import`, `seed`, `reindex` into a live database)
 * never pass through their page caches, so lists would show the old content until pages expire. The CLI
 * notes such a write in one settings row; each server reads that row every few seconds and clears its
 * page cache (and in-memory copies) when it changed. One indexed single-row read per interval, with or
 * without Redis.
 */
export const OUTSIDE_WRITES_KEY = '__outside_writes';

export async function noteOutsideWrite(db: Db, now = new Date()): Promise<void> {
  const value = JSON.stringify(`${now.toISOString()} ${randomBytes(4).toString('hex')}`);
  await db
    .insertInto('settings')
    .values({ key: OUTSIDE_WRITES_KEY, value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
}

/** A check to run periodically: calls `onChange` when the row differs from what the previous check saw. */
export function watchOutsideWrites(db: Db, onChange: () => void): () => Promise<void> {
  let seen: string | undefined;
  return async () => {
    const row = await db.selectFrom('settings').select('value').where('key', '=', OUTSIDE_WRITES_KEY).executeTakeFirst();
    const now = row?.value ?? '';
    if (seen !== undefined && now !== seen) onChange();
    seen = now;
  };
}
