import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';

/** One member's articles counted by status (deleted ones left out), for the member centre home. */
export async function countArticlesByStatus(db: Db, authorId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('articles')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('author_id', '=', authorId)
    .where('status', '!=', 'deleted')
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, toNumber(r.n)]));
}
