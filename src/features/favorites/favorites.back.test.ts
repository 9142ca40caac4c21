import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

test('顶 with a non-ASCII back path redirects there percent-encoded; 收藏 goes back only to its article', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, tags: ['交通'] });
  const alice = await loginAs(z, 'alice');

  // 收藏 goes back only to the article itself (desktop or phone page, with its anchor); any other path,
  // a tag page or another article, falls back to the article's own URL.
  const fav = await alice.post('/favorites/toggle', { article: String(a.id), back: '/tag/交通/' });
  assert.equal(fav.statusCode, 303);
  assert.equal(fav.headers.location, `/news/${a.id}.html?_=f1y`);
  assert.equal((await z.articles.getAny(a.id))!.favoriteCount, 1);
  const phone = await alice.post('/favorites/toggle', { article: String(a.id), back: `/mobile/news/${a.id}.html#actions` });
  assert.equal(phone.headers.location, `/mobile/news/${a.id}.html?_=f0n#actions`);

  // A guest is sent to log in with the 收藏 page as next; off-site paths still fall back.
  const g = await guest(z).post('/favorites/toggle', { article: String(a.id), back: '/tag/交通/' });
  const page = `/favorites/toggle?article=${a.id}&back=${encodeURIComponent(`/news/${a.id}.html`)}`;
  assert.equal(g.headers.location, `/member/login?next=${encodeURIComponent(page)}&why=favorite`);
  const off = await alice.post('/favorites/toggle', { article: String(a.id), back: '//evil.example/交通' });
  assert.equal(off.headers.location, `/news/${a.id}.html?_=f1y`);

  // 顶 on a comment goes back the same way (comments.urls.ts).
  await alice.post(`/news/${a.id}/comments`, { body: '说得好，支持一下' });
  const c = (await z.comments.latestFor(a.id, 1))[0]!;
  const bob = await loginAs(z, 'bob');
  const like = await bob.post(`/comments/${c.id}/like`, { back: '/tag/交通/#c1' });
  assert.equal(like.statusCode, 303);
  assert.equal(like.headers.location, `/tag/%E4%BA%A4%E9%80%9A/?_=l${c.id}-1#c1`);
});
