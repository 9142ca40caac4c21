import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './index.ts';

const KEY = '__app_secret';

/**
 * The key for signing short-lived values (form timers, …), the same on every instance: `ZIXUN_SECRET`
 * when set, else a random one created once and kept in the database (the first instance wins).
 */
export async function loadAppSecret(db: Db, fromEnv: string | undefined): Promise<Buffer> {
  if (fromEnv) return createHash('sha256').update(fromEnv).digest();
  const now = new Date().toISOString();
  await db
    .insertInto('settings')
    .values({ key: KEY, value: JSON.stringify(randomBytes(32).toString('base64url')), updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirstOrThrow();
  return createHash('sha256')
    .update(String(JSON.parse(row.value)))
    .digest();
}
