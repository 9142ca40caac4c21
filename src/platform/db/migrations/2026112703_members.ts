import type { Kysely } from 'kysely';
import { idColumn, type Dialect } from '../dialect.ts';

/** Accounts, sessions, review, community features (comments, favorites, reports, guestbook), audit log. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await idColumn(db.schema.createTable('member_groups'), dialect)
    .addColumn('name', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('daily_quota', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('min_interval_sec', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('needs_review', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('members').addColumn('group_id', 'integer').execute();
  await db.schema
    .alterTable('members')
    .addColumn('bio', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('members').addColumn('last_login_at', 'varchar(32)').execute();
  await db.schema
    .alterTable('members')
    .addColumn('warnings', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('members_email').on('members').column('email').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('user_agent', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_member').on('sessions').column('member_id').execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .execute();

  await db.schema
    .alterTable('articles')
    .addColumn('reject_reason', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('articles').addColumn('submitted_at', 'varchar(32)').execute();
  await db.schema
    .alterTable('articles')
    .addColumn('original_flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('articles_status_submitted').on('articles').columns(['status', 'submitted_at']).execute();

  // A member's edit of a published article waits here for review; the live version stays up.
  await idColumn(db.schema.createTable('article_revisions'), dialect)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('data', 'text', (c) => c.notNull()) // JSON of the proposed fields
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // pending | approved | rejected
    .addColumn('reason', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('reviewed_by', 'integer')
    .addColumn('reviewed_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_revisions_status').on('article_revisions').columns(['status', 'created_at']).execute();

  await db.schema
    .alterTable('comments')
    .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createTable('comment_likes')
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('voter', 'varchar(64)', (c) => c.notNull()) // m:<memberId> or a hash of the guest
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_likes_pk', ['comment_id', 'voter'])
    .execute();
  await db.schema.createIndex('comments_member').on('comments').columns(['member_id', 'id']).execute();

  await db.schema
    .createTable('favorites')
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('favorites_pk', ['member_id', 'article_id'])
    .execute();
  await db.schema.createIndex('favorites_article').on('favorites').column('article_id').execute();

  await idColumn(db.schema.createTable('reports'), dialect)
    .addColumn('target_type', 'varchar(16)', (c) => c.notNull()) // article | comment | url
    .addColumn('target_id', 'integer')
    .addColumn('url', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('reason', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('reporter_id', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('reporter_ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // open | resolved | dismissed
    .addColumn('resolution', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('resolved_by', 'integer')
    .addColumn('resolved_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_status').on('reports').columns(['status', 'target_type', 'target_id']).execute();
  await db.schema.createIndex('reports_reporter').on('reports').columns(['reporter_id', 'id']).execute();

  await idColumn(db.schema.createTable('guestbook_messages'), dialect)
    .addColumn('member_id', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('nickname', 'varchar(64)', (c) => c.notNull())
    .addColumn('contact', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // pending | visible | hidden
    .addColumn('reply', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('replied_by', 'integer')
    .addColumn('replied_at', 'varchar(32)')
    .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('guestbook_status').on('guestbook_messages').columns(['status', 'id']).execute();

  await idColumn(db.schema.createTable('banned_words'), dialect)
    .addColumn('word', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await idColumn(db.schema.createTable('audit_log'), dialect)
    .addColumn('actor_id', 'integer')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(32)', (c) => c.notNull().defaultTo(''))
    .addColumn('target_id', 'integer')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_created').on('audit_log').column('created_at').execute();
}
