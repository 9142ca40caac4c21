import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }, settings: Record<string, unknown> = {}) {
  const z = await createTestApp({ pageCache: true });
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'city', name: '城市' });
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  if (Object.keys(settings).length) await z.settings.update(settings);
  return { z, a };
}

const count = async (z: TestApp, id: number) => (await z.articles.getAny(id))!.commentCount;
const latest = async (z: TestApp, articleId: number) => (await z.comments.forStaff({ articleId }, 1, 1)).items[0]!;

test('a member edits their own comment within 10 minutes; the cached pages show the new text', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  await alice.post(`/news/${a.id}/comments`, { body: '大桥下周通车' });
  const c = await latest(z, a.id);
  const g = guest(z);
  assert.ok((await g.get(`/news/${a.id}/comments`)).body.includes('大桥下周通车'));
  assert.equal((await g.get(`/news/${a.id}/comments`)).headers['x-cache'], 'HIT');

  const mine = await alice.get('/member/comments/');
  assert.ok(mine.body.includes(`/member/comments/${c.id}/edit`), '我的评论 offers 修改');
  assert.ok(mine.body.includes(`/member/comments/${c.id}/delete`), '我的评论 offers 删除');
  const form = await alice.get(`/member/comments/${c.id}/edit`);
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes('大桥下周通车') && /name="_csrf" value="[^"]+"/.test(form.body));

  z.clock.advance(5 * 60_000);
  const r = await alice.post(`/member/comments/${c.id}/edit`, { body: '更正：大桥今天通车' });
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, `/member/comments/?done=edited#c${c.id}`);
  assert.ok((await alice.get(String(r.headers.location))).body.includes('评论已修改'));
  const page = await g.get(`/news/${a.id}/comments`);
  assert.ok(page.body.includes('更正：大桥今天通车') && !page.body.includes('大桥下周通车'), 'the cached page was purged');
  assert.ok((await g.get(`/news/${a.id}.html`)).body.includes('更正：大桥今天通车'));
  assert.equal((await z.comments.get(c.id))!.floor, 1, 'the floor stays');

  // Someone else's comment cannot be edited or deleted; guests are sent to log in; no token, no change.
  const bob = await loginAs(z, 'bob');
  assert.equal((await bob.get(`/member/comments/${c.id}/edit`)).statusCode, 404);
  assert.equal((await bob.post(`/member/comments/${c.id}/edit`, { body: '鲍勃改的' })).statusCode, 404);
  assert.equal((await bob.post(`/member/comments/${c.id}/delete`)).statusCode, 404);
  assert.equal((await guest(z).post(`/member/comments/${c.id}/delete`)).statusCode, 303);
  await alice.post(`/member/comments/${c.id}/edit`, { body: '没有令牌的修改' }, { withoutToken: true });
  assert.equal((await z.comments.get(c.id))!.body, '更正：大桥今天通车');

  // After the window: refused with a clear message, the text kept.
  z.clock.advance(6 * 60_000);
  const late = await alice.post(`/member/comments/${c.id}/edit`, { body: '太晚的修改' });
  assert.equal(late.statusCode, 409);
  assert.ok(late.body.includes('超过10分钟'));
  assert.equal((await z.comments.get(c.id))!.body, '更正：大桥今天通车');
  assert.ok(!(await alice.get('/member/comments/')).body.includes(`/member/comments/${c.id}/edit`), 'no 修改 link once the window closed');
});

