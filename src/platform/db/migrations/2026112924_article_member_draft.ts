import { sql, type Kysely } from 'kysely';

/**
 * articles.member_draft: 1 while the article is a draft its member author wrote in 会员中心 and has not
 * sent for review. Staff may not publish such a draft from 文章管理 behind the author's back; drafts that
 * staff, the API or an import made under a member's byline stay publishable. Cleared when the author
 * submits it. Existing drafts by members are marked as member drafts (only the member form made those).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('member_draft', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update articles set member_draft = 1 where status = 'draft' and author_id in (select id from members where role in ('member', 'trusted'))`.execute(
    db,
  );
}
