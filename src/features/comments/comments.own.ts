import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { RateLimitedError } from '../../platform/http/rate-limit.ts';
import { parseOrThrow } from '../../platform/validation.ts';
import { t, format } from '../../strings/index.ts';
import { isStaff, type Member } from '../members/index.ts';
import type { CommentActionsDeps, CommentStatusChange } from './comments.actions.ts';
import { commentsTag, giveFloor, lockArticle, recount } from './comments.floors.ts';
import { CommentInputSchema } from './comments.schema.ts';
import type { CommentStatus } from './comments.service.ts';

const s = t.community;

/** A member may change the text of a comment this long after posting it. */
export const EDIT_WINDOW_MS = 10 * 60_000;
export const EDIT_WINDOW_MIN = EDIT_WINDOW_MS / 60_000;
/** Edits a member may save per minute (a bound on rewriting, not on ordinary use). */
const EDITS_PER_MINUTE = 10;

/** Comments their author may still change or remove: not once staff hid or deleted them. */
const OWN_CHANGEABLE: readonly CommentStatus[] = ['visible', 'pending'];

export const CommentEditSchema = CommentInputSchema.pick({ body: true });

/** Whether the author may still edit this comment (status and the window since posting). */
export function isEditable(c: { status: CommentStatus; createdAt: string }, now: Date): boolean {
  return OWN_CHANGEABLE.includes(c.status) && now.getTime() - Date.parse(c.createdAt) <= EDIT_WINDOW_MS;
}

/** Whether the author may remove this comment. */
export const isRemovable = (c: { status: CommentStatus }) => OWN_CHANGEABLE.includes(c.status);

export interface EditResult {
  articleId: number;
  status: 'visible' | 'pending';
  /** Held for review because the new text contains a banned word. */
  held: boolean;
}

/**
 * A member's own comments: edit within EDIT_WINDOW_MS (the new text passes the same banned-word and
 * moderation rules as a new comment, so an edit that would be held is held), and remove (status
 * `removed`: its floor stays and reads 该评论已被作者删除, so replies and quotes keep making sense).
 * Both are audited with the old text, and purge the pages that showed the comment.
 */
export function createOwnComments(deps: CommentActionsDeps) {
  const { dbh, clock } = deps;

  /** The member's own comment; anyone else's is "not found". */
  async function mine(id: number, member: Member) {
    const c = await dbh.db
      .selectFrom('comments')
      .select(['id', 'article_id', 'member_id', 'status', 'body', 'floor', 'created_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!c || c.member_id !== member.id) throw new NotFoundError(s.commentGone, 'comment_not_found');
    return c;
  }

  async function changed(c: CommentStatusChange): Promise<void> {
    if (c.from !== c.to) await deps.onCommentStatus?.(c);
  }

  async function edit(p: { id: number; member: Member; ip: string; fields: unknown }): Promise<EditResult> {
    const c = await mine(p.id, p.member);
    const from = c.status as CommentStatus;
    if (!OWN_CHANGEABLE.includes(from)) throw new ConflictError(s.notEditable, 'comment_not_editable');
    if (!isEditable({ status: from, createdAt: c.created_at }, clock.now())) {
      throw new ConflictError(format(s.editExpired, { min: EDIT_WINDOW_MIN }), 'comment_edit_expired');
    }
    const settings = await deps.settings.get();
    if (!settings.commentsEnabled) throw new ForbiddenError(s.closed);
    if (!(await deps.isPublicArticle(c.article_id))) throw new NotFoundError(s.articleGone, 'article_not_found');
    // An article whose comments staff closed (允许评论 off) keeps its comments as they are.
    if (deps.allowsComments && !(await deps.allowsComments(c.article_id))) throw new AppError('comments_closed', s.closedHere, 403);
    const input = parseOrThrow(CommentEditSchema, p.fields);
    const banned = await deps.bannedWords.find(input.body);
    if (banned.length && settings.bannedWordAction === 'reject') {
      throw new ValidationError({ body: format(s.bannedRejected, { words: banned.join('、') }) });
    }
    if (!(await deps.rateLimiter.hit(`comment:edit:m:${p.member.id}`, EDITS_PER_MINUTE, 60_000))) throw new RateLimitedError();
    const staff = isStaff(p.member.role);
    const held = !staff && banned.length > 0;
    // The rules of a new comment: held for a banned word or pre-moderation; a waiting comment keeps waiting.
    const to: EditResult['status'] = !staff && (held || settings.commentModeration === 'pre' || from === 'pending') ? 'pending' : 'visible';
    await dbh.tx(async (trx) => {
      await lockArticle(trx, c.article_id);
      const r = await trx.updateTable('comments').set({ body: input.body, status: to }).where('id', '=', c.id).where('status', '=', from).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new ConflictError(s.notEditable, 'comment_not_editable');
      if (to === 'visible') await giveFloor(trx, c);
      await recount(trx, c.article_id);
      await deps.audit.record(
        {
          actorId: p.member.id,
          action: 'comment.edit_own',
          targetType: 'comment',
          targetId: c.id,
          detail: { articleId: c.article_id, from, to, before: c.body },
          ip: p.ip,
        },
        trx,
      );
    });
    if (from === 'visible' || to === 'visible') deps.purge([commentsTag(c.article_id)]);
    await changed({ id: c.id, memberId: p.member.id, articleId: c.article_id, from, to, firstShown: to === 'visible' && c.floor === 0 });
    return { articleId: c.article_id, status: to, held };
  }

  async function remove(p: { id: number; member: Member; ip: string }): Promise<{ articleId: number }> {
    const c = await mine(p.id, p.member);
    const from = c.status as CommentStatus;
    if (!isRemovable({ status: from })) throw new ConflictError(s.notRemovable, 'comment_not_removable');
    await dbh.tx(async (trx) => {
      // Points accounts before the article row, in the order tips take them (accounts, then the article's
      // counters), so the two cannot deadlock on PostgreSQL. A refused removal rolls the take-back back.
      const problem = await deps.takeBackOwnRewards?.(trx, { id: c.id, memberId: p.member.id });
      if (problem) throw new ConflictError(problem, 'comment_reward_unpaid');
      await lockArticle(trx, c.article_id);
      const r = await trx.updateTable('comments').set({ status: 'removed' }).where('id', '=', c.id).where('status', '=', from).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new ConflictError(s.notRemovable, 'comment_not_removable');
      await recount(trx, c.article_id);
      await deps.audit.record(
        {
          actorId: p.member.id,
          action: 'comment.remove_own',
          targetType: 'comment',
          targetId: c.id,
          detail: { articleId: c.article_id, from, body: c.body },
          ip: p.ip,
        },
        trx,
      );
    });
    if (from === 'visible') deps.purge([commentsTag(c.article_id)]);
    // The reward went back in the removal's transaction; the hook's own take-back then finds nothing left.
    await changed({ id: c.id, memberId: p.member.id, articleId: c.article_id, from, to: 'removed', actorId: p.member.id });
    return { articleId: c.article_id };
  }

  return { editOwn: edit, removeOwn: remove };
}
