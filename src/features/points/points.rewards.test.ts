import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, TEST_PASSWORD, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

const history = async (z: TestApp, memberId: number) => (await z.points.history(memberId, { limit: 100, offset: 0 })).items;

test('signing up earns the sign-up reward once; the first password log-in of each Beijing day earns the log-in reward', async (t) => {
  const z = await app(t);
  const c = guest(z);
  const form = await c.get('/member/register');
  const ft = /name="_ft" value="([^"]+)"/.exec(form.body)![1]!;
  z.clock.advance(4000);
  const res = await c.post('/member/register', {
    username: 'xinren',
    password: 'qingchuan2026',
    confirm: 'qingchuan2026',
    email: 'xinren@example.com',
    website: '',
    _ft: ft,
  });
  assert.equal(res.statusCode, 303);
  const m = (await z.members.byUsername('xinren'))!;
  // Signing up logs the member in: that is the day's first log-in too.
  assert.equal(await z.points.balance(m.id), 55);
  assert.equal((await z.points.transactionByKey(`reward:register:${m.id}`))?.reason, 'reward.register');
  // The hook firing again (a retried event) grants nothing more.
  assert.equal(await z.points.reward(m.id, 'register', { type: 'member', id: m.id }), 0);

  const login = () => guest(z).post('/member/login', { username: 'xinren', password: 'qingchuan2026' });
  assert.equal((await login()).statusCode, 303);
  assert.equal((await login()).statusCode, 303);
  assert.equal(await z.points.balance(m.id), 55, 'one log-in reward per day');
  // 08:00 UTC is 16:00 in Beijing; 16:30 UTC is 00:30 the next day there.
  z.clock.advance(8.5 * 3600_000);
  await login();
  assert.equal(await z.points.balance(m.id), 60);
  const h = await history(z, m.id);
  assert.deepEqual(
    h.map((e) => [e.reason, e.amount]),
    [
      ['reward.login', 5],
      ['reward.login', 5],
      ['reward.register', 50],
    ],
  );
  assert.match(h[0]!.memo, /2026-11-28 首次登录/);
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('every way a session starts counts as the day’s log-in: the fresh session after a password change too, once a day', async (t) => {
  const z = await app(t);
  const me = await loginAs(z, 'reader1'); // a session made by the test harness: no log-in recorded
  assert.equal(await z.points.balance(me.member!.id), 0);
  const NEW = 'brand-new-pass-9';
  const changed = await me.post('/member/password', { current: TEST_PASSWORD, password: NEW, confirm: NEW });
  assert.equal(changed.statusCode, 303);
  assert.equal(await z.points.balance(me.member!.id), 5, 'the fresh session is the day’s first log-in');
  assert.ok((await z.dbh.db.selectFrom('members').select('last_login_at').where('id', '=', me.member!.id).executeTakeFirstOrThrow()).last_login_at);
  // A password log-in the same Beijing day earns nothing more.
  assert.equal((await guest(z).post('/member/login', { username: 'reader1', password: NEW })).statusCode, 303);
  assert.equal(await z.points.balance(me.member!.id), 5);
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('an approved article rewards its author; taking it down over a report takes the reward back', async (t) => {
  const z = await app(t);
  await makeCategory(z, { slug: 'local', name: '本地' });
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const fields = {
    title: '青川新开一条公交线路',
    category: 'local',
    summary: '新线路连接高铁站和老城区。',
    body: '<p>正文第一段。</p>',
    tags: '公交',
    source: '',
  };
  const sub = await alice.post('/member/articles/new', { ...fields, op: 'submit' });
  assert.equal(sub.statusCode, 303, sub.body.slice(0, 200));
  const id = Number(/id=(\d+)/.exec(String(sub.headers.location))![1]);
  assert.equal(await z.points.balance(alice.member!.id), 0, 'nothing for a submission');
  const ok = await editor.post(`/admin/review/${id}/approve`, { ...fields, recommendLevel: '0', publishAt: '', op: 'approve' });
  assert.equal(ok.statusCode, 303);
  assert.equal(await z.points.balance(alice.member!.id), 20);
  const [entry] = await history(z, alice.member!.id);
  assert.equal(entry!.memo, '文章《青川新开一条公交线路》通过审核');
  assert.equal(z.points.refLink(entry!.refType, entry!.refId), `/news/${id}.html`);

  // Alice spends 15 of her 20 points; then the article is taken down: 5 can be taken back, 15 cannot.
  await z.dbh.tx((trx) =>
    z.points.post(trx, {
      reason: 'mall.redeem',
      postings: [
        { account: { member: alice.member!.id }, amount: -15 },
        { account: { system: 'sink' }, amount: 15 },
      ],
    }),
  );
  await guest(z).post('/report/', { article: String(id), reason: 'false_info', description: '' });
  const report = await z.dbh.db.selectFrom('reports').select('id').executeTakeFirstOrThrow();
  const res = await editor.post(`/admin/reports/${report.id}`, { decision: 'resolve', hide: '1', note: '不实', upTo: String(report.id) });
  assert.equal(res.statusCode, 303);
  assert.equal(await z.points.balance(alice.member!.id), 0, 'never below zero');
  const [rev] = await history(z, alice.member!.id);
  assert.equal(rev!.reason, 'reward.reverse');
  assert.equal(rev!.amount, -5);
  assert.equal(rev!.memo, '内容因违规被处理，应撤回 20 积分，余额不足，实际撤回 5 积分');
  // A second removal of the same content takes nothing more.
  assert.equal(await z.points.reverseRewards({ type: 'article', id }, editor.member!.id), 0);
  assert.deepEqual((await z.points.verify()).problems, []);
});

/** Alice's article, submitted and approved by an editor: she holds its 20-point reward. */
async function approvedArticle(z: TestApp, title: string) {
  if (!(await z.categories.all()).some((c) => c.slug === 'local')) await makeCategory(z, { slug: 'local', name: '本地' });
  z.clock.advance(600_000); // past the member's minimum interval between submissions
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const fields = { title, category: 'local', summary: '摘要。', body: '<p>正文。</p>', tags: '', source: '' };
  const sub = await alice.post('/member/articles/new', { ...fields, op: 'submit' });
  assert.equal(sub.statusCode, 303, sub.body.slice(0, 300));
  const id = Number(/id=(\d+)/.exec(String(sub.headers.location))![1]);
  const ok = await editor.post(`/admin/review/${id}/approve`, { ...fields, recommendLevel: '0', publishAt: '', op: 'approve' });
  assert.equal(ok.statusCode, 303);
  return { id, alice: alice.member!, editor };
}

test('deleting an approved article from the admin article list takes its reward back, never below zero', async (t) => {
  const z = await app(t);
  const { id, alice, editor } = await approvedArticle(z, '青川老街改造完工');
  assert.equal(await z.points.balance(alice.id), 20);
  // Alice spends 12 of her 20 points first: only 8 can be taken back.
  await z.dbh.tx((trx) =>
    z.points.post(trx, {
      reason: 'mall.redeem',
      postings: [
        { account: { member: alice.id }, amount: -12 },
        { account: { system: 'sink' }, amount: 12 },
      ],
    }),
  );
  const res = await editor.post(`/admin/articles/${id}/delete`, {});
  assert.equal(res.statusCode, 303);
  assert.equal(await z.points.balance(alice.id), 0, 'never below zero');
  const [rev] = await history(z, alice.id);
  assert.equal(rev!.reason, 'reward.reverse');
  assert.equal(rev!.amount, -8);
  assert.equal(rev!.refId, String(id));
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('a plain 下架 keeps the reward; deleting what was live, in the console or over the API, reverses it once', async (t) => {
  const z = await app(t);
  const first = await approvedArticle(z, '青川新建三所小学');
  const second = await approvedArticle(z, '青川地铁二号线开工');
  assert.equal(await z.points.balance(first.alice.id), 40);
  // 文章管理 → 编辑: status set back to draft.
  const form = await first.editor.get(`/admin/articles/${first.id}/edit`);
  assert.equal(form.statusCode, 200);
  const a = (await z.articles.getAny(first.id))!;
  const edit = await first.editor.post(`/admin/articles/${first.id}/edit`, {
    title: a.title,
    subtitle: '',
    summary: a.summary,
    body: a.body,
    category: 'local',
    tags: '',
    source: '',
    sourceUrl: '',
    cover: '',
    recommendLevel: '0',
    publishedAt: '',
    status: 'draft',
  });
  assert.equal(edit.statusCode, 303, edit.body.slice(0, 300));
  assert.equal((await z.articles.getAny(first.id))!.status, 'draft');
  assert.equal(await z.points.balance(first.alice.id), 40, 'taken off the site for now: no sanction');
  // Deleting the unpublished article is one: the reward goes, once.
  await first.editor.post(`/admin/articles/${first.id}/delete`, {});
  assert.equal(await z.points.balance(first.alice.id), 20);

  // DELETE /api/v1/articles/:id with an editor's token.
  await z.members.create({ username: 'api_ed', role: 'editor' });
  const token = await z.members.createToken('api_ed');
  const del = await z.app.inject({ method: 'DELETE', url: `/api/v1/articles/${second.id}`, headers: { authorization: `Bearer ${token}` } });
  assert.equal(del.statusCode, 204);
  assert.equal(await z.points.balance(first.alice.id), 0);
  assert.deepEqual(
    (await history(z, first.alice.id)).map((e) => [e.reason, e.amount]),
    [
      ['reward.reverse', -20],
      ['reward.reverse', -20],
      ['reward.article', 20],
      ['reward.article', 20],
    ],
  );
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('comments: a member earns the reward when the comment is approved, up to the daily cap; hiding it takes the reward back', async (t) => {
  const z = await app(t);
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  await z.settings.update({ commentModeration: 'pre' });
  await z.points.saveRules([{ rule: 'comment', points: 3, dailyCap: 7 }]);
  const alice: Client = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'bianji', 'editor');
  const ids: number[] = [];
  for (let i = 0; i < 4; i++) {
    assert.equal((await alice.post(`/news/${a.id}/comments`, { body: `第${i + 1}条评论，说说公交线路` })).statusCode, 303);
    ids.push((await z.comments.forStaff({ articleId: a.id }, 1, 1)).items[0]!.id);
    z.clock.advance(60_000);
  }
  assert.equal(await z.points.balance(alice.member!.id), 0, 'pending comments earn nothing');
  for (const id of ids) assert.equal((await editor.post('/admin/comments/moderate', { action: `approve:${id}` })).statusCode, 303);
  // 3 + 3 + 1 (trimmed to the cap of 7) + 0.
  assert.equal(await z.points.balance(alice.member!.id), 7);
  const memos = (await history(z, alice.member!.id)).map((e) => e.memo);
  assert.ok(memos.some((m) => m.includes('已达每日上限，本次只发放 1 积分')));

  // Staff comments and the editor's own approvals do not pay the editor; guests have no account.
  assert.equal(await z.points.balance(editor.member!.id), 0);

  assert.equal((await editor.post('/admin/comments/moderate', { action: `hide:${ids[0]}` })).statusCode, 303);
  assert.equal(await z.points.balance(alice.member!.id), 4);
  // Restoring it does not pay again.
  await editor.post('/admin/comments/moderate', { action: `restore:${ids[0]}` });
  assert.equal(await z.points.balance(alice.member!.id), 4);
  assert.deepEqual((await z.points.verify()).problems, []);
  void TEST_PASSWORD;
});

test('a switched-off rule (0 points) grants nothing', async (t) => {
  const z = await app(t);
  await z.points.saveRules([{ rule: 'login', points: 0, dailyCap: 0 }]);
  const m = await z.members.create({ username: 'quiet', role: 'member', password: TEST_PASSWORD, email: 'quiet@example.com' });
  assert.equal((await guest(z).post('/member/login', { username: 'quiet', password: TEST_PASSWORD })).statusCode, 303);
  assert.equal(await z.points.balance(m.id), 0);
  assert.equal(await z.points.reward(m.id, 'login'), 0);
});
