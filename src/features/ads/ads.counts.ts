import { toNumber, type Db } from '../../platform/db/index.ts';

/**
 * Ads waiting in 广告审核, for the admin dashboard. Only members' points-paid bookings are ever pending
 * (staff ads are saved approved), so this is the length of the review queue at /admin/ads/review.
 */
export async function countPendingAds(db: Db): Promise<number> {
  const r = await db
    .selectFrom('ads')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return toNumber(r?.n);
}
