import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { fund, makeGift, redeemForm, snapshot } from './mall.testkit.ts';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'mall_admin', 'admin');
  const alice = await loginAs(z, 'alice');
  return { z, admin, alice, adminId: admin.member!.id, aliceId: alice.member!.id };
}

const keyOf = (html: string) => /name="key" value="([^"]+)"/.exec(html)?.[1];

async function ledgerSound(z: TestApp) {
  const report = await z.points.verify();
  assert.deepEqual(report.problems, [], 'the ledger invariants hold');
}

test('a member redeems a gift: points, stock and order move together; a resubmitted form makes no second order', async (t) => {
  const { z, alice, adminId, aliceId } = await setup(t);
  const gift = await makeGift(z, adminId, { name: '青川江景保温杯', price: '120', stock: '5', perMemberLimit: '2' });
  await fund(z, aliceId, 1000);
  const before = await z.points.balance(aliceId);

  const list = await guest(z).get('/mall/');
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes('青川江景保温杯') && list.body.includes(`href="/mall/${gift.id}"`));
  assert.ok(list.body.includes('href="/member/points"') && list.body.includes('如何获得积分'), 'explains how to earn points');
  const page = await guest(z).get(`/mall/${gift.id}`);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('120 积分') && page.body.includes('5 件') && page.body.includes('所有会员'));
  assert.ok(!page.body.includes('name="key"'), 'the public page holds no per-visitor form key');
  // Where the reader is: 当前位置 on every mall page; the nav does not claim this is the home page.
  assert.match(list.body, /当前位置：<a href="\/">首页<\/a> &gt; <span aria-current="page">积分换礼<\/span>/);
  assert.match(page.body, new RegExp(`当前位置：<a href="/">首页</a> &gt; <a href="/mall/">积分换礼</a> &gt; <span aria-current="page">青川江景保温杯</span>`));
  for (const body of [list.body, page.body]) assert.ok(!body.includes('<a href="/" class="current">'), '首页 is not marked current');
  // The cached page is the same for everyone: the "log in to redeem" hint is marked for site.js to hide from members.
  assert.match(page.body, /<p class="hint muted" data-guest-only>登录后即可兑换<\/p>/);

  const form = await alice.get(`/mall/${gift.id}/redeem`);
  assert.equal(form.statusCode, 200);
  assert.equal(form.headers['cache-control'], 'no-store');
  assert.ok(form.body.includes(`<a href="/mall/${gift.id}">青川江景保温杯</a> &gt; <span aria-current="page">填写兑换信息</span>`));
  assert.ok(form.body.includes(`您当前有 ${before} 积分`));
  const key = keyOf(form.body);
  assert.ok(key, 'the form carries an idempotency key');
  const fields = redeemForm({ quantity: '2', key: key! });
  const r = await alice.post(`/mall/${gift.id}/redeem`, fields);
  assert.equal(r.statusCode, 303);
  const orderId = Number(/#o(\d+)$/.exec(String(r.headers.location))?.[1]);
  assert.equal(r.headers.location, `/member/orders?ok=redeemed#o${orderId}`);

  assert.equal(await z.points.balance(aliceId), before - 240);
  const after = await z.mall.gifts.mustGet(gift.id);
  assert.equal(after.stock, 3);
  assert.equal(after.redeemed, 2);
  const order = await z.mall.orders.mustGet(orderId);
  assert.equal(order.status, 'pending');
  assert.equal(order.totalPoints, 240);
  assert.equal(order.memberId, aliceId);

  // A double click sends the same form again: the same order, nothing moves twice.
  const again = await alice.post(`/mall/${gift.id}/redeem`, fields);
  assert.equal(again.statusCode, 303);
  assert.equal(again.headers.location, `/member/orders?ok=redeemed#o${orderId}`);
  assert.equal(await z.points.balance(aliceId), before - 240);
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 3);

  const mine = await alice.get(String(r.headers.location).split('#')[0]!);
  assert.equal(mine.statusCode, 200);
  assert.ok(mine.body.includes('兑换成功') && mine.body.includes('青川江景保温杯') && mine.body.includes('待发货'));
  assert.ok(mine.body.includes('青川市江滨路88号3栋2单元') && mine.body.includes(`id="o${orderId}"`));
  const bob = await loginAs(z, 'bob');
  assert.ok((await bob.get('/member/orders')).body.includes('您还没有兑换过礼品'), 'another member sees none of it');

  const shown = await guest(z).get(`/mall/${gift.id}`);
  assert.ok(shown.body.includes('3 件'), 'the public page shows the new stock');
  const tx = await z.dbh.db.selectFrom('ledger_transactions').selectAll().where('reason', '=', 'mall.redeem').execute();
  assert.equal(tx.length, 1);
  assert.equal(tx[0]!.ref_type, 'mall_order');
  assert.equal(tx[0]!.ref_id, String(orderId));
  await ledgerSound(z);
});

