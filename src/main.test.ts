import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from './test/app.ts';
import { loginAs } from './test/session.ts';

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
