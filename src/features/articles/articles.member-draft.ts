import type { Db } from '../../platform/db/index.ts';

/** Where an article stands as a member's submission, for the staff console's rules. */
export interface SubmissionOrigin {
  /** A draft its member author wrote in 会员中心 and has not sent for review (`member_draft`). */
  memberDraft: boolean;
  /** Sent for review (or waiting in the review queue) and never published: publishing it is an approval, not an edit. */
  unpublishedSubmission: boolean;
}

/**
 * The submission state of article `id` (false, false when there is none). Drafts made by staff, the API
 * or an import under a member's byline were never submitted and are neither; nor is an article that was
 * published once and taken down since.
 */
export async function submissionOrigin(db: Db, id: number): Promise<SubmissionOrigin> {
  const r = await db.selectFrom('articles').select(['status', 'member_draft', 'submitted_at', 'published_at']).where('id', '=', id).executeTakeFirst();
  if (!r) return { memberDraft: false, unpublishedSubmission: false };
  return {
    memberDraft: r.status === 'draft' && r.member_draft === 1,
    unpublishedSubmission: (r.submitted_at !== null || r.status === 'pending') && r.published_at === null,
  };
}
