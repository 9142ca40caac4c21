import type { Db } from '../../platform/db/index.ts';

export interface CommentView {
  id: number;
  articleId: number;
  nickname: string;
  body: string; // plain text; escaped on output
  floor: number;
  likes: number;
  createdAt: string;
}

/** Read side of comments for the article page. Posting and moderation arrive with the members issue. */
export function createComments(deps: { db: Db }) {
  const { db } = deps;
  return {
    async latestFor(articleId: number, limit: number): Promise<CommentView[]> {
      const rows = await db
        .selectFrom('comments')
        .select(['id', 'article_id', 'nickname', 'body', 'floor', 'likes', 'created_at'])
        .where('article_id', '=', articleId)
        .where('status', '=', 'visible')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        articleId: r.article_id,
        nickname: r.nickname,
        body: r.body,
        floor: r.floor,
        likes: r.likes,
        createdAt: r.created_at,
      }));
    },
  };
}

export type Comments = ReturnType<typeof createComments>;
