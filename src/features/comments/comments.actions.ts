import type { Db, DbHandle } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../../platform/errors.ts';
import { RateLimitedError, type RateLimiter } from '../../platform/http/rate-limit.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { t, format } from '../../strings/index.ts';
import type { Audit } from '../audit/index.ts';
import type { BannedWords } from '../banned-words/index.ts';
import { isStaff, type Member } from '../members/index.ts';
import type { SettingsService } from '../settings/index.ts';
import { commentsTag, giveFloor, lockArticle, nextFloor, recount } from './comments.floors.ts';
import { createOwnComments } from './comments.own.ts';
import { guestNameProblem, type MemberNames } from './comments.guest-names.ts';
import { CommentInputSchema, type Moderation } from './comments.schema.ts';
import type { CommentStatus } from './comments.service.ts';

const s = t.community;

/** Posting limits per member (or per IP for guests); staff are not limited. */
export const COMMENT_LIMITS = { burstMs: 15_000, perHour: 20, likesPerMinute: 30 };

export interface CommentActionsDeps {
  dbh: DbHandle;
  clock: Clock;
  settings: SettingsService;
  bannedWords: BannedWords;
  audit: Audit;
  rateLimiter: RateLimiter;
  purge(tags: string[]): void;
  /** Whether comments may be written under this article (published and public). */
  isPublicArticle(id: number): Promise<boolean>;
  /** False when the article's 允许评论 is off (new comments refused, `comments_closed`); absent: always allowed. */
  allowsComments?: ((id: number) => Promise<boolean>) | undefined;
  /** Called after a comment became visible (posted or approved) or was moderated (e.g. points rewards). */
  onCommentStatus?: ((c: CommentStatusChange) => Promise<void>) | undefined;
  /** Members, for the names a guest may not take (usernames, 昵称). */
  members?: MemberNames | undefined;
  /**
   * Runs inside the transaction that removes the author's own comment: takes back what the comment
   * earned, or says why it cannot (the points are spent elsewhere), which refuses the removal.
   */
  takeBackOwnRewards?: ((trx: Db, c: { id: number; memberId: number }) => Promise<string | undefined>) | undefined;
}

export interface CommentStatusChange {
  id: number;
  memberId: number | null;
  articleId: number;
  /** null for a new comment. */
  from: CommentStatus | null;
  to: CommentStatus;
  /** The staff member who moderated it, or the author who removed it. */
  actorId?: number;
  /** It shows for the first time (it was just given its floor): a reply's parent author hears of it once. */
  firstShown?: boolean;
  /** Why staff removed it, for its author (e.g. a report's reason); absent for plain moderation. */
  reason?: string;
}

export interface PostInput {
  articleId: number;
  member: Member | undefined;
  ip: string;
  fields: unknown;
}

export interface PostResult {
  id: number;
  floor: number;
  status: 'visible' | 'pending';
  /** Held for review because it contains a banned word. */
  held: boolean;
}

const FROM: Record<Moderation, CommentStatus[]> = {
  approve: ['pending'],
  hide: ['visible', 'pending'],
  restore: ['hidden', 'deleted'],
  delete: ['visible', 'pending', 'hidden'],
};
const TO: Record<Moderation, CommentStatus> = { approve: 'visible', hide: 'hidden', restore: 'visible', delete: 'deleted' };

export { commentsTag };

/**
 * Write side of comments: posting (floors, moderation, banned words, rate limits), likes, and staff
 * moderation. `articles.comment_count` is a counter this feature keeps: it counts visible comments
 * and is recomputed in the transaction of every change, after the article row is locked.
 */
