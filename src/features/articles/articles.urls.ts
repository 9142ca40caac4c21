/** Public URLs of articles and the lists they appear in. Stable: external links and sitemaps use them. */
export const urls = {
  article: (id: number, page = 1) => (page > 1 ? `/news/${id}_${page}.html` : `/news/${id}.html`),
  mobileArticle: (id: number, page = 1) => (page > 1 ? `/mobile/news/${id}_${page}.html` : `/mobile/news/${id}.html`),
  category: (slug: string, page = 1) => (page > 1 ? `/category/${slug}/${page}.html` : `/category/${slug}/`),
  mobileCategory: (slug: string, page = 1) => (page > 1 ? `/mobile/category/${slug}/${page}.html` : `/mobile/category/${slug}/`),
  tag: (name: string, page = 1) => `/tag/${encodeURIComponent(name)}/${page > 1 ? `${page}.html` : ''}`,
  mobileTag: (name: string, page = 1) => `/mobile/tag/${encodeURIComponent(name)}/${page > 1 ? `${page}.html` : ''}`,
  author: (username: string, page = 1) => `/author/${encodeURIComponent(username)}/${page > 1 ? `${page}.html` : ''}`,
  mobileAuthor: (username: string, page = 1) => `/mobile/author/${encodeURIComponent(username)}/${page > 1 ? `${page}.html` : ''}`,
};

/**
 * An uploaded cover's URL (submissions' storeCover): `/uploads/covers/YYYY/MM/<18 hex>.<ext>`, its 240×160
 * thumbnail beside it as `<name>_thumb.<ext>` (a GIF's thumbnail is a PNG). Group 1: the URL without the
 * extension; group 2: the extension. The one pattern for list thumbnails and for removing a cover's files.
 */
export const UPLOADED_COVER = /^(\/uploads\/covers\/\d{4}\/\d{2}\/[0-9a-f]{18})\.(jpg|png|webp|gif)$/;

/** The picture a list card shows for a cover: an upload's thumbnail, else the cover itself (a CDN address, a demo picture). */
export function coverThumb(cover: string): string {
  const m = UPLOADED_COVER.exec(cover);
  return m ? `${m[1]}_thumb.${m[2] === 'gif' ? 'png' : m[2]}` : cover;
}

const formatted = new Map<string, string>();

/** Any other ISO time through Date; no date (a draft's, a rejected submission's) prints nothing, never a RangeError. */
function chinaTimeSlow(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** `2026-11-27 08:05` in China time, the way portals print dates. Remembered: every list prints many, mostly the same ones. */
export function formatDateTime(iso: string): string {
  let s = formatted.get(iso);
  if (s === undefined) {
    s = chinaTimeFast(iso) ?? chinaTimeSlow(iso);
    if (formatted.size >= 4096) formatted.clear();
    formatted.set(iso, s);
  }
  return s;
}

// A plain UTC ISO timestamp on days 1-27 (so +8 hours never leaves the month): read without a Date.
const UTC_ISO = /^((?:19|20)\d\d-(?:0[1-9]|1[0-2])-)(0[1-9]|1\d|2[0-7])T([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d(?:\.\d{3})?)?Z$/;
const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

function chinaTimeFast(iso: string): string | undefined {
  const m = UTC_ISO.exec(iso);
  if (!m) return undefined;
  let day = Number(m[2]);
  let hour = Number(m[3]) + 8;
  if (hour >= 24) {
    hour -= 24;
    day++;
  }
  return `${m[1]}${TWO_DIGITS[day]} ${TWO_DIGITS[hour]}:${m[4]}`;
}

export function formatDate(iso: string): string {
  return formatDateTime(iso).slice(0, 10);
}

/** Parses the `<id>` or `<id>_<page>` part of an article URL; undefined for anything malformed. */
export function parseArticleParam(param: string): { id: number; page: number } | undefined {
  const m = /^([1-9]\d{0,9})(?:_([1-9]\d{0,2}))?\.html$/.exec(param);
  if (!m) return undefined;
  const id = Number(m[1]);
  if (id > 2_147_483_647) return undefined;
  return { id, page: m[2] ? Number(m[2]) : 1 };
}

/** Parses a list page number from `N.html` (page 1 has no file part). */
export function parsePageParam(param: string | undefined): number | undefined {
  if (param === undefined || param === '') return 1;
  const m = /^([1-9]\d{0,4})\.html$/.exec(param);
  return m ? Number(m[1]) : undefined;
}
