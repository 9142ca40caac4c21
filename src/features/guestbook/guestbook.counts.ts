import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';

/** Guestbook messages waiting for approval, for the admin dashboard. */
export async function countPendingGuestbook(db: Db): Promise<number> {
  const r = await db
    .selectFrom('guestbook_messages')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return toNumber(r?.n);
}
