import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  return { z, a, cat };
}

/** The floors on a comments page, in page order. */
const floorsIn = (html: string) => [...html.matchAll(/<span class="floor">(\d+)楼<\/span>/g)].map((m) => Number(m[1]));

test('the comments page orders newest or oldest first and paginates; the article page shows the latest five', async (t) => {
  const { z, a } = await setup(t);
  const members = await Promise.all(Array.from({ length: 25 }, (_, i) => z.members.create({ username: `reader${i}` })));
  for (const [i, m] of members.entries()) await z.comments.post({ articleId: a.id, member: m, ip: '10.0.0.1', fields: { body: `第${i + 1}条评论` } });
  const g = guest(z);

  const newest = await g.get(`/news/${a.id}/comments`);
  assert.equal(newest.statusCode, 200);
  assert.deepEqual(
    floorsIn(newest.body),
    Array.from({ length: 20 }, (_, i) => 25 - i),
  );
  assert.ok(newest.body.includes(`href="/news/${a.id}/comments?page=2"`), 'links to page 2');
  assert.ok(newest.body.includes('25 条评论'));
  const page2 = await g.get(`/news/${a.id}/comments?page=2`);
  assert.deepEqual(floorsIn(page2.body), [5, 4, 3, 2, 1]);
  const oldest = await g.get(`/news/${a.id}/comments?order=oldest`);
  assert.deepEqual(floorsIn(oldest.body).slice(0, 3), [1, 2, 3]);
  assert.deepEqual(floorsIn((await g.get(`/news/${a.id}/comments?order=oldest&page=2`)).body), [21, 22, 23, 24, 25]);
  assert.equal((await g.get(`/news/${a.id}/comments?page=3`)).statusCode, 404);
  assert.equal((await g.get(`/news/${a.id}/comments?page=abc`)).statusCode, 404);
  assert.equal((await g.get('/news/999999/comments')).statusCode, 404);

  const mobile = await g.get(`/mobile/news/${a.id}/comments?order=oldest`);
  assert.equal(mobile.statusCode, 200);
  assert.ok(mobile.body.includes('class="mobile"'));
  assert.ok(mobile.body.includes(`href="/mobile/news/${a.id}.html"`), 'links back to the mobile article');
  assert.ok(mobile.body.includes('name="m" value="1"'), 'the mobile form returns to the mobile pages');

  const article = await g.get(`/news/${a.id}.html`);
  assert.deepEqual(floorsIn(article.body), [25, 24, 23, 22, 21]);
  assert.ok(article.body.includes('查看全部25条评论'));
  assert.ok(article.body.includes('id="comment-form"'));
  assert.ok(article.body.includes(`action="/news/${a.id}/comments"`));

  // Cached for everyone, purged when a comment arrives.
  assert.equal((await g.get(`/news/${a.id}/comments`)).headers['x-cache'], 'HIT');
  z.clock.advance(20_000);
  await (await loginAs(z, 'late')).post(`/news/${a.id}/comments`, { body: '迟到的评论' });
  const fresh = await g.get(`/news/${a.id}/comments`);
  assert.equal(fresh.headers['x-cache'], 'MISS');
  assert.equal(floorsIn(fresh.body)[0], 26);
});

test('an article without comments shows the empty state; a draft has no comments page', async (t) => {
  const { z, a, cat } = await setup(t);
  const g = guest(z);
  assert.ok((await g.get(`/news/${a.id}.html`)).body.includes('暂无评论，快来抢沙发吧'));
  assert.ok((await g.get(`/news/${a.id}/comments`)).body.includes('暂无评论，快来抢沙发吧'));
  const draft = await makeArticle(z, { category: cat.slug, status: 'draft' });
  assert.equal((await g.get(`/news/${draft.id}/comments`)).statusCode, 404);
  assert.equal((await g.get(`/news/${draft.id}/comments/write`)).statusCode, 404);
});

test('the reply page quotes the comment and carries a token; mobile posts return to mobile pages', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  await alice.post(`/news/${a.id}/comments`, { body: '被回复的评论内容' });
  const c = (await z.comments.latestFor(a.id, 1))[0]!;
  const bob = await loginAs(z, 'bob');
  const page = await bob.get(`/news/${a.id}/comments/write?reply=${c.id}&m=1`);
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.ok(page.body.includes('回复 1楼 alice：'));
  assert.ok(page.body.includes('被回复的评论内容'));
  assert.ok(page.body.includes(`name="parent" value="${c.id}"`));
  assert.match(page.body, /name="_csrf" value="[^"]+"/);
  assert.ok(!page.body.includes('name="nickname"'), 'a member is not asked for a nickname');
  const r = await bob.post(`/news/${a.id}/comments`, { body: '手机上的回复', parent: String(c.id), m: '1' });
  assert.match(String(r.headers.location), new RegExp(`^/mobile/news/${a.id}/comments\\?_=c\\d+#c\\d+$`));
});

test('我的评论 lists only the member own comments, with status and links', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  await alice.post(`/news/${a.id}/comments`, { body: '爱丽丝的评论' });
  await bob.post(`/news/${a.id}/comments`, { body: '鲍勃的评论' });
  const mine = await alice.get('/member/comments/');
  assert.equal(mine.statusCode, 200);
  assert.ok(mine.body.includes('爱丽丝的评论'));
  assert.ok(!mine.body.includes('鲍勃的评论'), 'another member comments are not listed');
  assert.ok(mine.body.includes('青川大桥今日通车'));
  assert.ok(mine.body.includes(`/news/${a.id}/comments#c`));
  assert.ok(mine.body.includes('已显示'));
  // No parameter shows someone else's list.
  const bobId = bob.member!.id;
  assert.ok(!(await alice.get(`/member/comments/?member=${bobId}`)).body.includes('鲍勃的评论'));
  assert.equal((await guest(z).get('/member/comments/')).statusCode, 303);
  assert.ok((await (await loginAs(z, 'carol')).get('/member/comments/')).body.includes('您还没有发表过评论'));
});