test('an admin ships an order; the member sees the tracking number; a shipped order cannot be cancelled', async (t) => {
  const { z, admin, alice, adminId, aliceId } = await setup(t);
  const gift = await makeGift(z, adminId, { name: '青川地方志（精装）', price: '300' });
  await fund(z, aliceId, 500);
  const { order } = await z.mall.orders.redeem(aliceId, gift.id, redeemForm());
  const balance = await z.points.balance(aliceId);

  const list = await admin.get('/admin/mall/orders');
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes(`#${order.id}`) && list.body.includes('alice') && list.body.includes('待发货'));
  assert.ok((await admin.get('/admin/mall/orders?status=shipped')).body.includes('没有符合条件的订单'));
  const detail = await admin.get(`/admin/mall/orders/${order.id}`);
  assert.ok(detail.body.includes('13800138000') && detail.body.includes('标记为已发货'));

  const bad = await admin.post(`/admin/mall/orders/${order.id}/ship`, { carrier: '', trackingNo: '单号<>' });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('请填写快递公司') && bad.body.includes('请填写运单号'));
  assert.equal((await z.mall.orders.mustGet(order.id)).status, 'pending');

  const editor = await loginAs(z, 'mall_editor', 'editor');
  const ok = await editor.post(`/admin/mall/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNo: 'SF1234567890' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, `/admin/mall/orders/${order.id}?done=shipped`);
  const mine = await alice.get('/member/orders');
  assert.ok(mine.body.includes('已发货') && mine.body.includes('顺丰速运') && mine.body.includes('SF1234567890'));

  const twice = await admin.post(`/admin/mall/orders/${order.id}/ship`, { carrier: '圆通速递', trackingNo: 'YT00000001' });
  assert.equal(twice.statusCode, 409, 'only a pending order can be shipped');
  const cancel = await admin.post(`/admin/mall/orders/${order.id}/cancel`, { reason: '会员要求取消' });
  assert.equal(cancel.statusCode, 409);
  assert.ok(cancel.body.includes('只有待发货的订单才能这样处理') && cancel.body.includes('已发货'));
  assert.equal(await z.points.balance(aliceId), balance, 'no refund for a shipped order');
  assert.equal((await z.mall.orders.mustGet(order.id)).trackingNo, 'SF1234567890');

  const audit = await z.audit.list({ limit: 10, offset: 0, action: 'mall.order.ship' });
  assert.equal(audit.total, 1);
  assert.equal(audit.items[0]!.actorId, editor.member!.id);
  assert.equal((await alice.get(`/admin/mall/orders/${order.id}`)).statusCode, 403, 'members cannot open the admin pages');
});

test('cancelling refunds the points and restores the stock exactly once, even when clicked twice at once', async (t) => {
  const { z, admin, alice, adminId, aliceId } = await setup(t);
  const gift = await makeGift(z, adminId, { price: '150', stock: '4' });
  await fund(z, aliceId, 1000);
  const start = await z.points.balance(aliceId);
  const { order } = await z.mall.orders.redeem(aliceId, gift.id, redeemForm({ quantity: '2' }));
  assert.equal(await z.points.balance(aliceId), start - 300);
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 2);

  const noReason = await admin.post(`/admin/mall/orders/${order.id}/cancel`, { reason: '  ' });
  assert.equal(noReason.statusCode, 422);
  assert.ok(noReason.body.includes('请填写取消原因'));
  assert.equal(await z.points.balance(aliceId), start - 300);

  const [a, b] = await Promise.all([
    admin.post(`/admin/mall/orders/${order.id}/cancel`, { reason: '地址无法送达' }),
    admin.post(`/admin/mall/orders/${order.id}/cancel`, { reason: '地址无法送达' }),
  ]);
  assert.deepEqual([a.statusCode, b.statusCode].sort(), [303, 409]);
  assert.equal(await z.points.balance(aliceId), start, 'refunded once');
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 4);
  const third = await admin.post(`/admin/mall/orders/${order.id}/cancel`, { reason: '再次取消' });
  assert.equal(third.statusCode, 409);
  assert.ok(third.body.includes('已取消'));
  const ship = await admin.post(`/admin/mall/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNo: 'SF0000000001' });
  assert.equal(ship.statusCode, 409, 'a cancelled order cannot be shipped');
  assert.equal(await z.points.balance(aliceId), start);
  const refunds = await z.dbh.db.selectFrom('ledger_transactions').selectAll().where('reason', '=', 'mall.refund').execute();
  assert.equal(refunds.length, 1);
  const mine = await alice.get('/member/orders');
  assert.ok(mine.body.includes('已取消') && mine.body.includes('地址无法送达') && mine.body.includes('已退还 300 积分'));
  assert.equal((await z.audit.list({ limit: 10, offset: 0, action: 'mall.order.cancel' })).total, 1);
  // The cancelled items no longer count against the member's limit, and can be redeemed again.
  await z.mall.orders.redeem(aliceId, gift.id, redeemForm({ quantity: '4' }));
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 0);
  await ledgerSound(z);
});

