import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }, settings: Record<string, unknown> = {}) {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  if (Object.keys(settings).length) await z.settings.update(settings);
  return { z, a };
}

async function commentCount(z: TestApp, articleId: number): Promise<number> {
  return (await z.articles.getAny(articleId))!.commentCount;
}

async function floors(z: TestApp, articleId: number): Promise<number[]> {
  const rows = await z.dbh.db.selectFrom('comments').select('floor').where('article_id', '=', articleId).orderBy('floor').execute();
  return rows.map((r) => r.floor);
}

test('a member comments, replies quote the comment they answer, floors count up', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');

  const r1 = await alice.post(`/news/${a.id}/comments`, { body: '第一条评论：大桥修得真快！' });
  assert.equal(r1.statusCode, 303);
  assert.match(String(r1.headers.location), new RegExp(`^/news/${a.id}/comments\\?_=c(\\d+)#c\\1$`), 'the comments page, under a URL no browser has cached');
  const first = (await z.comments.latestFor(a.id, 5))[0]!;
  assert.equal(first.floor, 1);
  assert.equal(first.nickname, 'alice');

  const r2 = await bob.post(`/news/${a.id}/comments`, { body: '同意楼上，周末去看看', parent: String(first.id) });
  assert.equal(r2.statusCode, 303);
  const reply = (await z.comments.latestFor(a.id, 5))[0]!;
  assert.equal(reply.floor, 2);
  assert.equal(reply.parent?.floor, 1);
  assert.equal(reply.parent?.nickname, 'alice');
  assert.equal(await commentCount(z, a.id), 2);

  // The article page's 相关评论 and the comments page show both, with floors and the quote.
  const page = await guest(z).get(`/news/${a.id}.html`);
  assert.ok(page.body.includes('第一条评论：大桥修得真快！'));
  assert.ok(page.body.includes('2楼'));
  assert.ok(page.body.includes('引用 1楼 alice 的评论：'), 'the reply quotes 1楼');
  assert.ok(page.body.includes(`/news/${a.id}/comments`), 'links to all comments');
  const list = await guest(z).get(`/news/${a.id}/comments`);
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes('同意楼上，周末去看看') && list.body.includes('引用 1楼 alice 的评论：'));

  // A reply to a comment of another article, or one that does not exist, is refused with a message.
  const other = await makeArticle(z, { category: (await z.categories.roots())[0]!.slug });
  const bad = await bob.post(`/news/${other.id}/comments`, { body: '串楼了', parent: String(first.id) });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('您回复的评论不存在或已被删除'));
  assert.ok(bad.body.includes('串楼了'), 'keeps what was typed');
});

test('20 comments posted at once get 20 distinct floors and the count is right', async (t) => {
  const { z, a } = await setup(t);
  const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => loginAs(z, `reader${i}`)));
  const results = await Promise.all(clients.map((c, i) => c.post(`/news/${a.id}/comments`, { body: `并发评论${i}` })));
  for (const r of results) assert.equal(r.statusCode, 303, r.body);
  assert.deepEqual(
    await floors(z, a.id),
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  assert.equal(await commentCount(z, a.id), 20);
});

test('the service assigns distinct floors under concurrency too', async (t) => {
  const { z, a } = await setup(t);
  const members = await Promise.all(Array.from({ length: 20 }, (_, i) => z.members.create({ username: `svc${i}` })));
  await Promise.all(members.map((m, i) => z.comments.post({ articleId: a.id, member: m, ip: `10.0.0.${i}`, fields: { body: `服务层并发${i}` } })));
  assert.deepEqual(new Set(await floors(z, a.id)).size, 20);
  assert.equal(Math.max(...(await floors(z, a.id))), 20);
});

