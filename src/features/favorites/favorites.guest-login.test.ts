import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp } from '../../test/app.ts';
import { guest, loginAs, TEST_PASSWORD } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const sid = (res: LightMyRequestResponse) => /zx_sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];

test('a guest who presses 收藏 logs in, is told why, comes back to the 收藏 page and saves with one press', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  await z.members.create({ username: 'reader', role: 'member', password: TEST_PASSWORD, email: 'reader@example.com' });
  const g = guest(z);

  // The 收藏 link (what the page script now follows too) → the log-in page, with the reason.
  const press = await g.get(`/favorites/toggle?article=${a.id}&back=${encodeURIComponent(`/mobile/news/${a.id}.html`)}`);
  assert.equal(press.statusCode, 303);
  const loginUrl = String(press.headers.location);
  const loginPage = await g.get(loginUrl);
  assert.equal(loginPage.statusCode, 200);
  assert.ok(loginPage.body.includes('登录后即可收藏这篇文章'), 'the log-in page says why it was opened');
  const next = /name="next" value="([^"]+)"/.exec(loginPage.body)?.[1]?.replace(/&amp;/g, '&');
  assert.equal(next, `/favorites/toggle?article=${a.id}&back=${encodeURIComponent(`/mobile/news/${a.id}.html`)}`);

  // Only fixed reasons are shown; anything else in `why` is not echoed.
  const odd = await g.get('/member/login?why=%3Cb%3E%E4%BD%A0%E5%B7%B2%E4%B8%AD%E5%A5%96%3C%2Fb%3E');
  assert.ok(!odd.body.includes('你已中奖') && !odd.body.includes('登录后即可收藏'));

  // A mistyped password keeps the reason on the page (and where to go after).
  assert.ok(loginPage.body.includes('name="why" value="favorite"'));
  const wrong = await g.post('/member/login', { username: 'reader', password: 'not-the-password', next: next!, why: 'favorite' });
  assert.equal(wrong.statusCode, 401);
  assert.ok(wrong.body.includes('登录后即可收藏这篇文章') && wrong.body.includes('name="why" value="favorite"'));
  const forged = await g.post('/member/login', { username: 'reader', password: 'not-the-password', next: next!, why: '<b>x</b>' });
  assert.ok(!forged.body.includes('name="why"'), 'an unknown reason is not carried');

  const loggedIn = await g.post('/member/login', { username: 'reader', password: TEST_PASSWORD, next: next! });
  assert.equal(loggedIn.statusCode, 303);
  assert.equal(loggedIn.headers.location, next, 'back on the 收藏 page, not the article');
  const cookie = `zx_csrf=${g.csrf}; zx_sid=${sid(loggedIn)}`;

  // The page asks for one press; opening it changes nothing.
  const page = await z.app.inject({ method: 'GET', url: next!, headers: { cookie } });
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('name="on" value="1"'));
  assert.equal((await z.articles.getAny(a.id))!.favoriteCount, 0);
  const form = new URLSearchParams({ _csrf: g.csrf, article: String(a.id), back: `/mobile/news/${a.id}.html`, on: '1' });
  const saved = await z.app.inject({
    method: 'POST',
    url: '/favorites/toggle',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, `/mobile/news/${a.id}.html?_=f1y`);
  assert.equal((await z.articles.getAny(a.id))!.favoriteCount, 1);
  const mine = await z.app.inject({ method: 'GET', url: '/member/favorites/', headers: { cookie } });
  assert.ok(mine.body.includes('青川大桥今日通车'));
});

test('返回文章 on the 收藏 page leads to that article, whatever `back` names', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  const b = await makeArticle(z, { category: cat.slug, title: '青川新开一条公交线' });
  const alice = await loginAs(z, 'alice');
  const backHrefs = (html: string) => [...html.matchAll(/name="back" value="([^"]*)"|<a href="([^"]*)">返回文章/g)].map((m) => m[1] ?? m[2]);

  const other = await alice.get(`/favorites/toggle?article=${a.id}&back=${encodeURIComponent(`/news/${b.id}.html`)}`);
  assert.equal(other.statusCode, 200);
  assert.deepEqual(backHrefs(other.body), [`/news/${a.id}.html`, `/news/${a.id}.html`]);
  const offsite = await alice.get(`/favorites/toggle?article=${a.id}&back=${encodeURIComponent('/member/logout')}`);
  assert.deepEqual(backHrefs(offsite.body), [`/news/${a.id}.html`, `/news/${a.id}.html`]);
  const phone = await alice.get(`/favorites/toggle?article=${a.id}&back=${encodeURIComponent(`/mobile/news/${a.id}_2.html`)}`);
  assert.deepEqual(backHrefs(phone.body), [`/mobile/news/${a.id}_2.html`, `/mobile/news/${a.id}_2.html`]);
  // A post naming another article goes back to the one favorited.
  const post = await alice.post('/favorites/toggle', { article: String(a.id), back: `/news/${b.id}.html`, on: '1' });
  assert.equal(post.headers.location, `/news/${a.id}.html?_=f1y`);
});