async function refused(z: TestApp, c: Client, giftId: number, fields: Record<string, string>, status: number, message: string) {
  const memberId = c.member!.id;
  const before = await snapshot(z, giftId, memberId);
  const r = await c.post(`/mall/${giftId}/redeem`, fields);
  assert.equal(r.statusCode, status, `${JSON.stringify(fields)} → ${r.statusCode}`);
  assert.ok(r.body.includes(message), `expected「${message}」for ${JSON.stringify(fields)}`);
  assert.deepEqual(await snapshot(z, giftId, memberId), before, 'nothing moved');
  return r;
}

test('closed windows, other groups, the limit and a short balance are refused with a clear message; nothing moves', async (t) => {
  const { z, alice, adminId, aliceId } = await setup(t);
  await fund(z, aliceId, 1000);
  const later = await makeGift(z, adminId, { availableFrom: '2026-11-28 09:00' }); // the clock is 2026-11-27 16:00 Beijing time
  const over = await makeGift(z, adminId, { availableUntil: '2026-11-27 12:00' });
  const groups = await z.members.groups.list();
  const trusted = groups.find((g) => !g.isDefault)!;
  const forTrusted = await makeGift(z, adminId, { groups: [String(trusted.id)] });
  const limited = await makeGift(z, adminId, { perMemberLimit: '2' });
  const dear = await makeGift(z, adminId, { price: '5000' });
  const empty = await makeGift(z, adminId, { stock: '0' });

  await refused(z, alice, later.id, redeemForm(), 409, '该礼品尚未开始兑换，开始时间：2026-11-28 09:00');
  await refused(z, alice, over.id, redeemForm(), 409, '该礼品的兑换已经结束');
  await refused(z, alice, forTrusted.id, redeemForm(), 409, '您所在的会员组不能兑换该礼品');
  await refused(z, alice, limited.id, redeemForm({ quantity: '3' }), 422, '该礼品每人限兑2件');
  await refused(z, alice, dear.id, redeemForm(), 409, '积分不足');
  const r = await refused(z, alice, empty.id, redeemForm({ contactName: '王<b>五</b>' }), 409, '礼品库存不足，已被兑完');
  assert.ok(r.body.includes('value="王&lt;b&gt;五&lt;/b&gt;"'), 'the form keeps what was typed, escaped');

  const soldOut = await alice.get(`/mall/${empty.id}/redeem`);
  assert.ok(soldOut.body.includes('礼品库存不足，已被兑完') && !soldOut.body.includes('name="key"'), 'no form for a gift that cannot be redeemed');
  await z.mall.orders.redeem(aliceId, limited.id, redeemForm({ quantity: '2' }));
  assert.ok((await alice.get(`/mall/${limited.id}/redeem`)).body.includes('该礼品每人限兑2件，您已兑换2件'));
  await refused(z, alice, limited.id, redeemForm(), 409, '该礼品每人限兑2件，您已兑换2件');

  assert.ok(!(await guest(z).get('/mall/')).body.includes(over.name), 'ended gifts leave the list');
  assert.ok((await guest(z).get(`/mall/${over.id}`)).body.includes('已结束'));
  assert.ok((await guest(z).get(`/mall/${later.id}`)).body.includes('即将开始'));

  // When the window opens the same gift can be redeemed; a member of the group can redeem theirs.
  z.clock.advance(24 * 3600_000);
  await z.mall.orders.redeem(aliceId, later.id, redeemForm());
  await z.members.moderation.setGroup(aliceId, { groupId: String(trusted.id) }, adminId, '127.0.0.1');
  await z.mall.orders.redeem(aliceId, forTrusted.id, redeemForm());
  await ledgerSound(z);
});

