import { toNumber, type Db } from '../../platform/db/index.ts';

/** 友情链接 applications waiting for review: the console dashboard's 待处理 card. */
export async function countPendingLinks(db: Db): Promise<number> {
  const r = await db
    .selectFrom('friend_links')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return toNumber(r?.n);
}
