import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VIEW_COOKIE, VIEW_PATHS } from '../../platform/html/layout.tsx';
import { localPath } from '../../platform/http/safe-urls.ts';

/** How long a reader's 电脑版 choice lasts. */
export const VIEW_CHOICE_DAYS = 30;

/**
 * `to` as a path on this site, or undefined: `localPath` follows only a path that stays on this host
 * (checked again after the URL parser resolved dot segments: `/.//evil.example` is refused), so the
 * switch is no open redirect.
 */
export function sitePath(to: unknown): string | undefined {
  const p = localPath(to, '');
  return p ? p.replace(/#.*$/, '') : undefined;
}

/**
 * 电脑版 / 手机版 (`/view/pc?to=…`, `/view/mobile?to=…`): records the reader's choice in a cookie the
 * desktop pages' head script reads (platform/html/layout.tsx) and goes back to the page. Uncached; a pure
 * preference, so a GET without CSRF token.
 */
function registerViewSwitch(app: FastifyInstance): void {
  function send(req: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply: FastifyReply, view: 'desktop' | 'mobile') {
    const to = sitePath(req.query.to) ?? (view === 'desktop' ? '/' : '/mobile/');
    const secure = req.protocol === 'https' ? '; Secure' : '';
    const cookie =
      view === 'desktop'
        ? `${VIEW_COOKIE}=pc; Path=/; Max-Age=${VIEW_CHOICE_DAYS * 86_400}; SameSite=Lax${secure}`
        : `${VIEW_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax${secure}`;
    return reply.header('set-cookie', cookie).header('cache-control', 'no-store').header('x-robots-tag', 'noindex').redirect(to, 302);
  }
  app.get<{ Querystring: Record<string, string | undefined> }>(VIEW_PATHS.desktop, (req, reply) => send(req, reply, 'desktop'));
  app.get<{ Querystring: Record<string, string | undefined> }>(VIEW_PATHS.mobile, (req, reply) => send(req, reply, 'mobile'));
}

/** A route pattern (`/news/:id/comments/write`, `/static/*`) as a regular expression over paths. */
function patternRegex(pattern: string): RegExp {
  const trimmed = pattern.length > 1 ? pattern.replace(/\/+$/, '') : pattern;
  let src = '';
  for (const part of trimmed.split(/(:[A-Za-z_]\w*(?:\([^)]*\))?|\*)/)) {
    if (part === '*') src += '.*';
    else if (part.startsWith(':')) src += '[^/]+';
    else src += part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}/?$`);
}

/**
 * `/mobile/<path>` of a page that has no phone twin (留言, 举报, 积分换礼, 广告服务, 排名推广, log-in…): a
 * 302 to the desktop page, which works on phones, instead of a 404. Generic: any GET page registered
 * after this (main.ts registers the frontpage first) whose path has no /mobile/ route. Unknown paths
 * stay 404s.
 */
function registerMobileFallback(app: FastifyInstance): void {
  const desktopPatterns: string[] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    if (!methods.includes('GET')) return;
    if (r.url === '/mobile' || r.url.startsWith('/mobile/') || r.url.startsWith('/api/')) return;
    desktopPatterns.push(r.url);
  });
  let compiled: RegExp[] | undefined;
  app.get('/mobile/*', async (req, reply) => {
    compiled ??= desktopPatterns.map(patternRegex);
    const q = req.url.indexOf('?');
    const path = (q < 0 ? req.url : req.url.slice(0, q)).slice('/mobile'.length) || '/';
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return reply.callNotFound();
    }
    const target = sitePath(path + (q < 0 ? '' : req.url.slice(q)));
    if (!target || !compiled.some((re) => re.test(decoded))) return reply.callNotFound();
    return reply.redirect(target, 302);
  });
}

/** Percent-decoded bytes of a query value (`+` is a space), read as UTF-8, else as GBK (old DedeCMS sites). */
function legacyValue(raw: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === 0x2b) bytes.push(0x20);
    else bytes.push(...Buffer.from(raw[i] as string));
  }
  const buf = Buffer.from(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gbk').decode(buf);
  }
}

/** The first non-empty value of one of `names` in the raw query string of `url`. */
function legacyParam(url: string, names: string[]): string {
  const q = url.indexOf('?');
  if (q < 0) return '';
  const pairs = url
    .slice(q + 1)
    .split('&')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
    });
  for (const name of names) {
    for (const [k, v] of pairs) {
      if (k !== name || !v) continue;
      const value = legacyValue(v).trim();
      if (value) return Array.from(value).slice(0, 100).join('');
    }
  }
  return '';
}

/**
 * Addresses of the DedeCMS sites Zixun replaces, still in bookmarks and search engines: the home page
 * under its file names, the search script (`keyword`, or `q`; UTF-8 or GBK) → /search?q=…, and the
 * dynamic article view `/plus/view.php?aid=N[&pageno=P]` → /news/N[_P].html (ids are kept by
 * `zixun import`; an id that is not an article then gets the article route's 404).
 */
function registerLegacyPaths(app: FastifyInstance): void {
  for (const file of ['/index.html', '/index.htm', '/index.php', '/index.shtml']) app.get(file, (_req, reply) => reply.redirect('/', 301));
  app.get('/plus/search.php', (req, reply) => {
    const q = legacyParam(req.url, ['keyword', 'q']);
    return reply.redirect(q ? `/search?q=${encodeURIComponent(q)}` : '/search', 301);
  });
  app.get('/plus/view.php', (req, reply) => {
    const aid = legacyParam(req.url, ['aid', 'arcID']);
    if (!/^[1-9]\d{0,15}$/.test(aid)) return reply.redirect('/', 301);
    const page = legacyParam(req.url, ['pageno']);
    return reply.redirect(/^[1-9]\d{0,3}$/.test(page) && page !== '1' ? `/news/${aid}_${page}.html` : `/news/${aid}.html`, 301);
  });
}

/** The layout switch, the /mobile/ fallback for pages without a twin, and legacy DedeCMS addresses. */
export function registerRedirects(app: FastifyInstance): void {
  // Browsers ask for /favicon.ico on a first visit whatever the page says: the site's icon, not a 404 page.
  app.get('/favicon.ico', (_req, reply) => reply.header('cache-control', 'public, max-age=86400').redirect('/static/favicon.svg', 301));
  registerViewSwitch(app);
  registerMobileFallback(app);
  registerLegacyPaths(app);
}
