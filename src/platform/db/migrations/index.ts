import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';
import * as init from './2026112701_init.ts';
import * as hotIndex from './2026112702_hot_index.ts';
import * as members from './2026112703_members.ts';
import * as pickIndexes from './2026112705_pick_indexes.ts';
import * as membersBanReason from './2026112704_members.ts';
import * as searchMigration from './2026112706_search.ts';
import * as relatedMigration from './2026112707_related.ts';
import * as pointsMigration from './2026112708_points.ts';
import * as mallMigration from './2026112709_mall.ts';
import * as adsMigration from './2026112710_ads.ts';
import * as promotionMigration from './2026112711_promotion.ts';
import * as tipsMigration from './2026112712_tips.ts';
import * as renderIndexes from './2026112713_render_indexes.ts';
import * as articleBodyLast from './2026112714_article_body_last.ts';
import * as fingerprintShingles from './2026112715_fingerprint_shingles.ts';
import * as relatedTermsCovering from './2026112716_related_terms_covering.ts';
import * as neighbourTitles from './2026112817_neighbour_titles.ts';
import * as relatedListCovering from './2026112818_related_list_covering.ts';
import * as categoryOldSlugs from './2026112919_category_old_slugs.ts';
import * as memberDisplayKeys from './2026112920_member_display_keys.ts';
import * as tokenExpiry from './2026112921_token_expiry.ts';
import * as notificationsMigration from './2026112923_notifications.ts';
import * as memberDraftMigration from './2026112924_article_member_draft.ts';
import * as apiIdempotency from './2026112925_api_idempotency.ts';
import * as memberAvatars from './2026112926_member_avatars.ts';
import * as usernameLowerUnique from './2026112927_username_lower_unique.ts';
import * as notificationMail from './2026112928_notification_mail.ts';
import * as articleSeoCommentsRedirect from './2026112929_article_seo_comments_redirect.ts';
import * as uploadsMigration from './2026112930_uploads.ts';
import * as friendLinksMigration from './2026112931_friend_links.ts';
import * as reportsOneOpenPerReporter from './2026112932_reports_one_open_per_reporter.ts';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Every migration, in order. Landed migrations are immutable; add a new file for each change. */
const all: Record<string, DialectMigration> = {
  '2026112701_init': init,
  '2026112702_hot_index': hotIndex,
  '2026112703_members': members,
  '2026112705_pick_indexes': pickIndexes,
  '2026112704_members': membersBanReason,
  '2026112706_search': searchMigration,
  '2026112707_related': relatedMigration,
  '2026112708_points': pointsMigration,
  '2026112709_mall': mallMigration,
  '2026112710_ads': adsMigration,
  '2026112711_promotion': promotionMigration,
  '2026112712_tips': tipsMigration,
  '2026112713_render_indexes': renderIndexes,
  '2026112714_article_body_last': articleBodyLast,
  '2026112715_fingerprint_shingles': fingerprintShingles,
  '2026112716_related_terms_covering': relatedTermsCovering,
  '2026112817_neighbour_titles': neighbourTitles,
  '2026112818_related_list_covering': relatedListCovering,
  '2026112919_category_old_slugs': categoryOldSlugs,
  '2026112920_member_display_keys': memberDisplayKeys,
  '2026112921_token_expiry': tokenExpiry,
  '2026112923_notifications': notificationsMigration,
  '2026112924_article_member_draft': memberDraftMigration,
  '2026112925_api_idempotency': apiIdempotency,
  '2026112926_member_avatars': memberAvatars,
  '2026112927_username_lower_unique': usernameLowerUnique,
  '2026112928_notification_mail': notificationMail,
  '2026112929_article_seo_comments_redirect': articleSeoCommentsRedirect,
  '2026112930_uploads': uploadsMigration,
  '2026112931_friend_links': friendLinksMigration,
  '2026112932_reports_one_open_per_reporter': reportsOneOpenPerReporter,
};

export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  const out: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(all)) out[name] = { up: (db) => m.up(db, dialect) };
  return out;
}