test('bad input is refused with Chinese messages and keeps what was typed; nothing moves', async (t) => {
  const { z, alice, adminId, aliceId } = await setup(t);
  await fund(z, aliceId, 1000);
  const gift = await makeGift(z, adminId, { perMemberLimit: '5' });
  // Full-width digits are digits (as in the tip form): ２ is a quantity, tested in mall.member-cancel.test.ts.
  for (const quantity of ['0', '-1', '1.5', '1e3', '99999999999', 'abc', '', ' ', '０', '１．５']) {
    await refused(z, alice, gift.id, redeemForm({ quantity }), 422, '兑换数量必须是1到99之间的整数');
  }
  await refused(z, alice, gift.id, redeemForm({ address: '' }), 422, '请填写详细的收货地址');
  await refused(z, alice, gift.id, redeemForm({ address: '青川' }), 422, '请填写详细的收货地址');
  await refused(z, alice, gift.id, redeemForm({ phone: '12345' }), 422, '请填写正确的手机号码或固定电话');
  await refused(z, alice, gift.id, redeemForm({ contactName: '' }), 422, '请填写收货人姓名');
  const missing = { quantity: '1', contactName: '张小青', phone: '13800138000', key: redeemForm().key! };
  const r = await refused(z, alice, gift.id, missing, 422, '请填写详细的收货地址');
  assert.ok(r.body.includes('value="张小青"') && r.body.includes(`value="${missing.key}"`), 'input and key are kept');
  await refused(z, alice, gift.id, redeemForm({ key: '' }), 422, '表单已过期');
  // Through the service too: numbers instead of strings, and absent fields.
  for (const raw of [{ ...redeemForm(), quantity: 2 }, {}, { quantity: ['1', '2'] }]) {
    await assert.rejects(z.mall.orders.redeem(aliceId, gift.id, raw as Record<string, unknown>), (e: Error & { status?: number }) => e.status === 422);
  }
  assert.equal((await alice.post('/mall/999999/redeem', redeemForm())).statusCode, 404);
  assert.equal((await alice.get('/mall/abc')).statusCode, 404);
  assert.equal((await alice.get('/mall/0/redeem')).statusCode, 404);
});

