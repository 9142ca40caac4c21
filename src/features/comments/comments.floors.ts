import type { Db } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';

/**
 * What every comment write does inside its transaction: lock the article row, hand out floors, and
 * recount `articles.comment_count`. A floor (楼层) is given when a comment first becomes visible
 * (posted visible, approved, restored), never while it waits: readers see 1楼, 2楼, 3楼 without gaps.
 * A comment that has had a floor keeps it (held again after an edit, hidden, restored).
 */

/** The tag of every cached page that shows an article's comments or its comment count. */
export const commentsTag = (articleId: number) => `comments:${articleId}`;

/** Serialises writers per article: PostgreSQL holds the row lock until commit; SQLite has one writer anyway. */
export async function lockArticle(trx: Db, articleId: number): Promise<void> {
  await trx
    .updateTable('articles')
    .set((eb) => ({ comment_count: eb.ref('comment_count') }))
    .where('id', '=', articleId)
    .execute();
}

/** Counts visible comments into `articles.comment_count`. */
export async function recount(trx: Db, articleId: number): Promise<void> {
  await trx
    .updateTable('articles')
    .set((eb) => ({
      comment_count: eb.selectFrom('comments').select(eb.fn.countAll<number>().as('n')).where('article_id', '=', articleId).where('status', '=', 'visible'),
    }))
    .where('id', '=', articleId)
    .execute();
}

/** The next floor of an article; call after lockArticle, in the same transaction. */
export async function nextFloor(trx: Db, articleId: number): Promise<number> {
  const max = await trx
    .selectFrom('comments')
    .select((eb) => eb.fn.max('floor').as('m'))
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  return toNumber(max?.m) + 1;
}

/** A comment that becomes visible without a floor gets the next one (after lockArticle). */
export async function giveFloor(trx: Db, c: { id: number; article_id: number; floor: number }): Promise<number> {
  if (c.floor > 0) return c.floor;
  const floor = await nextFloor(trx, c.article_id);
  await trx.updateTable('comments').set({ floor }).where('id', '=', c.id).execute();
  return floor;
}
