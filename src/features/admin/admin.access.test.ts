import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

type Who = 'guest' | 'member' | 'trusted' | 'editor' | 'admin';

/** Every admin-console route this feature serves, and whether editors may use it (admins always may). */
const ROUTES: Array<{ method: 'GET' | 'POST'; url: string; editors: boolean }> = [
  { method: 'GET', url: '/admin/', editors: true },
  { method: 'GET', url: '/admin/articles/', editors: true },
  { method: 'GET', url: '/admin/articles/1/edit', editors: true },
  { method: 'POST', url: '/admin/articles/1/edit', editors: true },
  { method: 'POST', url: '/admin/articles/1/recommend', editors: true },
  { method: 'POST', url: '/admin/articles/1/verify', editors: true },
  { method: 'GET', url: '/admin/articles/1/delete', editors: true },
  { method: 'POST', url: '/admin/articles/1/delete', editors: true },
  { method: 'GET', url: '/admin/categories/', editors: false },
  { method: 'GET', url: '/admin/categories/new', editors: false },
  { method: 'POST', url: '/admin/categories/new', editors: false },
  { method: 'GET', url: '/admin/categories/city/edit', editors: false },
  { method: 'POST', url: '/admin/categories/city/edit', editors: false },
  { method: 'GET', url: '/admin/categories/city/delete', editors: false },
  { method: 'POST', url: '/admin/categories/city/delete', editors: false },
  { method: 'GET', url: '/admin/pages/', editors: false },
  { method: 'GET', url: '/admin/pages/new', editors: false },
  { method: 'POST', url: '/admin/pages/new', editors: false },
  { method: 'GET', url: '/admin/pages/about/edit', editors: false },
  { method: 'POST', url: '/admin/pages/about/edit', editors: false },
  { method: 'GET', url: '/admin/pages/about/delete', editors: false },
  { method: 'POST', url: '/admin/pages/about/delete', editors: false },
  { method: 'GET', url: '/admin/banned-words/', editors: false },
  { method: 'POST', url: '/admin/banned-words/', editors: false },
  { method: 'POST', url: '/admin/banned-words/1/delete', editors: false },
  { method: 'GET', url: '/admin/settings', editors: false },
  { method: 'POST', url: '/admin/settings', editors: false },
  { method: 'GET', url: '/admin/audit/', editors: false },
];

test('permission matrix: guests log in, members and trusted members get 403, editors only their pages, admins all', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  await makeArticle(z, { category: 'city' });
  await z.pages.create({ slug: 'about', title: '关于我们', body: '<p>x</p>' });
  await z.bannedWords.add('赌博');
  const clients: Record<Who, Client> = {
    guest: guest(z),
    member: await loginAs(z, 'reader', 'member'),
    trusted: await loginAs(z, 'trusty', 'trusted'),
    editor: await loginAs(z, 'ed', 'editor'),
    admin: await loginAs(z, 'boss', 'admin'),
  };
  const snapshot = async () =>
    JSON.stringify([await z.articles.getAny(1), await z.categories.all(), await z.pages.list(), await z.bannedWords.all(), await z.settings.get()]);
  const before = await snapshot();
  for (const who of ['guest', 'member', 'trusted', 'editor'] as const) {
    for (const r of ROUTES) {
      const c = clients[who];
      const res = r.method === 'GET' ? await c.get(r.url) : await c.post(r.url, {});
      const label = `${who} ${r.method} ${r.url}`;
      if (who === 'guest') {
        assert.equal(res.statusCode, 303, label);
        assert.match(String(res.headers.location), /^\/member\/login\?next=/, label);
      } else if (who === 'editor' && r.editors) {
        assert.ok([200, 303, 422].includes(res.statusCode), `${label}: ${res.statusCode}`);
      } else {
        assert.equal(res.statusCode, 403, label);
      }
    }
  }
  // Only the editor's allowed routes may have changed anything; reset by checking admin-only state.
  const after = JSON.parse(await snapshot()) as unknown[];
  const was = JSON.parse(before) as unknown[];
  assert.deepEqual(after.slice(1), was.slice(1), 'no admin-only data changed by non-admins');
  for (const r of ROUTES.filter((x) => x.method === 'GET')) {
    const res = await clients.admin.get(r.url);
    assert.ok([200, 404].includes(res.statusCode), `admin GET ${r.url}: ${res.statusCode}`);
  }
  const nav = (await clients.editor.get('/admin/')).body;
  assert.ok(nav.includes('href="/admin/articles/"') && !nav.includes('href="/admin/settings"'), 'editors do not see admin-only links');
});

test('posts without a CSRF token change nothing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const res = await admin.post('/admin/banned-words/', { word: '赌博' }, { withoutToken: true });
  assert.notEqual(res.statusCode, 303);
  const forged = await admin.post('/admin/banned-words/', { word: '赌博', _csrf: 'x'.repeat(32) }, { withoutToken: true });
  assert.equal(forged.statusCode, 403);
  assert.deepEqual(await z.bannedWords.all(), []);
});
