import { localPath } from '../../platform/http/safe-urls.ts';

/**
 * The phone-site page a visitor came from, read from the path the log-in will return to (`next`): a /mobile/
 * page itself (评论 on a phone article), a `back` under /mobile/ (收藏's toggle carries the article it was
 * pressed on), or `m=1` on a comment-writing or 打赏 page of an article (their phone variants). Undefined
 * for anything else: the page then keeps the desktop layout, which narrows on its own.
 *
 * `next` is what `safeNext` returned (a same-site path, percent-encoded); so is the answer.
 */
export function phoneReturn(next: string): string | undefined {
  let url: URL;
  try {
    url = new URL(next, 'http://x');
  } catch {
    return undefined;
  }
  if (/^\/mobile(?:\/|$)/.test(url.pathname)) return next;
  const back = url.searchParams.get('back');
  if (back) {
    const path = localPath(back, '');
    if (/^\/mobile(?:\/|[?#]|$)/.test(path)) return path;
  }
  if (url.searchParams.get('m') === '1') {
    const m = /^\/(?:news\/(\d+)\/comments\/write|tip\/(\d+))$/.exec(url.pathname);
    const id = m?.[1] ?? m?.[2];
    if (id) return `/mobile/news/${id}.html`;
  }
  return undefined;
}

/** `path` with `next` added to its query when there is one to carry (links between log-in, sign-up and recovery). */
export function withNext(path: string, next: string | undefined): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

/**
 * A log-in, sign-up or recovery request's phone context, from its `next` (query or form field): the `next` to
 * carry and the page 返回 leads to; nothing when the visitor did not come from the phone site.
 */
export interface PhoneContext {
  phoneNext?: string;
  phoneBack?: string;
}

export function phoneContext(next: unknown): PhoneContext {
  const path = localPath(next, '');
  const back = path ? phoneReturn(path) : undefined;
  return back ? { phoneNext: path, phoneBack: back } : {};
}
