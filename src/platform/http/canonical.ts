import type { IncomingMessage, ServerResponse } from 'node:http';

// A file-like path with a slash after it (`/news/66.html/`): the router ignores trailing slashes, so it
// would answer the same page under a second address. Sent to the one address instead.
const FILE_SLASH = /^((?:\/[^/?#]*)*\/[^/?#]+\.(?:s?html?|php|xml|txt|json|css|js|png|jpe?g|gif|webp|svg|ico|pdf))\/+(\?.*)?$/i;

/** The address without the slash for `/x.html/` (query kept), or undefined when the path is not one. */
export function withoutFileSlash(url: string): string | undefined {
  const m = FILE_SLASH.exec(url);
  if (!m) return undefined;
  const path = m[1] as string;
  // `//host/x.html/` and `/\host/x.html/` stay what they are: browsers read both as another host.
  if (/^\/[\\/]/.test(path) || path.includes('\\')) return undefined;
  const to = path + (m[2] ?? '');
  // Only what a Location header carries as is (browsers send paths percent-encoded).
  return /^[\x21-\x7e]+$/.test(to) ? to : undefined;
}

/** Answers a GET or HEAD of `/x.html/` with a 301 to `/x.html`; false when the request is not one. */
export function redirectFileSlash(req: IncomingMessage, res: ServerResponse): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url) return false;
  const to = withoutFileSlash(req.url);
  if (to === undefined) return false;
  res.writeHead(301, { location: to, 'cache-control': 'public, max-age=3600', 'content-length': '0' });
  res.end();
  return true;
}