test('guests are sent to log in; the redeem form and 我的订单 are for members', async (t) => {
  const { z, adminId } = await setup(t);
  const gift = await makeGift(z, adminId);
  const g = guest(z);
  const form = await g.get(`/mall/${gift.id}/redeem`);
  assert.equal(form.statusCode, 303);
  assert.equal(form.headers.location, `/member/login?next=${encodeURIComponent(`/mall/${gift.id}/redeem`)}`);
  const post = await g.post(`/mall/${gift.id}/redeem`, redeemForm());
  assert.equal(post.statusCode, 303);
  assert.ok(String(post.headers.location).startsWith('/member/login?next='));
  const orders = await g.get('/member/orders');
  assert.equal(orders.statusCode, 303);
  assert.ok(String(orders.headers.location).startsWith('/member/login'));
  assert.equal((await z.dbh.db.selectFrom('mall_orders').select('id').execute()).length, 0);
  assert.equal((await g.get('/admin/mall/gifts')).statusCode, 303);
  const withoutToken = await (await loginAs(z, 'carol')).post(`/mall/${gift.id}/redeem`, redeemForm(), { withoutToken: true });
  assert.equal(withoutToken.statusCode, 200, 'a form without a CSRF token gets the confirmation page');
  assert.equal((await z.dbh.db.selectFrom('mall_orders').select('id').execute()).length, 0);
});

test('admins create, edit and deactivate gifts; bad values are refused; descriptions are sanitized', async (t) => {
  const { z, admin, alice } = await setup(t);
  const page = await admin.get('/admin/mall/gifts/new');
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('enctype="multipart/form-data"'));
  const bad = await admin.post('/admin/mall/gifts/new', {
    name: '',
    price: '-5',
    stock: '1.5',
    perMemberLimit: 'x',
    availableFrom: '2026-13-40 25:00',
    availableUntil: '',
    groups: ['99999'],
  });
  assert.equal(bad.statusCode, 422);
  for (const m of ['请填写礼品名称', '所需积分必须是1到', '库存必须是0到', '每人限兑必须是0到', '请填写正确的时间']) assert.ok(bad.body.includes(m), m);
  const window = await admin.post('/admin/mall/gifts/new', {
    name: '青川茶叶礼盒',
    price: '800',
    stock: '3',
    perMemberLimit: '1',
    availableFrom: '2026-12-02 09:00',
    availableUntil: '2026-12-01 09:00',
  });
  assert.equal(window.statusCode, 422);
  assert.ok(window.body.includes('结束时间必须晚于开始时间') && window.body.includes('value="青川茶叶礼盒"'));
  assert.equal((await z.mall.gifts.listAdmin(1, 10)).total, 0);

  const ok = await admin.post('/admin/mall/gifts/new', {
    name: '青川茶叶礼盒',
    description: '<p>明前绿茶<script>alert(1)</script></p><p onclick="x()">两罐装</p>',
    price: '800',
    stock: '3',
    perMemberLimit: '1',
    availableFrom: '',
    availableUntil: '2026-12-31 23:59',
    active: '1',
  });
  assert.equal(ok.statusCode, 303);
  const id = Number(/\/admin\/mall\/gifts\/(\d+)\?done=saved$/.exec(String(ok.headers.location))?.[1]);
  const gift = await z.mall.gifts.mustGet(id);
  assert.equal(gift.availableUntil, '2026-12-31T15:59:00.000Z', 'times are Beijing time');
  assert.ok(!gift.descriptionHtml.includes('script') && !gift.descriptionHtml.includes('onclick') && gift.descriptionHtml.includes('明前绿茶'));
  const pub = await guest(z).get(`/mall/${id}`);
  assert.ok(pub.body.includes('<p>明前绿茶</p>') && pub.body.includes('截至 2026-12-31 23:59') && pub.body.includes('1 件'));
  assert.equal((await admin.get(`/admin/mall/gifts/${id}`)).statusCode, 200);
  assert.ok((await guest(z).get('/mall/')).body.includes('青川茶叶礼盒'));

  const edit = await admin.post(`/admin/mall/gifts/${id}`, {
    name: '青川茶叶礼盒（新）',
    description: '纯文本介绍\n第二行',
    price: '900',
    stock: '7',
    perMemberLimit: '0',
    active: '1',
  });
  assert.equal(edit.statusCode, 303);
  const edited = await z.mall.gifts.mustGet(id);
  assert.equal(edited.price, 900);
  assert.equal(edited.descriptionHtml, '<p>纯文本介绍<br>第二行</p>');
  assert.ok((await guest(z).get(`/mall/${id}`)).body.includes('900 积分'), 'the cached page was purged');

  const ask = await admin.post(`/admin/mall/gifts/${id}/active`, { active: '0' });
  assert.equal(ask.statusCode, 200, '下架 asks first');
  assert.ok(ask.body.includes('确定要下架礼品“青川茶叶礼盒（新）”吗') && ask.body.includes('name="confirm" value="1"'));
  assert.equal((await z.mall.gifts.mustGet(id)).active, true, 'nothing changed yet');
  const off = await admin.post(`/admin/mall/gifts/${id}/active`, { active: '0', confirm: '1' });
  assert.equal(off.statusCode, 303);
  assert.equal((await guest(z).get(`/mall/${id}`)).statusCode, 404);
  assert.ok(!(await guest(z).get('/mall/')).body.includes('青川茶叶礼盒'));
  const r = await alice.post(`/mall/${id}/redeem`, redeemForm());
  assert.equal(r.statusCode, 404);
  const actions = (await z.audit.list({ limit: 20, offset: 0 })).items.map((e) => e.action).filter((a) => a.startsWith('mall.'));
  assert.deepEqual(actions.sort(), ['mall.gift.create', 'mall.gift.deactivate', 'mall.gift.update']);
  assert.equal((await alice.get('/admin/mall/gifts')).statusCode, 403);
  assert.equal((await alice.post(`/admin/mall/gifts/${id}/active`, { active: '1' })).statusCode, 403);
  assert.equal((await z.mall.gifts.mustGet(id)).active, false);
});

