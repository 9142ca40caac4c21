import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';

/** Members who joined at or after an ISO instant (the admin dashboard's 今日新会员). */
export async function countMembersJoinedSince(db: Db, sinceIso: string): Promise<number> {
  const r = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('created_at', '>=', sinceIso)
    .executeTakeFirst();
  return toNumber(r?.n);
}
