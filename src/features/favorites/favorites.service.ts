import type { DbHandle } from '../../platform/db/index.ts';
import { toNumber } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { t } from '../../strings/index.ts';

export interface FavoriteState {
  favorited: boolean;
  /** The article's 收藏 count. */
  count: number;
}

export interface FavoriteEntry {
  articleId: number;
  createdAt: string;
}

/** The tag of the cached article pages that show an article's 收藏 count. */
export const favoritesTag = (articleId: number) => `favorites:${articleId}`;

/**
 * A member's 收藏 of articles. `articles.favorite_count` is a counter this feature keeps: moved by one
 * in the transaction that adds or removes the row, so concurrent toggles never lose a count.
 */
export function createFavorites(deps: { dbh: DbHandle; clock: Clock; purge(tags: string[]): void; isPublicArticle(id: number): Promise<boolean> }) {
  const { dbh, clock } = deps;
  const db = dbh.db;

  async function count(articleId: number): Promise<number> {
    const r = await db.selectFrom('articles').select('favorite_count').where('id', '=', articleId).executeTakeFirst();
    return r?.favorite_count ?? 0;
  }

  async function isFavorited(memberId: number, articleId: number): Promise<boolean> {
    const r = await db.selectFrom('favorites').select('article_id').where('member_id', '=', memberId).where('article_id', '=', articleId).executeTakeFirst();
    return r !== undefined;
  }

  async function move(trx: typeof db, articleId: number, by: 1 | -1): Promise<void> {
    await trx
      .updateTable('articles')
      .set((eb) => ({ favorite_count: eb('favorite_count', '+', by) }))
      .where('id', '=', articleId)
      .execute();
  }

  async function removeIn(trx: typeof db, memberId: number, articleId: number): Promise<boolean> {
    const r = await trx.deleteFrom('favorites').where('member_id', '=', memberId).where('article_id', '=', articleId).executeTakeFirst();
    const removed = Number(r.numDeletedRows) > 0;
    if (removed) await move(trx, articleId, -1);
    return removed;
  }

  return {
    count,
    isFavorited,
    async state(memberId: number | undefined, articleId: number): Promise<FavoriteState> {
      const [favorited, n] = await Promise.all([memberId === undefined ? false : isFavorited(memberId, articleId), count(articleId)]);
      return { favorited, count: n };
    },

    /** Adds the favorite, or removes it when it is there (forms of pages cached before `on` existed). Only public articles can be added. */
    async toggle(memberId: number, articleId: number): Promise<FavoriteState> {
      const isPublic = await deps.isPublicArticle(articleId);
      const out = await dbh.tx(async (trx) => {
        if (await removeIn(trx, memberId, articleId)) return false;
        if (!isPublic) throw new NotFoundError(t.community.favoriteArticleGone);
        const added = await trx
          .insertInto('favorites')
          .values({ member_id: memberId, article_id: articleId, created_at: clock.now().toISOString() })
          .onConflict((oc) => oc.columns(['member_id', 'article_id']).doNothing())
          .returning('article_id')
          .executeTakeFirst();
        if (added) await move(trx, articleId, 1);
        return true;
      });
      deps.purge([favoritesTag(articleId)]);
      return { favorited: out, count: await count(articleId) };
    },

    /**
     * Makes the favorite be there (`on`) or not, whatever it was: a repeated form post (a double click)
     * changes nothing more. Only public articles can be added.
     */
    async set(memberId: number, articleId: number, on: boolean): Promise<FavoriteState> {
      if (!on) {
        if (await dbh.tx((trx) => removeIn(trx, memberId, articleId))) deps.purge([favoritesTag(articleId)]);
        return { favorited: false, count: await count(articleId) };
      }
      if (!(await deps.isPublicArticle(articleId))) throw new NotFoundError(t.community.favoriteArticleGone);
      const added = await dbh.tx(async (trx) => {
        const row = await trx
          .insertInto('favorites')
          .values({ member_id: memberId, article_id: articleId, created_at: clock.now().toISOString() })
          .onConflict((oc) => oc.columns(['member_id', 'article_id']).doNothing())
          .returning('article_id')
          .executeTakeFirst();
        if (row) await move(trx, articleId, 1);
        return row !== undefined;
      });
      if (added) deps.purge([favoritesTag(articleId)]);
      return { favorited: true, count: await count(articleId) };
    },

    /** Removes the member's own favorite; another member's favorites are never touched. */
    async remove(memberId: number, articleId: number): Promise<boolean> {
      const removed = await dbh.tx((trx) => removeIn(trx, memberId, articleId));
      if (removed) deps.purge([favoritesTag(articleId)]);
      return removed;
    },

    async list(memberId: number, page: number, perPage: number): Promise<{ items: FavoriteEntry[]; total: number }> {
      const q = db.selectFrom('favorites').where('member_id', '=', memberId);
      const [rows, n] = await Promise.all([
        q
          .select(['article_id', 'created_at'])
          .orderBy('created_at', 'desc')
          .orderBy('article_id', 'desc')
          .limit(perPage)
          .offset((page - 1) * perPage)
          .execute(),
        q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ]);
      return { items: rows.map((r) => ({ articleId: r.article_id, createdAt: r.created_at })), total: toNumber(n?.n) };
    },
  };
}

export type Favorites = ReturnType<typeof createFavorites>;