test('an edit is checked for banned words like a new comment: held, or refused', async (t) => {
  const { z, a } = await setup(t);
  await z.bannedWords.add('代开发票');
  const alice = await loginAs(z, 'alice');
  await alice.post(`/news/${a.id}/comments`, { body: '正常的评论' });
  const c = await latest(z, a.id);
  assert.equal(await count(z, a.id), 1);
  const r = await alice.post(`/member/comments/${c.id}/edit`, { body: '需要代开发票的联系我' });
  assert.equal(r.headers.location, `/member/comments/?done=held#c${c.id}`);
  assert.equal((await z.comments.get(c.id))!.status, 'pending');
  assert.equal(await count(z, a.id), 0);
  assert.ok(!(await guest(z).get(`/news/${a.id}/comments`)).body.includes('代开发票'), 'held text is not shown');
  const admin = await loginAs(z, 'boss', 'admin');
  assert.ok((await admin.get('/admin/comments/?status=pending')).body.includes('命中违禁词：代开发票'), '评论管理 names the word that held it');

  await z.settings.update({ bannedWordAction: 'reject' });
  z.clock.advance(20_000);
  await alice.post(`/news/${a.id}/comments`, { body: '另一条评论' });
  const d = await latest(z, a.id);
  const refused = await alice.post(`/member/comments/${d.id}/edit`, { body: '代开发票' });
  assert.equal(refused.statusCode, 422);
  assert.ok(refused.body.includes('违禁词'));
  assert.equal((await z.comments.get(d.id))!.body, '另一条评论');
});

test('a member deletes their own comment: its floor reads 该评论已被作者删除 and replies still make sense', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  await alice.post(`/news/${a.id}/comments`, { body: '要删掉的评论' });
  const c = await latest(z, a.id);
  await bob.post(`/news/${a.id}/comments`, { body: '回复一楼', parent: String(c.id) });
  z.clock.advance(20_000);
  await bob.post(`/news/${a.id}/comments`, { body: '第三楼' });
  const g = guest(z);
  assert.ok((await g.get(`/news/${a.id}/comments`)).body.includes('要删掉的评论'));

  const r = await alice.post(`/member/comments/${c.id}/delete`);
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, '/member/comments/?done=removed');
  assert.equal((await z.comments.get(c.id))!.status, 'removed');
  assert.equal(await count(z, a.id), 2);
  const page = (await g.get(`/news/${a.id}/comments?order=oldest`)).body;
  assert.ok(!page.includes('要删掉的评论'), 'the text is gone');
  assert.ok(page.includes('该评论已被作者删除'));
  assert.deepEqual(
    [...page.matchAll(/<span class="floor">(\d+)楼<\/span>/g)].map((m) => Number(m[1])),
    [1, 2, 3],
    'floors stay consecutive',
  );
  assert.ok(page.includes('引用的 1楼 评论已被作者删除'), 'the reply says what happened to what it quotes');
  assert.ok((await g.get(`/news/${a.id}.html`)).body.includes('该评论已被作者删除'), 'the article page was purged');
  // Deleted once: 删除 again is refused, and it cannot be edited or liked.
  assert.equal((await alice.post(`/member/comments/${c.id}/delete`)).statusCode, 409);
  assert.equal((await alice.post(`/member/comments/${c.id}/edit`, { body: '复活' })).statusCode, 409);
  assert.equal((await bob.post(`/comments/${c.id}/like`)).statusCode, 404);
});

test('comments show the member 昵称 as it is now; guests keep the nickname they typed', async (t) => {
  const { z, a } = await setup(t, { guestComments: true });
  const alice = await loginAs(z, 'alice');
  await alice.post(`/news/${a.id}/comments`, { body: '改名前写的评论' });
  const c = await latest(z, a.id);
  z.clock.advance(20_000);
  await guest(z).post(`/news/${a.id}/comments`, { body: '游客回复', nickname: '路人甲', parent: String(c.id) });
  const g = guest(z);
  assert.ok((await g.get(`/news/${a.id}/comments`)).body.includes('引用 1楼 alice 的评论'));

  // The members feature reports the change; main.ts has comments renew the pages with her comments.
  await z.members.accounts.updateProfile(alice.member!.id, { displayName: '青川阿丽', email: 'alice@example.com', bio: '' });
  const page = (await g.get(`/news/${a.id}/comments`)).body;
  assert.ok(page.includes('<span class="nick">青川阿丽</span>'), 'the comment shows the new 昵称');
  assert.ok(page.includes('引用 1楼 青川阿丽 的评论'), 'so does the quote in the reply');
  assert.ok(page.includes('<span class="nick">路人甲</span>'));
  assert.ok((await g.get(`/news/${a.id}.html`)).body.includes('青川阿丽'), 'the article page too');
});
