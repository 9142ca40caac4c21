import { test } from 'node:test';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { adMessage } from './notifications.messages.ts';

// 站内信 from the community and the points economy: each event reaches the member it concerns, once.

const bodies = async (z: Awaited<ReturnType<typeof createTestApp>>, memberId: number) => (await z.notifications.list(memberId, 1, 50)).items.map((n) => n.body);

test('a reply to a comment, a tip and an admin adjustment reach the member; one’s own reply does not', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车', author: 'writer' });
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  await alice.post(`/news/${a.id}/comments`, { body: '终于通车了' });
  const [first] = (await z.comments.forArticle(a.id, 'newest', 1, 10)).items;
  await bob.post(`/news/${a.id}/comments`, { body: '早上走了一趟，很顺畅', parent: String(first!.id) });
  z.clock.advance(60_000);
  await alice.post(`/news/${a.id}/comments`, { body: '补充一句', parent: String(first!.id) });
  const toAlice = await bodies(z, alice.member!.id);
  assert.deepEqual(toAlice, ['bob 回复了您在《青川大桥今日通车》下的评论：早上走了一趟，很顺畅'], 'bob’s reply, not her own');
  // Its link finds the reply itself: the page it is on, at its anchor.
  const [note] = (await z.notifications.list(alice.member!.id, 1, 50)).items;
  const bobs = (await z.comments.forArticle(a.id, 'newest', 1, 10)).items.find((c) => c.body.includes('很顺畅'))!;
  assert.equal(note?.link, `/comments/${bobs.id}`);
  const go = await alice.get(note!.link);
  assert.ok([302, 303].includes(go.statusCode), String(go.statusCode));
  assert.match(String(go.headers.location), new RegExp(`/news/${a.id}/comments.*#c${bobs.id}$`));

  await z.points.adjust({ actorId: bob.member!.id, memberId: bob.member!.id, amount: 100, reason: '测试充值' });
  const page = await bob.get(`/tip/${a.id}`);
  const key = /name="key" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  assert.equal((await bob.post(`/tip/${a.id}`, { key, amount: '10', message: '写得好' })).statusCode, 303);
  assert.equal((await bob.post(`/tip/${a.id}`, { key, amount: '10', message: '写得好' })).statusCode, 303, 'a repeated form');
  const writer = (await z.members.byUsername('writer'))!;
  const toWriter = await bodies(z, writer.id);
  assert.equal(toWriter.length, 1, 'one tip, one message');
  assert.match(toWriter[0]!, /^bob 打赏了您的文章《青川大桥今日通车》，您获得 \d+ 积分。留言：写得好$/);

  const admin = await loginAs(z, 'boss', 'admin');
  const adjusted = await admin.post('/admin/points/adjust', { username: 'alice', amount: '-0', reason: '' });
  assert.equal(adjusted.statusCode, 422, 'a refused adjustment tells nobody');
  await admin.post('/admin/points/adjust', { username: 'alice', amount: '30', reason: '优质评论奖励', key: 'k1' });
  await admin.post('/admin/points/adjust', { username: 'alice', amount: '30', reason: '优质评论奖励', key: 'k1' });
  const adj = (await bodies(z, alice.member!.id)).filter((b) => b.includes('积分，原因'));
  assert.equal(adj.length, 1, 'one adjustment (the repeated form is the same one)');
  assert.match(adj[0]!, /^管理员为您增加了 30 积分，原因：优质评论奖励。当前余额 \d+ 积分。$/);
});

