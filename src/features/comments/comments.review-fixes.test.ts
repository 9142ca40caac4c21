import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }, settings: Record<string, unknown> = {}) {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'city', name: '城市新闻' });
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  if (Object.keys(settings).length) await z.settings.update(settings);
  return { z, a };
}

const floorsIn = (html: string) => [...html.matchAll(/<span class="floor">(\d+)楼<\/span>/g)].map((m) => Number(m[1]));
const latest = async (z: TestApp, articleId: number) => (await z.comments.forStaff({ articleId }, 1, 1)).items[0]!;

test('a held comment takes no floor until it is approved: readers see 1楼, 2楼, 3楼', async (t) => {
  const { z, a } = await setup(t);
  await z.bannedWords.add('代开发票');
  const [u1, u2, u3] = await Promise.all(['alice', 'bob', 'carol'].map((n) => loginAs(z, n)));
  await u1!.post(`/news/${a.id}/comments`, { body: '第一条' });
  await u2!.post(`/news/${a.id}/comments`, { body: '代开发票找我' });
  const held = await latest(z, a.id);
  assert.equal(held.status, 'pending');
  await u3!.post(`/news/${a.id}/comments`, { body: '第三条' });
  const g = guest(z);
  assert.deepEqual(floorsIn((await g.get(`/news/${a.id}/comments?order=oldest`)).body), [1, 2]);

  const editor = await loginAs(z, 'bianji', 'editor');
  await editor.post('/admin/comments/moderate', { action: `approve:${held.id}` });
  assert.equal((await z.comments.get(held.id))!.floor, 3, 'the floor is given when it shows');
  assert.deepEqual(floorsIn((await g.get(`/news/${a.id}/comments?order=oldest`)).body), [1, 2, 3]);
});

test('guest nicknames: a member name is refused, and quotes of guest comments carry the 游客 badge', async (t) => {
  const { z, a } = await setup(t, { guestComments: true });
  await loginAs(z, 'bobby');
  const g = guest(z);
  const taken = await g.post(`/news/${a.id}/comments`, { body: '冒充会员', nickname: 'bobby' });
  assert.equal(taken.statusCode, 422);
  assert.ok(taken.body.includes('这个昵称已被本站会员使用'));
  const gb = await g.post('/guestbook/', { nickname: 'bobby', contact: '', body: '冒充会员留言' });
  assert.equal(gb.statusCode, 422);
  assert.ok(gb.body.includes('这个昵称已被本站会员使用'));

  assert.equal((await g.post(`/news/${a.id}/comments`, { body: '游客的评论', nickname: '路人甲' })).statusCode, 303);
  const c = await latest(z, a.id);
  await (await loginAs(z, 'alice')).post(`/news/${a.id}/comments`, { body: '回复游客', parent: String(c.id) });
  const page = (await g.get(`/news/${a.id}/comments`)).body;
  assert.ok(page.includes('引用 1楼 路人甲<span class="guest-badge">游客</span> 的评论'), 'the quote marks the guest');
});

test('guest nicknames: reserved names (管理员, admin) and members 昵称 are refused', async (t) => {
  const { z, a } = await setup(t, { guestComments: true });
  await z.members.create({ username: 'laowang', displayName: '隔壁老王' });
  const g = guest(z);
  for (const nickname of ['管理员', '本站管理员', 'admin', '隔壁老王']) {
    z.clock.advance(20_000);
    const r = await g.post(`/news/${a.id}/comments`, { body: `以${nickname}的名义`, nickname });
    assert.equal(r.statusCode, 422, nickname);
    z.clock.advance(20_000);
    assert.equal((await g.post('/guestbook/', { nickname, contact: '', body: `以${nickname}的名义留言` })).statusCode, 422, nickname);
  }
});

test('顶: refused on an offline article (JSON stays JSON) and on one own comment', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  await alice.post(`/news/${a.id}/comments`, { body: '自己的评论' });
  const c = await latest(z, a.id);
  const json = (client: typeof alice, id: number) =>
    z.app.inject({
      method: 'POST',
      url: `/comments/${id}/like`,
      headers: { cookie: client.cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${client.csrf}`,
    });
  const own = await json(alice, c.id);
  assert.equal(own.statusCode, 403);
  assert.equal(JSON.parse(own.body).error.message, '不能顶自己的评论');
  assert.equal((await alice.post(`/comments/${c.id}/like`)).statusCode, 403);
  assert.equal((await z.comments.get(c.id))!.likes, 0);

  const bob = await loginAs(z, 'bob');
  const missing = await json(bob, 999999);
  assert.equal(missing.statusCode, 404);
  assert.match(String(missing.headers['content-type']), /application\/json/);
  assert.equal(JSON.parse(missing.body).error.code, 'comment_not_found');

  await z.articles.update(a.id, { status: 'draft' });
  const offline = await json(bob, c.id);
  assert.equal(offline.statusCode, 404);
  assert.match(String(offline.headers['content-type']), /application\/json/);
  assert.equal((await z.comments.get(c.id))!.likes, 0, 'no like on a comment of an offline article');
});

test('the comments page breadcrumb names the article category', async (t) => {
  const { z, a } = await setup(t);
  await (await loginAs(z, 'alice')).post(`/news/${a.id}/comments`, { body: '面包屑' });
  const page = (await guest(z).get(`/news/${a.id}/comments`)).body;
  const crumbs = /<nav class="breadcrumb"[^>]*>([\s\S]*?)<\/nav>/.exec(page)?.[1] ?? '';
  assert.ok(crumbs.includes('<a href="/category/city/">城市新闻</a>'), crumbs);
  assert.ok(crumbs.indexOf('城市新闻') < crumbs.indexOf('青川大桥今日通车'));
  const mobile = (await guest(z).get(`/mobile/news/${a.id}/comments`)).body;
  assert.ok(mobile.includes('<a href="/mobile/category/city/">城市新闻</a>'));
});

test('评论管理 filters by member, IP and keyword', async (t) => {
  const { z, a } = await setup(t);
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  await alice.post(`/news/${a.id}/comments`, { body: '爱丽丝说桥很好' });
  await bob.post(`/news/${a.id}/comments`, { body: '鲍勃说100%满意' }, { headers: { 'x-forwarded-for': '10.1.2.3' } });
  const bobComment = await latest(z, a.id);
  const admin = await loginAs(z, 'boss', 'admin');
  const byMember = (await admin.get('/admin/comments/?member=alice')).body;
  assert.ok(byMember.includes('爱丽丝说桥很好') && !byMember.includes('鲍勃说'));
  assert.ok(byMember.includes('name="member" value="alice"'), 'the filter keeps what was typed');
  const nobody = (await admin.get('/admin/comments/?member=nobody')).body;
  assert.ok(!nobody.includes('爱丽丝说') && !nobody.includes('鲍勃说'));
  const byKeyword = (await admin.get(`/admin/comments/?q=${encodeURIComponent('100%')}`)).body;
  assert.ok(byKeyword.includes('鲍勃说100%满意') && !byKeyword.includes('爱丽丝说'));
  const byIp = (await admin.get(`/admin/comments/?ip=${encodeURIComponent(bobComment.ip)}`)).body;
  assert.ok(byIp.includes('鲍勃说'));
  const otherIp = (await admin.get('/admin/comments/?ip=203.0.113.9')).body;
  assert.ok(!otherIp.includes('鲍勃说') && !otherIp.includes('爱丽丝说'));
});