test('a gift picture is uploaded through the checked, re-encoded cover pipeline', async (t) => {
  const { z, admin } = await setup(t);
  const sharp = (await import('sharp')).default;
  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();
  const boundary = '----mallTestBoundary';
  const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(part('name', '青川明信片') + part('price', '50') + part('stock', '20') + part('perMemberLimit', '3') + part('active', '1')),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="pictureFile"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const post = (payload: Buffer) =>
    z.app.inject({
      method: 'POST',
      url: `/admin/mall/gifts/new?_csrf=${admin.csrf}`,
      headers: { cookie: admin.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
  const r = await post(body);
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  const id = Number(/gifts\/(\d+)/.exec(String(r.headers.location))?.[1]);
  const gift = await z.mall.gifts.mustGet(id);
  assert.match(gift.picture, /^\/uploads\/covers\/\d{4}\/\d{2}\/[0-9a-f]+\.png$/);
  assert.equal((await z.app.inject(gift.picture)).statusCode, 200);
  assert.ok((await guest(z).get(`/mall/${id}`)).body.includes(`src="${gift.picture}"`));

  const fake = Buffer.concat([
    Buffer.from(part('name', '坏图片') + part('price', '50') + part('stock', '20') + part('perMemberLimit', '3')),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="pictureFile"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n<script>alert(1)</script>\r\n--${boundary}--\r\n`,
    ),
  ]);
  const bad = await post(fake);
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('value="坏图片"'));
  assert.equal((await z.mall.gifts.listAdmin(1, 10)).total, 1);
});

test('the demo portal comes with gifts whose generated pictures are served', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const { seedDemoIfEmpty } = await import('../../cli/demo.ts');
  assert.ok(await seedDemoIfEmpty(z));
  const list = await guest(z).get('/mall/');
  const pictures = [...list.body.matchAll(/<img class="mall-thumb" src="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(pictures.length, 4);
  assert.ok(list.body.includes('青川江景帆布袋'));
  const img = await z.app.inject(pictures[0]!);
  assert.equal(img.statusCode, 200);
  assert.equal(img.headers['content-type'], 'image/jpeg');
});

test('editing a gift moves its stock by the difference typed in: redemptions made while the form was open are kept', async (t) => {
  const { z, admin, alice, adminId, aliceId } = await setup(t);
  const gift = await makeGift(z, adminId, { name: '青川帆布袋', price: '10', stock: '10', perMemberLimit: '0' });
  await fund(z, aliceId, 1000);
  const fields = (html: string) => ({
    seen: /name="stockSeen" value="(\d+)"/.exec(html)?.[1],
    hint: html.includes('按修改的差额调整库存'),
  });
  const form = (stock: string, seen: string | undefined, over: Record<string, string> = {}) => ({
    name: '青川帆布袋',
    price: '10',
    stock,
    perMemberLimit: '0',
    active: '1',
    ...(seen ? { stockSeen: seen } : {}),
    ...over,
  });
  const redeem = async () => {
    const page = await alice.get(`/mall/${gift.id}/redeem`);
    const key = keyOf(page.body);
    assert.ok(key);
    assert.equal((await alice.post(`/mall/${gift.id}/redeem`, redeemForm({ key: key! }))).statusCode, 303);
  };

  // The admin opens the form at 10, two are redeemed meanwhile, the admin restocks "+5" by typing 15.
  const opened = fields((await admin.get(`/admin/mall/gifts/${gift.id}`)).body);
  assert.deepEqual(opened, { seen: '10', hint: true });
  await redeem();
  await redeem();
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 8);
  assert.equal((await admin.post(`/admin/mall/gifts/${gift.id}`, form('15', opened.seen))).statusCode, 303);
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 13, '8 left + 5 restocked: the two redemptions are not undone');

  // Saving other fields with the number unchanged leaves a stock that moved meanwhile alone.
  const again = fields((await admin.get(`/admin/mall/gifts/${gift.id}`)).body);
  assert.equal(again.seen, '13');
  await redeem();
  assert.equal((await admin.post(`/admin/mall/gifts/${gift.id}`, form('13', again.seen, { price: '12' }))).statusCode, 303);
  const priced = await z.mall.gifts.mustGet(gift.id);
  assert.deepEqual([priced.stock, priced.price], [12, 12]);

  // A refused form keeps the stock it first showed; clearing the stock never goes below zero.
  const third = fields((await admin.get(`/admin/mall/gifts/${gift.id}`)).body);
  const refused = await admin.post(`/admin/mall/gifts/${gift.id}`, form('0', third.seen, { price: '-1' }));
  assert.equal(refused.statusCode, 422);
  assert.equal(fields(refused.body).seen, '12');
  await redeem();
  assert.equal((await admin.post(`/admin/mall/gifts/${gift.id}`, form('0', fields(refused.body).seen))).statusCode, 303);
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 0);

  // Without the hidden field (an older form), the number typed in is the stock.
  assert.equal((await admin.post(`/admin/mall/gifts/${gift.id}`, form('6', undefined))).statusCode, 303);
  assert.equal((await z.mall.gifts.mustGet(gift.id)).stock, 6);
  const audit = (await z.audit.list({ limit: 20, offset: 0 })).items.filter((e) => e.action === 'mall.gift.update');
  assert.ok(
    audit.some((e) => JSON.stringify(e.detail).includes('[8,13]')),
    'the audit log records the stock before and after',
  );
  await ledgerSound(z);
});
