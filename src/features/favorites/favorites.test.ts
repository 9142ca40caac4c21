import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  const b = await makeArticle(z, { category: cat.slug, title: '青川新开一条公交线' });
  return { z, a, b };
}

const favCount = async (z: TestApp, id: number) => (await z.articles.getAny(id))!.favoriteCount;

function toggleJson(z: TestApp, c: Client, articleId: number) {
  return z.app.inject({
    method: 'POST',
    url: '/favorites/toggle',
    headers: { cookie: c.cookie, accept: 'application/json', 'x-csrf-token': c.csrf, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `article=${articleId}`,
  });
}

test('收藏 toggles with a form post and redirects back; the count on the article page follows', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  const page = await guest(z).get(`/news/${a.id}.html`);
  const link = `/favorites/toggle?article=${a.id}&amp;back=${encodeURIComponent(`/news/${a.id}.html`)}`;
  assert.ok(page.body.includes(`href="${link}"`), 'the action bar links to the toggle');
  assert.equal((await guest(z).get(`/news/${a.id}.html`)).headers['x-cache'], 'HIT');

  const r = await alice.post('/favorites/toggle', { article: String(a.id), back: `/news/${a.id}.html` });
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, `/news/${a.id}.html?_=f1y`, 'back to the article, under a URL no browser has cached');
  assert.equal(await favCount(z, a.id), 1);
  const after = await guest(z).get(String(r.headers.location));
  assert.equal(after.headers['x-cache'], 'MISS', 'the article page was purged');
  assert.match(after.body, /class="act favorite"[^>]*><span class="label">收藏<\/span> <span class="n">1<\/span>/);

  await alice.post('/favorites/toggle', { article: String(a.id), back: `/mobile/news/${a.id}.html` });
  assert.equal(await favCount(z, a.id), 0);
  // An off-site "back" is ignored.
  const off = await alice.post('/favorites/toggle', { article: String(a.id), back: 'https://evil.example/' });
  assert.equal(off.headers.location, `/news/${a.id}.html?_=f1y`);
});

test('with JavaScript: JSON answers, per-reader state, and several members counted once each', async (t) => {
  const { z, a } = await setup(t);
  const clients = await Promise.all(['m1', 'm2', 'm3'].map((u) => loginAs(z, u)));
  for (const c of clients) assert.equal((await toggleJson(z, c, a.id)).statusCode, 200);
  assert.deepEqual(JSON.parse((await toggleJson(z, clients[0]!, a.id)).body), { favorited: false, count: 2 });
  assert.equal(await favCount(z, a.id), 2);
  const state = await clients[1]!.get(`/favorites/state?article=${a.id}`);
  assert.equal(state.headers['cache-control'], 'no-store');
  assert.deepEqual(JSON.parse(state.body), { favorited: true, count: 2, loggedIn: true });
  assert.deepEqual(JSON.parse((await clients[0]!.get(`/favorites/state?article=${a.id}`)).body), { favorited: false, count: 2, loggedIn: true });
  const g = await z.app.inject(`/favorites/state?article=${a.id}`);
  assert.deepEqual(JSON.parse(g.body), { favorited: false, count: 2, loggedIn: false });
  assert.match(String(g.headers['set-cookie']), /zx_csrf=/, 'a first-time reader gets a CSRF cookie for the page forms');

  // Concurrent toggles by many members keep the count right.
  const many = await Promise.all(Array.from({ length: 12 }, (_, i) => loginAs(z, `c${i}`)));
  await Promise.all(many.map((c) => toggleJson(z, c, a.id)));
  assert.equal(await favCount(z, a.id), 14);
});

test('without JavaScript the 收藏 link opens a page whose form posts the toggle', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  const url = `/favorites/toggle?article=${a.id}&back=${encodeURIComponent(`/mobile/news/${a.id}.html`)}`;
  const page = await alice.get(url);
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.ok(page.body.includes('青川大桥今日通车') && page.body.includes('您还没有收藏这篇文章'));
  assert.ok(page.body.includes('class="mobile"'), 'a reader from the mobile page stays on the mobile layout');
  assert.match(page.body, /<form method="post" action="\/favorites\/toggle"[^>]*><input type="hidden" name="_csrf" value="[^"]+">/);
  const r = await alice.post('/favorites/toggle', { article: String(a.id), back: `/mobile/news/${a.id}.html` });
  assert.equal(r.headers.location, `/mobile/news/${a.id}.html?_=f1y`);
  const again = await alice.get(url);
  assert.ok(again.body.includes('您已收藏这篇文章') && again.body.includes('取消收藏') && again.body.includes('共 1 人收藏'));
  assert.equal((await alice.get('/favorites/toggle?article=999999')).statusCode, 404);
});