test('顶: one like per member, one per guest browser; counts show on the page', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  await alice.post(`/news/${a.id}/comments`, { body: '值得一顶' });
  const c = (await z.comments.latestFor(a.id, 1))[0]!;
  const bob = await loginAs(z, 'bob');

  const r = await bob.post(`/comments/${c.id}/like`, { back: `/news/${a.id}.html` });
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, `/news/${a.id}.html?_=l${c.id}-1`);
  await bob.post(`/comments/${c.id}/like`, {});
  const json = await z.app.inject({
    method: 'POST',
    url: `/comments/${c.id}/like`,
    headers: { cookie: bob.cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${bob.csrf}`,
  });
  assert.deepEqual(JSON.parse(json.body), { likes: 1, liked: false }, 'a member likes once');

  const g = guest(z);
  await g.post(`/comments/${c.id}/like`, {}, { headers: { 'user-agent': 'browser-a' } });
  await g.post(`/comments/${c.id}/like`, {}, { headers: { 'user-agent': 'browser-a' } });
  await g.post(`/comments/${c.id}/like`, {}, { headers: { 'user-agent': 'browser-b' } });
  assert.equal((await z.comments.get(c.id))!.likes, 3);
  const page = await guest(z).get(`/news/${a.id}/comments`);
  assert.match(page.body, /顶\(<span class="n">3<\/span>\)/);

  // An off-site "back" is ignored; an unknown comment is a 404.
  const off = await (await loginAs(z, 'carol')).post(`/comments/${c.id}/like`, { back: '//evil.example/' });
  assert.equal(off.headers.location, `/news/${a.id}/comments?_=l${c.id}-4`);
  assert.equal((await bob.post('/comments/999999/like', {})).statusCode, 404);
});

test('guest comments follow the guestComments setting; a nickname is required', async (t) => {
  const { z, a } = await setup(t);
  const g = guest(z);
  // A guest who typed anyway (a stale page) gets the form back with the text and a log-in link in a new window.
  const off = await g.post(`/news/${a.id}/comments`, { body: '游客路过', nickname: '路人甲' });
  assert.equal(off.statusCode, 401);
  assert.match(off.body, /<textarea[^>]*name="body"[^>]*>游客路过<\/textarea>/, 'the typed text is kept');
  assert.ok(off.body.includes('请先登录再发表评论。您写的内容保留在下面'));
  assert.ok(off.body.includes(`href="/member/login?next=${encodeURIComponent(`/news/${a.id}/comments/write`)}&amp;why=comment" target="_blank"`));
  assert.equal(await commentCount(z, a.id), 0);
  // The cached article page shows the log-in prompt; the fields are hidden unless the log-in hint says a member reads.
  const page = await g.get(`/news/${a.id}.html`);
  assert.ok(page.body.includes('登录后才能发表评论'));
  assert.ok(!page.body.includes('name="nickname"'), 'no nickname field while guests cannot comment');
  assert.match(page.body, /<div class="member-fields" data-member-only hidden>[^]*<textarea[^]*<\/div><script>/, 'the comment box is hidden for guests');
  assert.ok(page.body.includes(`<noscript> <a href="/news/${a.id}/comments/write"`), 'members without JavaScript reach the write page');

  await z.settings.update({ guestComments: true });
  assert.ok((await g.get(`/news/${a.id}.html`)).body.includes('name="nickname"'), 'the form asks guests for a nickname');
  const missing = await g.post(`/news/${a.id}/comments`, { body: '没有昵称的评论' });
  assert.equal(missing.statusCode, 422);
  assert.ok(missing.body.includes('请填写昵称'));
  assert.ok(missing.body.includes('没有昵称的评论'), 'keeps the text');
  const ok = await g.post(`/news/${a.id}/comments`, { body: '游客路过', nickname: '路人甲' });
  assert.equal(ok.statusCode, 303);
  const c = (await z.comments.latestFor(a.id, 1))[0]!;
  assert.equal(c.nickname, '路人甲');
  assert.equal(c.memberId, null);
  assert.ok((await g.get(`/news/${a.id}/comments`)).body.includes('游客'), 'guest comments are marked');
});

test('commentsEnabled off hides the form and refuses posts', async (t) => {
  const { z, a } = await setup(t, { commentsEnabled: false });
  const alice = await loginAs(z, 'alice');
  const page = await alice.get(`/news/${a.id}.html`);
  assert.ok(page.body.includes('本站评论功能已关闭'));
  assert.ok(!page.body.includes('id="comment-form"'));
  const r = await alice.post(`/news/${a.id}/comments`, { body: '还能评论吗' });
  assert.equal(r.statusCode, 403);
  assert.equal(await commentCount(z, a.id), 0);
});

test('empty, too long and unknown-article comments are refused and nothing is written', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  const empty = await alice.post(`/news/${a.id}/comments`, { body: '   \n  ' });
  assert.equal(empty.statusCode, 422);
  assert.ok(empty.body.includes('请填写评论内容'));
  const long = await alice.post(`/news/${a.id}/comments`, { body: '长'.repeat(1001) });
  assert.equal(long.statusCode, 422);
  assert.ok(long.body.includes('评论不能超过1000个字'));
  assert.equal((await alice.post('/news/999999/comments', { body: '不存在的文章' })).statusCode, 404);
  await z.articles.update(a.id, { status: 'draft' });
  assert.equal((await alice.post(`/news/${a.id}/comments`, { body: '草稿不能评论' })).statusCode, 404);
  const n = await z.dbh.db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  assert.equal(Number(n?.n), 0);
});

test('a post without a CSRF token is not written (it asks to confirm)', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  const r = await alice.post(`/news/${a.id}/comments`, { body: '没有令牌' }, { withoutToken: true });
  assert.equal(r.statusCode, 200);
  assert.ok(r.body.includes('请确认您的操作'));
  assert.equal(await commentCount(z, a.id), 0);
});

test('XSS in comment bodies and nicknames is printed as text', async (t) => {
  const { z, a } = await setup(t, { guestComments: true });
  const vectors = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', 'javascript:alert(1)', '&lt;script&gt;'];
  const g = guest(z);
  let i = 0;
  for (const v of vectors) {
    z.clock.advance(20_000);
    const r = await g.post(`/news/${a.id}/comments`, { body: `评论${v}`, nickname: `昵称${i++}${v}`.slice(0, 20) });
    assert.equal(r.statusCode, 303, r.body);
  }
  const first = (await z.comments.forArticle(a.id, 'oldest', 1, 1)).items[0]!;
  z.clock.advance(20_000);
  await (await loginAs(z, 'alice')).post(`/news/${a.id}/comments`, { body: '回复<b>x</b>', parent: String(first.id) });
  for (const url of [`/news/${a.id}.html`, `/mobile/news/${a.id}.html`, `/news/${a.id}/comments`, `/mobile/news/${a.id}/comments?order=oldest`]) {
    const html = (await g.get(url)).body;
    assert.ok(!/<script>alert|<img src=x|<svg onload|<b>x<\/b>/i.test(html), `${url} prints a raw vector`);
    assert.ok(html.includes('评论&lt;img src=x onerror=alert(1)&gt;'), `${url} shows the text escaped`);
    assert.ok(html.includes('回复&lt;b&gt;x&lt;/b&gt;'), `${url} shows the reply escaped`);
  }
  const admin = await loginAs(z, 'boss', 'admin');
  const html = (await admin.get('/admin/comments/')).body;
  assert.ok(!/<script>alert|<img src=x|<svg onload/i.test(html));
});
