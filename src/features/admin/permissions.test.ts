import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

/**
 * The permission matrix: every route the app registers, requested as a guest, a member, a trusted
 * member, an editor and an admin. Each route belongs to exactly one access class below; a route that
 * matches none fails the test, so a new route cannot slip in without being classified here.
 */
type Access = 'public' | 'member' | 'staff' | 'admin' | 'api';

const ADMIN_ONLY = /^\/admin\/(categories|pages|members|member-groups|banned-words|settings|audit|status|promotion|points|search|notifications|uploads)(\/|$)/;
// Reached from links in mail without logging in: the reset link, and 邮件提醒's confirm and unsubscribe pages.
const MEMBER_PUBLIC = /^\/member\/(login|register|forgot|reset|logout|me\.json|notifications\/mail\/(confirm|off))$/;

function accessOf(url: string): Access {
  if (url.startsWith('/api/')) return 'api';
  if (ADMIN_ONLY.test(url)) return 'admin';
  if (url.startsWith('/admin')) return 'staff';
  if (url.startsWith('/member/') && !MEMBER_PUBLIC.test(url)) return 'member';
  return 'public';
}

const ROLE_RANK = { guest: 0, member: 1, trusted: 1, editor: 2, admin: 3 } as const;
const NEEDS = { public: 0, member: 1, staff: 2, admin: 3 } as const;

function concrete(url: string, ids: { article: number }): string {
  return url
    .replace(':file', `${ids.article}.html`)
    .replace(':id', String(ids.article))
    .replace(':slug', 'matrix')
    .replace(':param', 'matrix')
    .replace('*', 'site.css');
}

test('every route enforces its access class for guests, members, editors and admins', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'matrix' });
  const article = await makeArticle(z, { category: cat.slug });
  const clients: Record<keyof typeof ROLE_RANK, Client> = {
    guest: guest(z),
    member: await loginAs(z, 'matrix_member', 'member'),
    trusted: await loginAs(z, 'matrix_trusted', 'trusted'),
    editor: await loginAs(z, 'matrix_editor', 'editor'),
    admin: await loginAs(z, 'matrix_admin', 'admin'),
  };
  const routes = z.routes().filter((r) => ['GET', 'POST'].includes(r.method));
  assert.ok(routes.length > 80, `found ${routes.length} routes`);
  const problems: string[] = [];
  let checked = 0;
  for (const r of routes) {
    const access = accessOf(r.url);
    const url = concrete(r.url, { article: article.id });
    if (access === 'api') {
      if (r.url.endsWith('/openapi.json')) continue;
      // Browsers' cookies are no credential for the API: even an admin session gets 401.
      const res = r.method === 'GET' ? await clients.admin.get(url) : await clients.admin.post(url, {});
      if (res.statusCode !== 401) problems.push(`${r.method} ${r.url} as admin session: ${res.statusCode}, expected 401`);
      checked++;
      continue;
    }
    if (access === 'public') {
      // Open to everyone: a guest is never refused, and nothing breaks (a 404 for the made-up ids is fine).
      // /member/me.json answers a guest with a JSON 401 by design (public/site.js reads it).
      if (r.method === 'GET' && r.url !== '/member/me.json') {
        const res = await clients.guest.get(url);
        checked++;
        if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode >= 500) problems.push(`GET ${r.url} as guest: ${res.statusCode}`);
      }
      continue;
    }
    for (const [role, c] of Object.entries(clients) as Array<[keyof typeof ROLE_RANK, Client]>) {
      const res = r.method === 'GET' ? await c.get(url) : await c.post(url, {});
      const allowed = ROLE_RANK[role] >= NEEDS[access];
      const s = res.statusCode;
      checked++;
      if (!allowed && role === 'guest') {
        if (!(s === 303 && String(res.headers.location).startsWith('/member/login')))
          problems.push(`${r.method} ${r.url} as guest: ${s}, expected 303 to log-in`);
      } else if (!allowed) {
        if (s !== 403) problems.push(`${r.method} ${r.url} as ${role}: ${s}, expected 403`);
      } else if (s === 401 || s === 403 || s >= 500 || (s === 303 && String(res.headers.location).startsWith('/member/login'))) {
        problems.push(`${r.method} ${r.url} as ${role}: ${s}, expected access`);
      }
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
  assert.ok(checked > 200, `checked ${checked} route × role combinations`);
});
