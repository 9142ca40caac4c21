import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function app(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  return z;
}

const adjustKey = (html: string) => /name="key" value="([^"]+)"/.exec(html)![1]!;
const ledgerCount = async (z: TestApp) => (await z.points.verify()).transactions;

test('我的积分 shows the balance and the history with reasons, memos and links; guests are sent to log in', async (t) => {
  const z = await app(t);
  const id = (await z.members.create({ username: 'alice', role: 'member' })).id;
  const article = await makeArticle(z, { category: (await makeCategory(z)).slug, title: '青川大桥', author: 'alice' });
  await z.points.reward(id, 'article', { type: 'article', id: article.id }, { memo: '文章《青川大桥》通过审核' });
  for (let i = 0; i < 21; i++) {
    z.clock.advance(86_400_000);
    await z.points.reward(id, 'login');
  }
  await z.dbh.tx((trx) =>
    z.points.post(trx, {
      reason: 'mall.redeem',
      memo: '兑换<保温杯>',
      ref: { type: 'unknown_thing', id: 1 },
      postings: [
        { account: { member: id }, amount: -30 },
        { account: { system: 'sink' }, amount: 30 },
      ],
    }),
  );

  const alice = await loginAs(z, 'alice'); // after the clock moved: sessions last an hour
  const g = await guest(z).get('/member/points/');
  assert.equal(g.statusCode, 303);
  assert.match(String(g.headers.location), /^\/member\/login/);

  const p1 = await alice.get('/member/points/');
  assert.equal(p1.statusCode, 200);
  assert.match(p1.body, /当前积分：<strong class="points-balance-n">95<\/strong>/);
  assert.ok(p1.body.includes('积分换礼') && p1.body.includes('-30'), 'the newest entry first');
  assert.ok(p1.body.includes('兑换&lt;保温杯&gt;'), 'memos are escaped');
  assert.ok(p1.body.includes('每日登录奖励') && p1.body.includes('+5'));
  assert.ok(p1.body.includes('href="/member/points/?page=2"'));
  assert.ok(p1.body.includes('href="/member/points/"'), 'the member centre menu has 我的积分');

  const p2 = await alice.get('/member/points/?page=2');
  assert.equal(p2.statusCode, 200);
  assert.ok(p2.body.includes('文章通过审核奖励') && p2.body.includes('文章《青川大桥》通过审核'));
  assert.ok(p2.body.includes(`href="/news/${article.id}.html"`), 'a link to what caused it');
  assert.equal((await alice.get('/member/points/?page=9')).statusCode, 404);
  assert.equal((await alice.get('/member/points/?page=x')).statusCode, 404);

  const bob = await loginAs(z, 'bob');
  const empty = await bob.get('/member/points/');
  assert.ok(empty.body.includes('还没有积分记录') && !empty.body.includes('保温杯'), 'each member sees only their own');
});

