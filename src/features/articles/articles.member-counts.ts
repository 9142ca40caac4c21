import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';

/**
 * One member's articles counted by status, for the member centre home and 我的文章's filter tabs;
 * deleted ones are left out unless asked for. Statuses with none are absent.
 */
export async function countArticlesByStatus(db: Db, authorId: number, opts: { withDeleted?: boolean } = {}): Promise<Record<string, number>> {
  let q = db
    .selectFrom('articles')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('author_id', '=', authorId);
  if (!opts.withDeleted) q = q.where('status', '!=', 'deleted');
  const rows = await q.groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, toNumber(r.n)]));
}
