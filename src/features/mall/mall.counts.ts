import { toNumber, type Db } from '../../platform/db/index.ts';

/** Orders waiting to be shipped (待发货), for the admin dashboard. */
export async function countPendingOrders(db: Db): Promise<number> {
  const r = await db
    .selectFrom('mall_orders')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return toNumber(r?.n);
}