test('积分账本: an admin adjusts a balance with a required reason (audited, applied once per form); bad input is refused', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'root', 'admin');
  const editor = await loginAs(z, 'ed', 'editor');
  const alice = await loginAs(z, 'alice');
  assert.equal((await editor.get('/admin/points/')).statusCode, 403);
  assert.equal((await editor.post('/admin/points/adjust', { username: 'alice', amount: '100', reason: 'x' })).statusCode, 403);
  assert.equal((await alice.get('/admin/points/rules')).statusCode, 403);

  const page = await admin.get('/admin/points/');
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('调整会员积分') && page.body.includes('发放账户'));
  const key = adjustKey(page.body);

  const ok = await admin.post('/admin/points/adjust', { username: 'alice', amount: '100', reason: '活动奖励', key });
  assert.equal(ok.statusCode, 303);
  assert.equal(await z.points.balance(alice.member!.id), 100);
  const flash = await admin.get(String(ok.headers.location));
  assert.ok(flash.body.includes('已为 alice 调整 +100 积分，当前余额 100'));
  // The same form submitted again (double click, retry) is applied once.
  assert.equal((await admin.post('/admin/points/adjust', { username: 'alice', amount: '100', reason: '活动奖励', key })).statusCode, 303);
  assert.equal(await z.points.balance(alice.member!.id), 100);
  const audit = (await z.audit.list({ limit: 10, offset: 0, action: 'points.adjust' })).items;
  assert.equal(audit.length, 1);
  assert.deepEqual(
    [audit[0]!.actorId, audit[0]!.targetId, audit[0]!.detail.amount, audit[0]!.detail.reason],
    [admin.member!.id, alice.member!.id, 100, '活动奖励'],
  );

  const before = await ledgerCount(z);
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ username: 'alice', amount: '50', reason: '  ' }, /请填写调整原因/],
    [{ username: 'alice', amount: '', reason: '测试' }, /请输入积分数量/],
    [{ username: 'alice', amount: '0', reason: '测试' }, /积分数量不能为 0/],
    [{ username: 'alice', amount: '1.5', reason: '测试' }, /积分数量必须是整数/],
    [{ username: 'alice', amount: 'abc', reason: '测试' }, /积分数量必须是数字/],
    [{ username: 'alice', amount: 'NaN', reason: '测试' }, /积分数量必须是数字/],
    [{ username: 'alice', amount: '99999999999', reason: '测试' }, /积分数量过大/],
    [{ username: 'alice', amount: '1e3', reason: '测试' }, /积分数量必须是数字/],
    [{ username: 'alice', amount: '0x10', reason: '测试' }, /积分数量必须是数字/],
    [{ username: 'nobody', amount: '5', reason: '测试' }, /找不到该会员/],
    [{ username: '', amount: '5', reason: '测试' }, /请填写会员用户名/],
  ];
  for (const [fields, msg] of bad) {
    const r = await admin.post('/admin/points/adjust', { ...fields, key: `k-${Math.random()}` });
    assert.equal(r.statusCode, 422, JSON.stringify(fields));
    assert.match(r.body, msg);
    if (fields.reason!.trim()) assert.ok(r.body.includes(`value="${fields.reason}"`), 'the input is kept');
  }
  // Taking more than the member has: refused, nothing moved.
  const over = await admin.post('/admin/points/adjust', { username: 'alice', amount: '-101', reason: '扣除', key: 'k-over' });
  assert.equal(over.statusCode, 409);
  assert.ok(over.body.includes('积分不足'));
  assert.equal(await ledgerCount(z), before);
  assert.equal(await z.points.balance(alice.member!.id), 100);

  // A deduction goes to the sink.
  assert.equal((await admin.post('/admin/points/adjust', { username: 'alice', amount: '-40', reason: '违规扣分', key: 'k-minus' })).statusCode, 303);
  const report = await admin.get('/admin/points/');
  assert.match(report.body, /data-account="issuance"><td>发放账户<\/td><td>-100<\/td>/);
  assert.match(report.body, /data-account="sink"><td>消耗账户<\/td><td>40<\/td>/);
  assert.match(report.body, /data-reason="admin.adjust"><td>管理员调整<\/td><td>2<\/td><td>140<\/td><td>\+60<\/td>/);
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('the ledger report by reason filters by Beijing dates; a bad date is refused with a message', async (t) => {
  const z = await app(t);
  const m = await z.members.create({ username: 'carol', role: 'member' });
  await z.points.reward(m.id, 'register', { type: 'member', id: m.id }); // 2026-11-27 16:00 Beijing
  z.clock.advance(2 * 86_400_000);
  await z.points.reward(m.id, 'login'); // 2026-11-29
  const admin = await loginAs(z, 'root', 'admin');
  const all = await admin.get('/admin/points/');
  assert.ok(all.body.includes('data-reason="reward.register"') && all.body.includes('data-reason="reward.login"'));
  const day = await admin.get('/admin/points/?from=2026-11-29&to=2026-11-29');
  assert.equal(day.statusCode, 200);
  assert.ok(!day.body.includes('data-reason="reward.register"') && day.body.includes('data-reason="reward.login"'));
  const bad = await admin.get('/admin/points/?from=2026-13-45');
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('日期格式应为 YYYY-MM-DD'));
});

test('积分规则: admins set points and daily caps; bad values are refused and kept in the form', async (t) => {
  const z = await app(t);
  const admin = await loginAs(z, 'root', 'admin');
  const page = await admin.get('/admin/points/rules');
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('name="comment.points" value="2"'));
  const form: Record<string, string> = {};
  for (const r of await z.points.rules()) {
    form[`${r.rule}.points`] = String(r.points);
    form[`${r.rule}.cap`] = String(r.dailyCap);
  }
  const bad = await admin.post('/admin/points/rules', { ...form, 'comment.points': '-3', 'login.cap': '1.5' });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('评论通过审核：请输入 0 到 100000 之间的整数') && bad.body.includes('value="-3"'));
  assert.equal((await z.points.rules()).find((r) => r.rule === 'comment')!.points, 2, 'nothing saved');

  const ok = await admin.post('/admin/points/rules', { ...form, 'comment.points': '4', 'comment.cap': '12' });
  assert.equal(ok.statusCode, 303);
  assert.ok((await admin.get(String(ok.headers.location))).body.includes('积分规则已保存'));
  assert.deepEqual(
    (await z.points.rules()).find((r) => r.rule === 'comment'),
    { rule: 'comment', points: 4, dailyCap: 12 },
  );
  assert.equal((await z.audit.list({ limit: 5, offset: 0, action: 'points.rules' })).total, 1);
});
