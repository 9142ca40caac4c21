import type { CommentOrder } from './comments.service.ts';

/** URLs of the comment pages. Article URLs are repeated here: comments must not depend on articles. */
export const commentUrls = {
  article: (id: number, mobile = false) => `${mobile ? '/mobile' : ''}/news/${id}.html`,
  category: (slug: string, mobile = false) => `${mobile ? '/mobile' : ''}/category/${encodeURIComponent(slug)}/`,
  list(id: number, mobile = false, order: CommentOrder = 'newest', page = 1): string {
    const q = new URLSearchParams();
    if (order !== 'newest') q.set('order', order);
    if (page > 1) q.set('page', String(page));
    const qs = q.toString();
    return `${mobile ? '/mobile' : ''}/news/${id}/comments${qs ? `?${qs}` : ''}`;
  },
  post: (id: number) => `/news/${id}/comments`,
  write(id: number, opts: { reply?: number; mobile?: boolean; sent?: 'pending' | 'held' } = {}): string {
    const q = new URLSearchParams();
    if (opts.reply) q.set('reply', String(opts.reply));
    if (opts.mobile) q.set('m', '1');
    if (opts.sent) q.set('sent', opts.sent);
    const qs = q.toString();
    return `/news/${id}/comments/write${qs ? `?${qs}` : ''}`;
  },
  like: (commentId: number) => `/comments/${commentId}/like`,
  /** One comment: redirects to the page of its article's list it is on, at its anchor. */
  one: (commentId: number) => `/comments/${commentId}`,
  /** 举报 of a comment; from a phone page (`m=1`) the report page takes the phone layout and leads back there. */
  report: (commentId: number, mobile = false) => `/report/?comment=${commentId}${mobile ? '&m=1' : ''}`,
};

/** A same-site path to return to after a form post (percent-encoded for the Location header); anything else falls back. */
export { localPath } from '../../platform/http/safe-urls.ts';

/**
 * The same page under a URL the browser has not cached: public pages may be kept by browsers and CDNs
 * for a minute, and the page cache ignores unknown query parameters, so the reader sees the change at once.
 */
export function freshUrl(path: string, token: string): string {
  const [base, hash] = path.split('#', 2) as [string, string | undefined];
  return `${base}${base.includes('?') ? '&' : '?'}_=${encodeURIComponent(token)}${hash === undefined ? '' : `#${hash}`}`;
}

/** `2026-11-27 08:05` in China time, the way portals print dates. */
export function formatTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** A positive integer from a route or query parameter, or undefined. */
export function parseId(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^[1-9]\d{0,9}$/.test(v)) return undefined;
  const n = Number(v);
  return n <= 2_147_483_647 ? n : undefined;
}

export function parsePage(v: unknown): number | undefined {
  if (v === undefined || v === '') return 1;
  if (typeof v !== 'string' || !/^[1-9]\d{0,4}$/.test(v)) return undefined;
  return Number(v);
}