export function createCommentActions(deps: CommentActionsDeps) {
  const { dbh, clock, rateLimiter } = deps;

  async function checkRate(key: string): Promise<void> {
    if (!(await rateLimiter.hit(`comment:burst:${key}`, 1, COMMENT_LIMITS.burstMs))) {
      throw new RateLimitedError(format(s.tooFast, { sec: COMMENT_LIMITS.burstMs / 1000 }));
    }
    if (!(await rateLimiter.hit(`comment:hour:${key}`, COMMENT_LIMITS.perHour, 3600_000))) throw new RateLimitedError(s.tooMany);
  }

  async function post(p: PostInput): Promise<PostResult> {
    const settings = await deps.settings.get();
    if (!settings.commentsEnabled) throw new ForbiddenError(s.closed);
    if (deps.allowsComments && !(await deps.allowsComments(p.articleId))) throw new AppError('comments_closed', s.closedHere, 403);
    if (!p.member && !settings.guestComments) throw new UnauthorizedError(s.loginToComment);
    const input = parseOrThrow(CommentInputSchema, p.fields);
    const staff = p.member ? isStaff(p.member.role) : false;
    const nickname = p.member ? p.member.displayName || p.member.username : input.nickname;
    if (!p.member && (nickname.length < 2 || nickname.length > 20)) {
      throw new ValidationError({ nickname: nickname ? s.nicknameLength : s.nicknameRequired });
    }
    if (!p.member) {
      const problem = await guestNameProblem(deps.members, nickname);
      if (problem) throw new ValidationError({ nickname: problem });
    }
    if (!(await deps.isPublicArticle(p.articleId))) throw new NotFoundError(s.articleGone);
    if (input.parent !== undefined) {
      const parent = await dbh.db
        .selectFrom('comments')
        .select('id')
        .where('id', '=', input.parent)
        .where('article_id', '=', p.articleId)
        .where('status', '=', 'visible')
        .executeTakeFirst();
      if (!parent) throw new ValidationError({ parent: s.parentGone });
    }
    const banned = await deps.bannedWords.find(input.body, p.member ? '' : nickname);
    if (banned.length && settings.bannedWordAction === 'reject') {
      throw new ValidationError({ body: format(s.bannedRejected, { words: banned.join('、') }) });
    }
    if (!staff) await checkRate(p.member ? `m:${p.member.id}` : `ip:${p.ip}`);
    const held = banned.length > 0;
    const status: PostResult['status'] = !staff && (held || settings.commentModeration === 'pre') ? 'pending' : 'visible';

    const result = await dbh.tx(async (trx) => {
      await lockArticle(trx, p.articleId);
      // A held comment gets its floor when it is approved (comments.floors.ts).
      const floor = status === 'visible' ? await nextFloor(trx, p.articleId) : 0;
      const row = await trx
        .insertInto('comments')
        .values({
          article_id: p.articleId,
          member_id: p.member?.id ?? null,
          nickname,
          body: input.body,
          status,
          floor,
          parent_id: input.parent ?? null,
          ip: p.ip.slice(0, 64),
          created_at: clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (status === 'visible') await recount(trx, p.articleId);
      return { id: row.id, floor, status, held };
    });
    if (status === 'visible') deps.purge([commentsTag(p.articleId)]);
    if (status === 'visible')
      await deps.onCommentStatus?.({ id: result.id, memberId: p.member?.id ?? null, articleId: p.articleId, from: null, to: 'visible', firstShown: true });
    return result;
  }

  /**
   * One 顶 per voter (`m:<memberId>` or a guest hash); a repeated like changes nothing. Only a visible
   * comment under a public article can be liked, and never by its own author.
   */
  async function like(commentId: number, voter: string, memberId?: number): Promise<{ likes: number; liked: boolean; articleId: number }> {
    if (!(await rateLimiter.hit(`comment:like:${voter}`, COMMENT_LIMITS.likesPerMinute, 60_000))) throw new RateLimitedError();
    const target = await dbh.db.selectFrom('comments').select(['article_id', 'status', 'member_id']).where('id', '=', commentId).executeTakeFirst();
    if (!target || target.status !== 'visible') throw new NotFoundError(s.commentGone, 'comment_not_found');
    if (memberId !== undefined && target.member_id === memberId) throw new ForbiddenError(s.cannotLikeOwn);
    if (!(await deps.isPublicArticle(target.article_id))) throw new NotFoundError(s.articleGone, 'article_not_found');
    const out = await dbh.tx(async (trx) => {
      const c = await trx.selectFrom('comments').select(['article_id', 'status']).where('id', '=', commentId).executeTakeFirst();
      if (!c || c.status !== 'visible') throw new NotFoundError(s.commentGone, 'comment_not_found');
      const inserted = await trx
        .insertInto('comment_likes')
        .values({ comment_id: commentId, voter: voter.slice(0, 64), created_at: clock.now().toISOString() })
        .onConflict((oc) => oc.columns(['comment_id', 'voter']).doNothing())
        .returning('comment_id')
        .executeTakeFirst();
      if (inserted) {
        await trx
          .updateTable('comments')
          .set((eb) => ({ likes: eb('likes', '+', 1) }))
          .where('id', '=', commentId)
          .execute();
      }
      const r = await trx.selectFrom('comments').select('likes').where('id', '=', commentId).executeTakeFirstOrThrow();
      return { likes: r.likes, liked: Boolean(inserted), articleId: c.article_id };
    });
    if (out.liked) deps.purge([commentsTag(out.articleId)]);
    return out;
  }

  /** Staff approve, hide, restore or delete comments; each change is audited, counts stay right. */
  async function moderate(m: { ids: number[]; action: Moderation; actorId: number; ip: string; reason?: string }): Promise<number> {
    const ids = [...new Set(m.ids)].slice(0, 200);
    if (!ids.length) return 0;
    const touched = new Set<number>();
    const changes: CommentStatusChange[] = [];
    const changed = await dbh.tx(async (trx) => {
      const rows = await trx.selectFrom('comments').select(['id', 'article_id', 'status', 'member_id', 'floor']).where('id', 'in', ids).execute();
      // Lock articles in one order so two moderators never wait on each other.
      rows.sort((a, b) => a.article_id - b.article_id || a.id - b.id);
      let n = 0;
      for (const c of rows) {
        if (!FROM[m.action].includes(c.status as CommentStatus)) continue;
        await lockArticle(trx, c.article_id);
        // Another moderator may have changed it while this one waited for the article's lock: then it is theirs.
        const r = await trx.updateTable('comments').set({ status: TO[m.action] }).where('id', '=', c.id).where('status', '=', c.status).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) continue;
        const firstShown = TO[m.action] === 'visible' && c.floor === 0;
        if (TO[m.action] === 'visible') await giveFloor(trx, c);
        await recount(trx, c.article_id);
        await deps.audit.record(
          {
            actorId: m.actorId,
            action: `comment.${m.action}`,
            targetType: 'comment',
            targetId: c.id,
            detail: { articleId: c.article_id, from: c.status, to: TO[m.action] },
            ip: m.ip,
          },
          trx,
        );
        touched.add(c.article_id);
        changes.push({
          id: c.id,
          memberId: c.member_id,
          articleId: c.article_id,
          from: c.status as CommentStatus,
          to: TO[m.action],
          actorId: m.actorId,
          firstShown,
          ...(m.reason ? { reason: m.reason } : {}),
        });
        n++;
      }
      return n;
    });
    if (touched.size) deps.purge([...touched].map(commentsTag));
    for (const c of changes) await deps.onCommentStatus?.(c);
    return changed;
  }

  /** A member's 昵称 or 头像 changed: purge every page that shows their comments (both are read at render). */
  async function memberRenamed(memberId: number): Promise<void> {
    const rows = await dbh.db
      .selectFrom('comments')
      .select('article_id')
      .distinct()
      .where('member_id', '=', memberId)
      .where('status', 'in', ['visible', 'removed'])
      .execute();
    if (rows.length) deps.purge(rows.map((r) => commentsTag(r.article_id)));
  }

  return { post, like, moderate, memberRenamed, ...createOwnComments(deps) };
}

export type CommentActions = ReturnType<typeof createCommentActions>;
