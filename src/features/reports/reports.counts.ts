import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';

/** Open reports (each report, not each grouped target), for the admin dashboard. */
export async function countOpenReports(db: Db): Promise<number> {
  const r = await db
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirst();
  return toNumber(r?.n);
}
