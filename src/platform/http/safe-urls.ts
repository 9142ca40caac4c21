// URLs built from what a request says: paths to send a browser back to, and the origin of links in e-mails.

const LOCAL = 'http://local.invalid';

/**
 * A same-site path taken from user input (a `next` or `back` field), ready for a Location header; else
 * `fallback`. Refused: anything not starting with one `/` (other hosts, `//x`, `/\x`), whitespace and control
 * characters, over 500 characters. Accepted paths are percent-encoded as a browser would (非ASCII → UTF-8
 * escapes; existing escapes are kept), because Node refuses raw Unicode in a header.
 */
export function localPath(v: unknown, fallback: string): string {
  if (typeof v !== 'string' || v.length > 500) return fallback;
  if (!v.startsWith('/') || v.startsWith('//') || /[\\\s\u0000-\u001f\u007f]/u.test(v)) return fallback;
  try {
    const u = new URL(v, LOCAL);
    // The parser resolves dot segments and escapes what a header cannot carry; the origin check keeps it on site.
    if (u.origin !== LOCAL) return fallback;
    const out = u.pathname + u.search + u.hash;
    return out.startsWith('//') || out.startsWith('/\\') ? fallback : out;
  } catch {
    return fallback;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/** `host[:port]` without the port. */
const hostnameOf = (host: string) => host.replace(/:\d+$/, '');

/** True for `news.example.com`, `news.example.com:8080`, `[::1]:3000`: what ZIXUN_ALLOWED_HOSTS lists. */
export function isHostEntry(v: string): boolean {
  return HOST.test(v.toLowerCase());
}

/**
 * The origin for absolute links in outgoing mail, or undefined when the request's Host cannot be trusted
 * (anyone can send any Host header; a reset link must never point to it). The configured public address
 * (ZIXUN_BASE_URL) when set; otherwise the request's host if ZIXUN_ALLOWED_HOSTS lists it (an entry without
 * a port allows any port); with neither configured, only a loopback host (`npm start` on one's own machine).
 */
export function mailOrigin(
  req: { protocol: string; host: string },
  opts: { baseUrl?: string | undefined; allowedHosts?: readonly string[] | undefined },
): string | undefined {
  if (opts.baseUrl) return opts.baseUrl;
  const host = String(req.host ?? '').toLowerCase();
  if (!HOST.test(host)) return undefined;
  const name = hostnameOf(host);
  const allowed = opts.allowedHosts ?? [];
  const trusted = allowed.length ? allowed.some((a) => a === host || a === name) : LOOPBACK.has(name);
  return trusted ? `${req.protocol === 'https' ? 'https' : 'http'}://${host}` : undefined;
}
