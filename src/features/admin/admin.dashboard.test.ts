import { test } from 'node:test';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { chinaDayStart } from './admin.shared.tsx';

/** The number a dashboard card shows, by its label. */
function stat(html: string, label: string): number | undefined {
  const m = new RegExp(`<span class="stat-n">(\\d+)</span><span class="stat-label">${label}</span>`).exec(html);
  return m ? Number(m[1]) : undefined;
}

/** Rows the other features write, inserted directly so this test does not depend on their forms. */
async function seed(z: TestApp, at: string) {
  const db = z.dbh.db;
  await makeCategory(z, { slug: 'city', name: '城市' });
  const a = await makeArticle(z, { category: 'city' });
  await makeArticle(z, { category: 'city', status: 'pending' });
  await makeArticle(z, { category: 'city', status: 'pending' });
  const author = await z.members.byUsername('reporter1');
  await db.insertInto('article_revisions').values({ article_id: a.id, member_id: author!.id, data: '{}', status: 'pending', created_at: at }).execute();
  const report = {
    target_type: 'article',
    target_id: a.id,
    url: '',
    reason: 'ad',
    description: '广告',
    reporter_id: null,
    reporter_ip: '1.2.3.4',
    created_at: at,
  };
  await db
    .insertInto('reports')
    .values([
      { ...report, status: 'open' },
      { ...report, status: 'open' },
      { ...report, status: 'resolved' },
    ])
    .execute();
  const comment = { article_id: a.id, member_id: null, nickname: '网友', body: '好', floor: 1, parent_id: null, created_at: at };
  await db
    .insertInto('comments')
    .values([
      { ...comment, status: 'pending' },
      { ...comment, floor: 2, status: 'visible' },
    ])
    .execute();
  await db
    .insertInto('guestbook_messages')
    .values({ member_id: null, nickname: '访客', contact: '', body: '你好', status: 'pending', ip: '', created_at: at })
    .execute();
}

test('the China day starts at 16:00 UTC the day before', () => {
  assert.equal(chinaDayStart(new Date('2026-11-27T08:00:00Z')), '2026-11-26T16:00:00.000Z');
  assert.equal(chinaDayStart(new Date('2026-11-27T15:59:59Z')), '2026-11-26T16:00:00.000Z');
  assert.equal(chinaDayStart(new Date('2026-11-27T16:00:00Z')), '2026-11-27T16:00:00.000Z');
});

test('the dashboard counts what waits for staff and today’s (China time) new members, articles and comments', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  // Yesterday evening in China: counted as pending work, not as today's.
  z.clock.set('2026-11-26T15:00:00.000Z');
  await seed(z, '2026-11-26T15:00:00.000Z');
  z.clock.set('2026-11-27T08:00:00.000Z');
  const ed = await loginAs(z, 'editor1', 'editor');
  await makeArticle(z, { category: 'city', title: '今天的文章' });
  await z.dbh.db
    .insertInto('comments')
    .values({
      article_id: 1,
      member_id: null,
      nickname: '网友',
      body: '今天',
      floor: 3,
      parent_id: null,
      status: 'visible',
      created_at: z.clock.now().toISOString(),
    })
    .execute();

  const res = await ed.get('/admin/');
  assert.equal(res.statusCode, 200);
  const html = res.body;
  assert.equal(stat(html, '待审投稿'), 2);
  assert.equal(stat(html, '待审修改'), 1);
  assert.equal(stat(html, '待处理举报'), 2);
  assert.equal(stat(html, '待审评论'), 1);
  assert.equal(stat(html, '待审留言'), 1);
  assert.equal(stat(html, '新会员'), 1, 'the editor joined today; reporter1 yesterday');
  assert.equal(stat(html, '新文章'), 1);
  assert.equal(stat(html, '新评论'), 1);
  for (const href of ['/admin/review/', '/admin/reports/?status=open', '/admin/comments/?status=pending', '/admin/guestbook/?status=pending'])
    assert.ok(html.includes(`href="${href}"`), href);
  assert.ok(!html.includes('href="/admin/members/"'), 'editors get no link to the admins-only members page');
  assert.ok((await (await loginAs(z, 'boss', 'admin')).get('/admin/')).body.includes('href="/admin/members/"'));

  // The day rolls over at midnight China time.
  z.clock.set('2026-11-27T16:00:01.000Z');
  const next = (await (await loginAs(z, 'editor1', 'editor')).get('/admin/')).body;
  assert.equal(stat(next, '新文章'), 0);
  assert.equal(stat(next, '待审投稿'), 2);
});

