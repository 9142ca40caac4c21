import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from './test/app.ts';
import { loginAs } from './test/session.ts';
import { makeArticle, makeCategory } from './test/factories.ts';

// What the composition root wires between features.

test('a member who stays logged in for days still gets each day’s first log-in: 上次登录 and the daily reward', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const me = await loginAs(z, 'reader1');
  const id = me.member!.id;
  const lastLogin = async () => (await z.dbh.db.selectFrom('members').select('last_login_at').where('id', '=', id).executeTakeFirstOrThrow()).last_login_at;
  await z.members.accounts.recordLogin(id); // the password log-in that started the session
  assert.equal(await z.points.balance(id), 5);
  const first = await lastLogin();
  assert.ok((await me.get('/member/')).body.includes('积分余额：5'), 'the member home shows the balance');
  assert.equal(await z.points.balance(id), 5, 'the same day: nothing more');

  z.clock.advance(24 * 3600_000);
  // The harness's sessions last an hour: a new one stands for the session kept since yesterday.
  const kept = await loginAs(z, 'reader1');
  const home = await kept.get('/member/');
  assert.equal(await z.points.balance(id), 10, 'the first request of the next day counts as its log-in');
  assert.ok(home.body.includes('积分余额：10'));
  assert.notEqual(await lastLogin(), first);
  await kept.get('/member/points/');
  assert.equal(await z.points.balance(id), 10, 'once a day');
  assert.deepEqual((await z.points.verify()).problems, []);
});

/** alice's visible comment, which earned her the comment reward of 3 points. */
async function commentWithReward(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.points.saveRules([{ rule: 'comment', points: 3, dailyCap: 30 }]);
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug });
  const alice = await loginAs(z, 'alice');
  await alice.post(`/news/${a.id}/comments`, { body: '好消息' });
  const [c] = (await z.comments.forArticle(a.id, 'newest', 1, 10)).items;
  return { z, alice, id: alice.member!.id, c: c! };
}

test('a member cannot delete a comment whose reward they have spent elsewhere; with the points back, it goes and so do they', async (t) => {
  const { z, alice, id, c } = await commentWithReward(t);
  assert.equal(await z.points.balance(id), 3, 'the comment earned its reward');
  // The points are spent (here: taken by an adjustment, as a pending order or bid would hold them).
  await z.points.adjust({ actorId: id, memberId: id, amount: -3, reason: '兑换' });
  const refused = await alice.post(`/member/comments/${c.id}/delete`);
  assert.equal(refused.statusCode, 409);
  assert.ok(refused.body.includes('删除这条评论要退回它获得的 3 积分'));
  assert.equal((await z.comments.get(c.id))!.status, 'visible', 'still there');
  await z.points.adjust({ actorId: id, memberId: id, amount: 5, reason: '退款' });
  assert.equal((await alice.post(`/member/comments/${c.id}/delete`)).statusCode, 303);
  assert.equal((await z.comments.get(c.id))!.status, 'removed');
  assert.equal(await z.points.balance(id), 2, 'the reward was taken back');
  const [last] = (await z.points.history(id, { limit: 1, offset: 0 })).items;
  assert.equal(last?.memo, '内容已由作者删除，退回奖励 3 积分', 'said as what it is, not as a violation');
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('deleting a rewarded comment while the same points are being spent: either the deletion takes the whole reward back or it is refused', async (t) => {
  const { z, alice, id, c } = await commentWithReward(t);
  const [deletion, spend] = await Promise.allSettled([
    alice.post(`/member/comments/${c.id}/delete`),
    z.points.adjust({ actorId: id, memberId: id, amount: -3, reason: '兑换' }),
  ]);
  assert.equal(deletion.status, 'fulfilled');
  const removed = (await z.comments.get(c.id))!.status === 'removed';
  const spent = spend.status === 'fulfilled';
  assert.ok(removed !== spent, `exactly one of them goes through (removed: ${removed}, spent: ${spent})`);
  if (removed) assert.equal(deletion.value.statusCode, 303);
  else assert.equal(deletion.value.statusCode, 409);
  assert.equal(await z.points.balance(id), 0, 'the 3 points went once: to the reversal or to the spend');
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('a reward staff already took back (as far as the balance went) does not block the author deleting the comment', async (t) => {
  const { z, alice, id, c } = await commentWithReward(t);
  const editor = await loginAs(z, 'ed', 'editor');
  await z.points.adjust({ actorId: id, memberId: id, amount: -2, reason: '兑换' });
  await editor.post('/admin/comments/moderate', { action: `hide:${c.id}` }); // takes back the 1 point left
  await editor.post('/admin/comments/moderate', { action: `restore:${c.id}` });
  assert.equal(await z.points.balance(id), 0);
  assert.equal((await alice.post(`/member/comments/${c.id}/delete`)).statusCode, 303, 'nothing is left to take back');
  assert.deepEqual((await z.points.verify()).problems, []);
});