test('an order shipped or cancelled by staff, and a guestbook answer, reach the member', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const alice = await loginAs(z, 'alice');
  const admin = await loginAs(z, 'boss', 'admin');
  const id = alice.member!.id;
  await z.points.adjust({ actorId: id, memberId: id, amount: 500, reason: '测试充值' });
  const gift = await z.mall.gifts.create(
    {
      name: '青川文创帆布袋',
      description: '印有青川江景。',
      price: '100',
      stock: '5',
      perMemberLimit: '0',
      availableFrom: '',
      availableUntil: '',
      active: '1',
    },
    '',
    { actorId: admin.member!.id, ip: '127.0.0.1' },
  );
  const form = { quantity: '1', contactName: '张小青', phone: '13800138000', address: '青川市江滨路88号3栋2单元' };
  const { order: one } = await z.mall.orders.redeem(id, gift.id, { ...form, key: randomUUID() });
  const { order: two } = await z.mall.orders.redeem(id, gift.id, { ...form, key: randomUUID() });
  assert.equal((await admin.post(`/admin/mall/orders/${one.id}/ship`, { carrier: '顺丰速运', trackingNo: 'SF1234567890' })).statusCode, 303);
  assert.equal((await admin.post(`/admin/mall/orders/${two.id}/cancel`, { reason: '该地址无法配送' })).statusCode, 303);
  const toAlice = await bodies(z, id);
  assert.ok(toAlice.includes('您兑换的“青川文创帆布袋”已发货：顺丰速运，运单号 SF1234567890。'), toAlice.join('\n'));
  assert.ok(toAlice.includes('您兑换“青川文创帆布袋”的订单已被取消，原因：该地址无法配送。100 积分已退还。'));

  assert.equal((await alice.post('/guestbook/', { nickname: '', contact: '', body: '希望增加公交专栏' })).statusCode, 303);
  const m = await z.dbh.db.selectFrom('guestbook_messages').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal((await admin.post(`/admin/guestbook/${m.id}/reply`, { reply: '已在筹备中，谢谢建议' })).statusCode, 303);
  assert.ok((await bodies(z, id)).includes('管理员回复了您的留言“希望增加公交专栏”：已在筹备中，谢谢建议'));
});

test('ad decisions are worded with the reason and the refund; staff ads tell nobody', () => {
  const ad = { memberId: 7, title: '青川老字号糕点' };
  assert.deepEqual(adMessage({ ad, decision: 'rejected', reason: '链接与内容不符', refund: 40 })[0]?.n, {
    kind: 'ad.reviewed',
    body: '您的广告“青川老字号糕点”未通过审核，原因：链接与内容不符。已退还 40 积分。',
    link: '/member/ads/',
  });
  assert.equal(adMessage({ ad, decision: 'stopped', reason: '', refund: 0 })[0]?.n.body, '您的广告“青川老字号糕点”已被停用，原因：未说明。已退还 0 积分。');
  assert.deepEqual(adMessage({ ad: { memberId: null, title: '站内广告' }, decision: 'approved', reason: '', refund: 0 }), []);
});

test('a reply held for review tells the parent author once, when first shown, not again after an edit is re-approved', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川夜市开张' });
  await z.settings.update({ commentModeration: 'pre' });
  const alice = await loginAs(z, 'alice');
  const bob = await loginAs(z, 'bob');
  const editor = await loginAs(z, 'ed', 'editor');
  const approveAll = async () => {
    for (const c of (await z.comments.forStaff({ articleId: a.id }, 1, 20)).items)
      if (c.status === 'pending') await editor.post('/admin/comments/moderate', { action: `approve:${c.id}` });
  };
  await alice.post(`/news/${a.id}/comments`, { body: '周末去看看' });
  await approveAll();
  const [parent] = (await z.comments.forArticle(a.id, 'newest', 1, 10)).items;
  await bob.post(`/news/${a.id}/comments`, { body: '人很多，早点去', parent: String(parent!.id) });
  assert.deepEqual(await bodies(z, alice.member!.id), [], 'nothing while the reply waits');
  await approveAll();
  assert.equal((await bodies(z, alice.member!.id)).length, 1, 'told when it shows');
  const reply = (await z.comments.forStaff({ articleId: a.id }, 1, 20)).items.find((c) => c.memberId === bob.member!.id)!;
  assert.equal((await bob.post(`/member/comments/${reply.id}/edit`, { body: '人很多，建议早点去' })).statusCode, 303);
  assert.equal((await z.comments.get(reply.id))!.status, 'pending', 'the edit waits for review again');
  await approveAll();
  assert.equal((await bodies(z, alice.member!.id)).length, 1, 'not told twice');
});
