import type { Generated } from 'kysely';

/** 友情链接: one row per linked site (migration 2026112931, features/links). */
export interface FriendLinksTable {
  id: Generated<number>;
  name: string;
  url: string;
  /** The URL's host, lower case, without a leading `www.`: one link per site. */
  host: string;
  /** `/uploads/links/…` or ''. */
  logo: string;
  description: string;
  /** The applicant's e-mail or QQ; staff only. */
  contact: string;
  /** The applicant's note to staff; staff only. */
  note: string;
  /** text | image */
  kind: string;
  /** pending | approved | rejected | hidden */
  status: string;
  sort_order: number;
  ip: string;
  created_at: string;
  updated_at: string;
}

export interface LinksTables {
  friend_links: FriendLinksTable;
}
