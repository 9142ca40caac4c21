import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/index.ts';

/** Where a stored file is referenced: the first place the scan found it. */
export type UseRef =
  | { what: 'article_cover' | 'article_body' | 'revision'; articleId: number }
  | { what: 'avatar' | 'ad' | 'gift' | 'link' | 'media'; id: number }
  | { what: 'page'; id: number; slug: string }
  | { what: 'setting'; name: string };

/** What the data references, as storage keys; built by `scanUsage`. */
export interface Usage {
  of(key: string): UseRef | undefined;
  readonly keys: number;
}

/** `/uploads/<key>` anywhere in a text (an attribute, a JSON string, an absolute URL). */
const UPLOAD_URL = /\/uploads\/([A-Za-z0-9][A-Za-z0-9/_.-]{0,200})/g;
/** A cover's thumbnail (`<name>_thumb.<ext>`) belongs to the cover `<name>.<ext>`. */
const THUMB = /^(.+)_thumb\.[a-z0-9]+$/i;
/** One size of a member's picture: `avatars/<id>/<version>-<px>.webp`. */
const AVATAR_SIZE = /^(avatars\/\d+\/[^/]+-)\d+\.webp$/;
/** The member and picture version of one avatar size. */
const AVATAR_PARTS = /^avatars\/(\d{1,15})\/([^/]+)-\d+\.webp$/;

const PAGE = 500;