test('the dashboard is for staff', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  assert.equal((await (await loginAs(z, 'reader', 'member')).get('/admin/')).statusCode, 403);
  assert.equal((await (await loginAs(z, 'boss', 'admin')).get('/admin')).statusCode, 200);
});

test('the dashboard counts member ads waiting in 广告审核 and mall orders waiting to be shipped', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const boss = admin.member!;
  await z.ads.savePosition(
    undefined,
    { code: 'article-links', name: '文章下方文字链', width: '640', height: '30', kind: 'text', pricePerDay: '10', capacity: '5', active: '1' },
    boss,
    '127.0.0.1',
  );
  const alice = await loginAs(z, 'alice');
  await z.points.adjust({ actorId: boss.id, memberId: alice.member!.id, amount: 1000, reason: '测试发放' });
  const book = (key: string) =>
    alice.post('/member/ads/new', {
      position: 'article-links',
      title: '青川老字号糕点，节日礼盒预订中',
      targetUrl: 'https://shop.example.com/cakes',
      startsOn: '2026-11-28',
      days: '2',
      key: `dashboard-${key}-abcdef`,
    });
  for (const key of ['one', 'two']) assert.equal((await book(key)).statusCode, 303);
  const [first] = (await z.ads.list({ status: 'pending', page: 1, perPage: 10 })).items;
  await z.ads.approve(first!.id, boss, '127.0.0.1');

  const gift = await z.mall.gifts.create(
    {
      name: '青川文创帆布袋',
      description: '印有青川江景。',
      price: '100',
      stock: '10',
      perMemberLimit: '0',
      availableFrom: '',
      availableUntil: '',
      active: '1',
    },
    '',
    { actorId: boss.id, ip: '127.0.0.1' },
  );
  const redeem = () =>
    z.mall.orders.redeem(alice.member!.id, gift.id, {
      quantity: '1',
      contactName: '张小青',
      phone: '13800138000',
      address: '青川市江滨路88号3栋2单元',
      key: randomUUID(),
    });
  const { order } = await redeem();
  await redeem();
  await redeem();
  await z.mall.orders.ship(order.id, { carrier: '顺丰速运', trackingNo: 'SF1234567890' }, { actorId: boss.id, ip: '127.0.0.1' });

  const html = (await (await loginAs(z, 'editor1', 'editor')).get('/admin/')).body;
  assert.equal(stat(html, '待审广告'), 1, 'the approved booking no longer waits');
  assert.equal(stat(html, '待发货订单'), 2, 'the shipped order no longer waits');
  assert.ok(html.includes('href="/admin/ads/review" aria-label="待审广告 1"'));
  assert.ok(html.includes('href="/admin/mall/orders?status=pending" aria-label="待发货订单 2"'));
});

test('the dashboard counts 友情链接 applications waiting for review and leads to them', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  for (const [i, host] of ['qc-travel.example.com', 'qc-food.example.com', 'qc-news.example.com'].entries())
    await z.links.apply({ name: `青川网站${i}`, url: `https://${host}/`, contact: 'webmaster@example.com' }, '1.2.3.4');
  const ed = await loginAs(z, 'editor1', 'editor');
  const first = (await z.links.list('pending'))[0]!;
  await z.links.setStatus(first.id, 'approved', { id: ed.member!.id, ip: '127.0.0.1' });
  const html = (await ed.get('/admin/')).body;
  assert.equal(stat(html, '待审友情链接'), 2, 'the approved one no longer waits');
  assert.ok(html.includes('href="/admin/links/?status=pending" aria-label="待审友情链接 2"'));
  assert.ok((await ed.get('/admin/links/?status=pending')).body.includes('青川网站1'), 'the card opens the applications');
});
