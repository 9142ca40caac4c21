import type { Db } from '../../platform/db/index.ts';

/**
 * Whether article `id` is a draft its member author wrote in 会员中心 and has not sent for review
 * (`member_draft`, set by the submission workflow). Staff do not publish those behind the author's back;
 * drafts made by staff, the API or an import under a member's byline are not member drafts.
 */
export async function isMemberDraft(db: Db, id: number): Promise<boolean> {
  const r = await db.selectFrom('articles').select(['status', 'member_draft']).where('id', '=', id).executeTakeFirst();
  return r?.status === 'draft' && r.member_draft === 1;
}
