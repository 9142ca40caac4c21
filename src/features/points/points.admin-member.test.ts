import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

const adjustKey = (html: string) => /name="key" value="([^"]+)"/.exec(html)![1]!;

test('an admin sees one member’s balance on the member page and their 积分明细, paginated; editors and members cannot', async (t) => {
  const z = await app(t);
  const alice = (await z.members.create({ username: 'alice', role: 'member' })).id;
  for (let i = 0; i < 21; i++) {
    z.clock.advance(86_400_000);
    await z.points.reward(alice, 'login');
  }
  await z.points.adjust({ actorId: alice, memberId: alice, amount: 7, reason: '测试发放' });
  const boss = await loginAs(z, 'boss', 'admin'); // after the clock moved: sessions last an hour

  const member = await boss.get(`/admin/members/${alice}`);
  assert.equal(member.statusCode, 200);
  assert.match(member.body, /<strong class="member-points">112<\/strong>/, 'the balance on the member page');
  assert.ok(member.body.includes(`href="/admin/points/members/${alice}"`), 'linked to the member’s 积分明细');

  const ledger = await boss.get('/admin/points/');
  assert.ok(ledger.body.includes(`href="/admin/points/members/${alice}"`), 'the top list links to each member’s 积分明细');

  const p1 = await boss.get(`/admin/points/members/${alice}`);
  assert.equal(p1.statusCode, 200);
  assert.ok(p1.body.includes('alice 的积分明细'));
  assert.match(p1.body, /当前积分：<strong class="points-balance-n">112<\/strong>/);
  assert.ok(p1.body.includes('共 22 条') && p1.body.includes('管理员调整') && p1.body.includes('+7'));
  assert.ok(p1.body.includes(`href="/admin/points/members/${alice}?page=2"`), 'paginated');
  const p2 = await boss.get(`/admin/points/members/${alice}?page=2`);
  assert.equal(p2.statusCode, 200);
  assert.ok(p2.body.includes('每日登录奖励') && !p2.body.includes('管理员调整'));
  assert.equal((await boss.get(`/admin/points/members/${alice}?page=3`)).statusCode, 404);
  assert.equal((await boss.get('/admin/points/members/99999')).statusCode, 404);
  assert.equal((await boss.get('/admin/points/members/abc')).statusCode, 404);

  assert.equal((await (await loginAs(z, 'ed', 'editor')).get(`/admin/points/members/${alice}`)).statusCode, 403);
  assert.equal((await (await loginAs(z, 'bob', 'member')).get(`/admin/points/members/${alice}`)).statusCode, 403);
});

test('积分账本: full-width digits adjust like ASCII ones; a date range that ends before it starts is a field error', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'boss', 'admin');
  const alice = (await z.members.create({ username: 'alice', role: 'member' })).id;
  const page = await admin.get('/admin/points/');
  const r = await admin.post('/admin/points/adjust', { username: 'alice', amount: '１５０', reason: '活动奖励', key: adjustKey(page.body) });
  assert.equal(r.statusCode, 303, r.body);
  assert.equal(await z.points.balance(alice), 150);
  const minus = await admin.post('/admin/points/adjust', { username: 'alice', amount: '－５０', reason: '扣除', key: 'k-fullwidth-minus' });
  assert.equal(minus.statusCode, 303, minus.body);
  assert.equal(await z.points.balance(alice), 100);
  const bad = await admin.post('/admin/points/adjust', { username: 'alice', amount: '１.５', reason: '扣除', key: 'k-bad' });
  assert.equal(bad.statusCode, 422);

  const reversed = await admin.get('/admin/points/?from=2026-11-20&to=2026-11-01');
  assert.equal(reversed.statusCode, 422);
  assert.ok(reversed.body.includes('开始日期不能晚于结束日期'));
  assert.ok(reversed.body.includes('value="2026-11-20"') && reversed.body.includes('value="2026-11-01"'), 'what was typed is kept');
  assert.equal((await admin.get('/admin/points/?from=2026-11-01&to=2026-11-01')).statusCode, 200, 'one day is a range');
});