test('guests are sent to log in and come back', async (t) => {
  const { z, a } = await setup(t);
  const g = guest(z);
  // Every way in (form post, the link, the page script's JSON post) leads to the log-in page, told why,
  // and from there back to the 收藏 page, not to the article where the press would be lost.
  const link = `/favorites/toggle?article=${a.id}&back=${encodeURIComponent(`/news/${a.id}.html`)}`;
  const login = `/member/login?next=${encodeURIComponent(link)}&why=favorite`;
  const r = await g.post('/favorites/toggle', { article: String(a.id), back: `/news/${a.id}.html` });
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, login);
  const viaLink = await g.get(link);
  assert.equal(viaLink.statusCode, 303);
  assert.equal(viaLink.headers.location, login, 'after logging in the reader is back on the 收藏 page');
  const j = await toggleJson(z, g, a.id);
  assert.equal(j.statusCode, 401);
  assert.equal(
    JSON.parse(j.body).login,
    `/member/login?next=${encodeURIComponent(`/favorites/toggle?article=${a.id}&back=${encodeURIComponent(`/news/${a.id}.html`)}`)}&why=favorite`,
  );
  assert.equal(await favCount(z, a.id), 0);
});

test('only public articles can be favorited', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  assert.equal((await alice.post('/favorites/toggle', { article: '999999' })).statusCode, 404);
  assert.equal((await alice.post('/favorites/toggle', { article: 'x' })).statusCode, 404);
  await z.articles.update(a.id, { status: 'draft' });
  assert.equal((await alice.post('/favorites/toggle', { article: String(a.id) })).statusCode, 404);
  const rows = await z.dbh.db.selectFrom('favorites').selectAll().execute();
  assert.equal(rows.length, 0);
});

test('我的收藏 lists the member own favorites; removing touches only their own', async (t) => {
  const { z, a, b } = await setup(t);
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  await alice.post('/favorites/toggle', { article: String(a.id) });
  z.clock.advance(1000);
  await alice.post('/favorites/toggle', { article: String(b.id) });
  await bob.post('/favorites/toggle', { article: String(a.id) });
  assert.equal(await favCount(z, a.id), 2);

  const list = await alice.get('/member/favorites/');
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.indexOf('青川新开一条公交线') < list.body.indexOf('青川大桥今日通车'), 'newest first');
  const bobList = await bob.get('/member/favorites/');
  assert.ok(bobList.body.includes('青川大桥今日通车') && !bobList.body.includes('青川新开一条公交线'), 'bob sees only his own');

  // Bob "removes" article b, which only alice favorited: nothing of alice's changes.
  const r = await bob.post('/member/favorites/remove', { article: String(b.id) });
  assert.equal(r.statusCode, 303);
  assert.equal(await favCount(z, b.id), 1);
  assert.ok((await alice.get('/member/favorites/')).body.includes('青川新开一条公交线'));

  const mine = await alice.post('/member/favorites/remove', { article: String(a.id) });
  assert.equal(mine.headers.location, '/member/favorites/?removed=1');
  assert.ok((await alice.get('/member/favorites/?removed=1')).body.includes('已取消收藏'));
  assert.equal(await favCount(z, a.id), 1, "bob's favorite stays");
  assert.ok((await bob.get('/member/favorites/')).body.includes('青川大桥今日通车'));

  assert.equal((await guest(z).get('/member/favorites/')).statusCode, 303);
  assert.equal((await guest(z).post('/member/favorites/remove', { article: String(a.id) })).statusCode, 303);
  assert.equal(await favCount(z, a.id), 1);
  assert.equal((await alice.post('/member/favorites/remove', { article: String(b.id) }, { withoutToken: true })).statusCode, 200, 'no token: confirm page');
  assert.equal(await favCount(z, b.id), 1);
  assert.ok((await (await loginAs(z, 'carol')).get('/member/favorites/')).body.includes('您还没有收藏文章'));
});