/** The old `media` table's path: a storage key, or its `/uploads/` URL. */
const mediaKey = (p: string) => p.replace(/^\/uploads\//, '');

/** Keys of every `/uploads/` URL in `text`. */
export function uploadKeysIn(text: string | null | undefined): string[] {
  if (!text || !text.includes('/uploads/')) return [];
  const out: string[] = [];
  for (const m of text.matchAll(UPLOAD_URL)) out.push((m[1] as string).replace(/[.]+$/, ''));
  return out;
}

function createUsage() {
  const exact = new Map<string, UseRef>();
  const bases = new Map<string, UseRef>(); // key without its extension: its thumbnail is in use too
  const prefixes = new Map<string, UseRef>(); // avatars/<id>/<version>- : every size
  return {
    add(key: string, ref: UseRef) {
      if (!exact.has(key)) exact.set(key, ref);
      const dot = key.lastIndexOf('.');
      if (dot > 0 && !bases.has(key.slice(0, dot))) bases.set(key.slice(0, dot), ref);
    },
    addText(text: string | null | undefined, ref: UseRef) {
      for (const k of uploadKeysIn(text)) this.add(k, ref);
    },
    addPrefix(prefix: string, ref: UseRef) {
      if (!prefixes.has(prefix)) prefixes.set(prefix, ref);
    },
    usage(): Usage {
      return {
        keys: exact.size + prefixes.size,
        of(key) {
          const hit = exact.get(key);
          if (hit) return hit;
          const thumb = THUMB.exec(key);
          if (thumb) {
            const ref = bases.get(thumb[1] as string);
            if (ref) return ref;
          }
          const avatar = AVATAR_SIZE.exec(key);
          return avatar ? prefixes.get(avatar[1] as string) : undefined;
        },
      };
    },
  };
}

/** Reads pages of PAGE rows by ascending id (`read(after)`), handing every row to `each`, until a short page. */
async function byPages<R extends { id: number }>(read: (after: number) => Promise<R[]>, each: (r: R) => void): Promise<void> {
  for (let after = 0; ;) {
    const rows = await read(after);
    rows.forEach(each);
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * Everything that references a stored file, read in pages by id (bounded memory and statement size on a
 * site of 100,000 articles): articles (cover, body, 跳转链接; every status, so the 回收站 keeps its files),
 * their revisions, site settings, members' 头像 (all sizes), ads (picture and HTML), gifts (picture and
 * description), static pages, 友情链接 logos and the old `media` table. Only rows that mention `/uploads/` are read.
 */
export async function scanUsage(db: Db): Promise<Usage> {
  const u = createUsage();
  const mentions = '%/uploads/%';

  await byPages(
    (after) =>
      db
        .selectFrom('articles')
        .select(['id', 'cover', 'redirect_url', 'body'])
        .where('id', '>', after)
        .where((eb) => eb.or([eb('cover', 'like', mentions), eb('body', 'like', mentions), eb('redirect_url', 'like', mentions)]))
        .orderBy('id')
        .limit(PAGE)
        .execute(),
    (r) => {
      u.addText(r.cover, { what: 'article_cover', articleId: r.id });
      u.addText(r.body, { what: 'article_body', articleId: r.id });
      u.addText(r.redirect_url, { what: 'article_body', articleId: r.id });
    },
  );

  await byPages(
    (after) =>
      db
        .selectFrom('article_revisions')
        .select(['id', 'article_id', 'data'])
        .where('id', '>', after)
        .where('data', 'like', mentions)
        .orderBy('id')
        .limit(PAGE)
        .execute(),
    (r) => u.addText(r.data, { what: 'revision', articleId: r.article_id }),
  );

  for (const r of await db.selectFrom('settings').select(['key', 'value']).where('value', 'like', mentions).execute())
    u.addText(r.value, { what: 'setting', name: r.key });

  await byPages(
    (after) => db.selectFrom('members').select(['id', 'avatar']).where('id', '>', after).where('avatar', '!=', '').orderBy('id').limit(PAGE).execute(),
    (r) => u.addPrefix(`avatars/${r.id}/${r.avatar}-`, { what: 'avatar', id: r.id }),
  );

  for (const r of await db
    .selectFrom('ads')
    .select(['id', 'image_url', 'html'])
    .where((eb) => eb.or([eb('image_url', 'like', mentions), eb('html', 'like', mentions)]))
    .execute()) {
    u.addText(r.image_url, { what: 'ad', id: r.id });
    u.addText(r.html, { what: 'ad', id: r.id });
  }
  for (const r of await db
    .selectFrom('mall_gifts')
    .select(['id', 'picture', 'description'])
    .where((eb) => eb.or([eb('picture', 'like', mentions), eb('description', 'like', mentions)]))
    .execute()) {
    u.addText(r.picture, { what: 'gift', id: r.id });
    u.addText(r.description, { what: 'gift', id: r.id });
  }
  for (const r of await db.selectFrom('pages').select(['id', 'slug', 'body']).where('body', 'like', mentions).execute())
    u.addText(r.body, { what: 'page', id: r.id, slug: r.slug });
  for (const r of await db.selectFrom('friend_links').select(['id', 'logo']).where('logo', 'like', mentions).execute())
    u.addText(r.logo, { what: 'link', id: r.id });
  for (const r of await db.selectFrom('media').select(['id', 'path']).execute()) u.add(mediaKey(r.path), { what: 'media', id: r.id });
  return u.usage();
}

/** `text` inside a LIKE pattern, its wildcards and the escape character escaped (used with `escape '\\'`). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * What uses one stored file, read fresh with a few targeted queries (no full scan): the last look before
 * the sweep or a delete removes it, so a file an editor put into a body a moment ago is kept. Only rows
 * whose text mentions `/uploads/<key>` (or, for a thumbnail, its cover) are read; they are then matched
 * exactly as `scanUsage` does.
 */
export async function usageOfKey(db: Db, key: string): Promise<UseRef | undefined> {
  const u = createUsage();
  const thumb = THUMB.exec(key);
  // A thumbnail is in use with its cover: `<name>.<ext>` and `<name>_thumb.<ext>` both start with `<name>`.
  const pattern = `%/uploads/${likeLiteral(thumb ? (thumb[1] as string) : key)}%`;
  const like = (column: string) => sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;

  for (const r of await db
    .selectFrom('articles')
    .select(['id', 'cover', 'redirect_url', 'body'])
    .where((eb) => eb.or([like('cover'), like('body'), like('redirect_url')]))
    .execute()) {
    u.addText(r.cover, { what: 'article_cover', articleId: r.id });
    u.addText(r.body, { what: 'article_body', articleId: r.id });
    u.addText(r.redirect_url, { what: 'article_body', articleId: r.id });
  }
  for (const r of await db.selectFrom('article_revisions').select(['article_id', 'data']).where(like('data')).execute())
    u.addText(r.data, { what: 'revision', articleId: r.article_id });
  for (const r of await db.selectFrom('settings').select(['key', 'value']).where(like('value')).execute()) u.addText(r.value, { what: 'setting', name: r.key });
  const avatar = AVATAR_PARTS.exec(key);
  if (avatar) {
    const id = Number(avatar[1]);
    const m = await db
      .selectFrom('members')
      .select('id')
      .where('id', '=', id)
      .where('avatar', '=', avatar[2] as string)
      .executeTakeFirst();
    if (m) u.addPrefix(`avatars/${m.id}/${avatar[2] as string}-`, { what: 'avatar', id: m.id });
  }
  for (const r of await db
    .selectFrom('ads')
    .select(['id', 'image_url', 'html'])
    .where((eb) => eb.or([like('image_url'), like('html')]))
    .execute()) {
    u.addText(r.image_url, { what: 'ad', id: r.id });
    u.addText(r.html, { what: 'ad', id: r.id });
  }
  for (const r of await db
    .selectFrom('mall_gifts')
    .select(['id', 'picture', 'description'])
    .where((eb) => eb.or([like('picture'), like('description')]))
    .execute()) {
    u.addText(r.picture, { what: 'gift', id: r.id });
    u.addText(r.description, { what: 'gift', id: r.id });
  }
  for (const r of await db.selectFrom('pages').select(['id', 'slug', 'body']).where(like('body')).execute())
    u.addText(r.body, { what: 'page', id: r.id, slug: r.slug });
  for (const r of await db.selectFrom('friend_links').select(['id', 'logo']).where(like('logo')).execute()) u.addText(r.logo, { what: 'link', id: r.id });
  for (const r of await db
    .selectFrom('media')
    .select(['id', 'path'])
    .where('path', 'in', [key, `/uploads/${key}`])
    .execute())
    u.add(mediaKey(r.path), { what: 'media', id: r.id });
  return u.usage().of(key);
}
