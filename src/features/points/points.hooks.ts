import { format, t } from '../../strings/index.ts';
import type { Points } from './points.service.ts';

/** What other features report (as optional callbacks main.ts passes them), turned into rewards and reversals. */
export interface PointsHooks {
  onRegistered(memberId: number): Promise<void>;
  onLogin(memberId: number): Promise<void>;
  onArticleApproved(a: { id: number; authorId: number; title: string }): Promise<void>;
  onCommentStatus(c: { id: number; memberId: number | null; from: string | null; to: string; actorId?: number }): Promise<void>;
  /** A published article left the site (any path: admin, API, report); actorId is the staff member, when known. */
  onArticleTakenDown(articleId: number, actorId: number | undefined): Promise<void>;
  /** A taken-down article published again (any path, the articles service's onPublished): what its take-downs reversed comes back, once each. */
  onArticleRepublished(articleId: number, actorId: number | undefined): Promise<void>;
}

/**
 * Reward hooks. A reward is a bonus: when it fails, the action that earned it still succeeds, and the
 * error goes to `onError`. Rewards are keyed (reward:<rule>:…) so a repeated event grants nothing more.
 */
export function createPointsHooks(points: Points, onError: (e: unknown) => void): PointsHooks {
  const quietly = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      onError(e);
    }
  };
  return {
    onRegistered: (memberId) => quietly(() => points.reward(memberId, 'register', { type: 'member', id: memberId })),
    onLogin: (memberId) => quietly(() => points.reward(memberId, 'login')),
    // A first approval earns the reward; approving again what a take-down removed (the author resubmitted it)
    // gives back what that take-down reversed, as any other way back onto the site does (once per reversal).
    onArticleApproved: (a) =>
      quietly(async () => {
        await points.reward(a.authorId, 'article', { type: 'article', id: a.id }, { memo: format(t.points.memoArticle, { title: a.title.slice(0, 60) }) });
        await points.restoreRewards({ type: 'article', id: a.id }, undefined);
      }),
    onCommentStatus: (c) =>
      quietly(async () => {
        // A member's comment that becomes visible for the first time (posted visible, or approved).
        if (c.memberId !== null && c.to === 'visible' && (c.from === null || c.from === 'pending')) {
          await points.reward(c.memberId, 'comment', { type: 'comment', id: c.id });
        }
        // Hidden or deleted by staff, or removed by its author: the reward is taken back (a later restore does not re-grant it).
        if ((c.to === 'hidden' || c.to === 'deleted' || c.to === 'removed') && c.actorId !== undefined)
          await points.reverseRewards({ type: 'comment', id: c.id }, c.actorId);
      }),
    onArticleTakenDown: (articleId, actorId) => quietly(() => points.reverseRewards({ type: 'article', id: articleId }, actorId)),
    onArticleRepublished: (articleId, actorId) => quietly(() => points.restoreRewards({ type: 'article', id: articleId }, actorId)),
  };
}
