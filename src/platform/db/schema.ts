import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { SearchTables } from './schema-search.ts';
import type { RelatedTables } from './schema-related.ts';
import type { PointsTables } from './schema-points.ts';
import type { MallTables } from './schema-mall.ts';
import type { AdsTables } from './schema-ads.ts';
import type { PromotionTables } from './schema-promotion.ts';
import type { TipsTables } from './schema-tips.ts';
import type { UploadsTables } from './schema-uploads.ts';
import type { LinksTables } from './schema-links.ts';

/**
 * Table types. Conventions that keep one code path on SQLite and PostgreSQL:
 * timestamps are ISO-8601 UTC text (lexicographic order = time order), booleans are 0/1 integers,
 * JSON is text. Columns are snake_case in SQL and mapped once to camelCase in each feature's repo.
 */
export interface MembersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  /** display_name as names are compared (platform/text compareKey). */
  display_key: Generated<string>;
  email: string | null;
  password_hash: string | null;
  role: string; // member | trusted | editor | admin
  status: string; // active | banned
  group_id: number | null;
  bio: Generated<string>;
  last_login_at: string | null;
  warnings: Generated<number>;
  ban_reason: Generated<string>;
  /** Version of the member's 头像 ('' = none; features/members/members.avatars.ts). */
  avatar: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface MemberGroupsTable {
  id: Generated<number>;
  name: string;
  daily_quota: number;
  min_interval_sec: number;
  needs_review: number;
  created_at: string;
}

export interface SessionsTable {
  id_hash: string;
  member_id: number;
  ip: string;
  user_agent: string;
  created_at: string;
  expires_at: string;
}

export interface PasswordResetsTable {
  token_hash: string;
  member_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  member_id: number;
  data: string;
  status: string;
  reason: Generated<string>;
  reviewed_by: number | null;
  reviewed_at: string | null;
  created_at: string;
}

export interface CommentLikesTable {
  comment_id: number;
  voter: string;
  created_at: string;
}

export interface FavoritesTable {
  member_id: number;
  article_id: number;
  created_at: string;
}

export interface ReportsTable {
  id: Generated<number>;
  target_type: string;
  target_id: number | null;
  url: string;
  reason: string;
  description: string;
  reporter_id: number | null;
  reporter_ip: string;
  status: string;
  resolution: Generated<string>;
  resolved_by: number | null;
  resolved_at: string | null;
  created_at: string;
}

export interface GuestbookMessagesTable {
  id: Generated<number>;
  member_id: number | null;
  nickname: string;
  contact: string;
  body: string;
  status: string;
  reply: Generated<string>;
  replied_by: number | null;
  replied_at: string | null;
  ip: string;
  created_at: string;
}

export interface BannedWordsTable {
  id: Generated<number>;
  word: string;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_type: string;
  target_id: number | null;
  detail: string;
  ip: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  member_id: number;
  token_hash: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  /** null: never expires (migration 2026112921). */
  expires_at: string | null;
}

export interface CategoriesTable {
  id: Generated<number>;
  parent_id: number | null;
  slug: string;
  name: string;
  description: string;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface CategoryOldSlugsTable {
  slug: string;
  category_id: number;
  created_at: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  member_id: number;
  kind: string;
  body: string;
  link: Generated<string>;
  created_at: string;
  read_at: string | null;
  mailed_at: Generated<string | null>;
}

export interface NotificationMailTable {
  member_id: number;
  email: string;
  origin: string;
  token_hash: string | null;
  requested_at: string;
  confirmed_at: string | null;
  failures: Generated<number>;
  retry_at: string | null;
}

export interface ArticlesTable {
  id: Generated<number>;
  title: string;
  subtitle: string;
  summary: string;
  body: string;
  cover: string;
  category_id: number;
  author_id: number;
  source: string;
  source_url: string;
  original: number;
  status: string; // draft | pending | published | rejected | deleted
  recommend_level: number; // 0 none, 1 recommended, 2 picture pick, 3 headline
  verified: number;
  hits: Generated<number>;
  comment_count: Generated<number>;
  favorite_count: Generated<number>;
  tip_count: Generated<number>;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  reject_reason: Generated<string>;
  submitted_at: string | null;
  /** 1: a member's own draft from 会员中心, not yet sent for review (migration 2026112924). */
  member_draft: Generated<number>;
  original_flagged: Generated<number>;
  /** Per-article meta keywords / description, 允许评论 (1/0) and 跳转链接 (migration 2026112929). */
  seo_keywords: Generated<string>;
  seo_description: Generated<string>;
  allow_comments: Generated<number>;
  redirect_url: Generated<string>;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
}

export interface PagesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  body: string;
  sort_order: number;
  in_footer: number;
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value: string; // JSON
  updated_at: string;
}

export interface ArticleHitBucketsTable {
  article_id: number;
  hour: string; // 'YYYY-MM-DDTHH' UTC
  hits: number;
}

export interface CommentsTable {
  id: Generated<number>;
  article_id: number;
  member_id: number | null;
  nickname: string;
  body: string;
  status: string; // visible | pending | hidden | deleted
  floor: number;
  parent_id: number | null;
  likes: Generated<number>;
  ip: Generated<string>;
  created_at: string;
}

export interface MediaTable {
  id: Generated<number>;
  path: string; // storage key, e.g. covers/2026/11/abc.jpg
  mime: string;
  size: number;
  width: number;
  height: number;
  created_at: string;
}

/** Idempotency-Key of the API's create endpoints (features/api/api.idempotency.ts). */
export interface ApiIdempotencyKeysTable {
  member_id: number;
  key: string;
  /** `POST /articles`: a key used on one endpoint is not a key for another. */
  route: string;
  request_hash: string;
  /** null while the first request runs. */
  status: number | null;
  body: string | null;
  location: string | null;
  created_at: string;
}

export interface Database extends SearchTables, RelatedTables, PointsTables, MallTables, AdsTables, PromotionTables, TipsTables, UploadsTables, LinksTables {
  members: MembersTable;
  api_tokens: ApiTokensTable;
  categories: CategoriesTable;
  category_old_slugs: CategoryOldSlugsTable;
  notifications: NotificationsTable;
  notification_mail: NotificationMailTable;
  api_idempotency_keys: ApiIdempotencyKeysTable;
  articles: ArticlesTable;
  tags: TagsTable;
  article_tags: ArticleTagsTable;
  pages: PagesTable;
  settings: SettingsTable;
  article_hit_buckets: ArticleHitBucketsTable;
  comments: CommentsTable;
  media: MediaTable;
  member_groups: MemberGroupsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  article_revisions: ArticleRevisionsTable;
  comment_likes: CommentLikesTable;
  favorites: FavoritesTable;
  reports: ReportsTable;
  guestbook_messages: GuestbookMessagesTable;
  banned_words: BannedWordsTable;
  audit_log: AuditLogTable;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleRowUpdate = Updateable<ArticlesTable>;
