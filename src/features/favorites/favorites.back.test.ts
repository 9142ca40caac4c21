import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

test('收藏 and 顶 with a non-ASCII back path redirect there percent-encoded instead of failing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, tags: ['交通'] });
  const alice = await loginAs(z, 'alice');

  const fav = await alice.post('/favorites/toggle', { article: String(a.id), back: '/tag/交通/' });
  assert.equal(fav.statusCode, 303);
  assert.equal(fav.headers.location, '/tag/%E4%BA%A4%E9%80%9A/?_=f1y');
  assert.equal((await z.articles.getAny(a.id))!.favoriteCount, 1);

  // A guest is sent to log in with the back path as next; off-site paths still fall back.
  const g = await guest(z).post('/favorites/toggle', { article: String(a.id), back: '/tag/交通/' });
  assert.equal(g.headers.location, `/member/login?next=${encodeURIComponent('/tag/%E4%BA%A4%E9%80%9A/')}`);
  const off = await alice.post('/favorites/toggle', { article: String(a.id), back: '//evil.example/交通' });
  assert.equal(off.headers.location, `/news/${a.id}.html?_=f0n`);

  // 顶 on a comment goes back the same way (comments.urls.ts).
  await alice.post(`/news/${a.id}/comments`, { body: '说得好，支持一下' });
  const c = (await z.comments.latestFor(a.id, 1))[0]!;
  const bob = await loginAs(z, 'bob');
  const like = await bob.post(`/comments/${c.id}/like`, { back: '/tag/交通/#c1' });
  assert.equal(like.statusCode, 303);
  assert.equal(like.headers.location, `/tag/%E4%BA%A4%E9%80%9A/?_=l${c.id}-1#c1`);
});
