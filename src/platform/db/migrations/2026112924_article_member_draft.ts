import { sql, type Kysely } from 'kysely';

/**
 * articles.member_draft: 1 while the article is a draft its member author wrote in 会员中心 and has not
 * sent for review. Staff may not publish such a draft from 文章管理 behind the author's back; drafts that
 * staff, the API or an import made under a member's byline stay publishable. Cleared when the author
 * submits it. Existing drafts are marked when a member wrote them: a member (or trusted) author, never
 * published (a taken-down article is not one), and not made by staff through 添加文章 (audited
 * `article.create`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('member_draft', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await markMemberDrafts(db);
}

/** Marks the existing drafts members wrote (exported for its test, which runs it over drafts made every way). */
export async function markMemberDrafts(db: Kysely<unknown>): Promise<void> {
  await sql`update articles set member_draft = 1
    where status = 'draft' and published_at is null
      and author_id in (select id from members where role in ('member', 'trusted'))
      and not exists (select 1 from audit_log where audit_log.action = 'article.create' and audit_log.target_type = 'article' and audit_log.target_id = articles.id)`.execute(
    db,
  );
}
