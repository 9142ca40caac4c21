import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { createPromotion, bidSettledMessage, type BidSettled } from './index.ts';
import { bidder, keyword, NEXT, NEXT_STARTS, postBid, promotionApp } from './promotion.fixtures.test.ts';

/** The article leaves the site behind the articles service's back (so the app's own release hook does not run first). */
const takeDown = (z: TestApp, id: number) => z.dbh.db.updateTable('articles').set({ status: 'rejected' }).where('id', '=', id).execute();

/** The promotion service on the test app's parts, with the notice hook main.ts wires to 站内信. */
function promotionWithNotices(z: TestApp, told: BidSettled[]) {
  return createPromotion({
    dbh: z.dbh,
    clock: z.clock,
    points: z.points,
    articles: z.articles,
    categories: z.categories,
    audit: z.audit,
    cache: z.cache,
    onBidSettled: async (e) => void told.push(e),
  });
}

test('settlement tells each bidder: 已中标 (points spent), 未中标 (refunded), and 文章已下线 (refunded)', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '新能源汽车', 100, 1);
  const amy = await bidder(z, 'amy', cat.slug, 1000, '青川新能源汽车产业园开工');
  const ben = await bidder(z, 'ben', cat.slug, 1000, '新能源汽车下乡');
  const cai = await bidder(z, 'cai', cat.slug, 1000, '充电桩进小区');
  await postBid(amy.c, { keyword: k.id, period: NEXT, article: amy.articleId, amount: '500' });
  await postBid(ben.c, { keyword: k.id, period: NEXT, article: ben.articleId, amount: '300' });
  await postBid(cai.c, { keyword: k.id, period: NEXT, article: cai.articleId, amount: '800' });
  await takeDown(z, cai.articleId); // without the articles hook: settlement finds it gone

  const told: BidSettled[] = [];
  z.clock.set(NEXT_STARTS);
  await promotionWithNotices(z, told).settleDue();
  const byMember = new Map(told.map((e) => [e.memberId, bidSettledMessage(e)]));
  assert.equal(told.length, 3, 'one message per bid');
  const won = byMember.get(amy.me.id)!;
  assert.ok(won.n.body.includes('已中标') && won.n.body.includes('《青川新能源汽车产业园开工》') && won.n.body.includes('500 积分已扣除'), won.n.body);
  assert.ok(won.n.body.includes('2026年12月') && won.n.body.includes('“新能源汽车”'));
  assert.match(won.n.link, /^\/member\/promotion\/#bid\d+$/);
  const lost = byMember.get(ben.me.id)!.n.body;
  assert.ok(lost.includes('未中标') && lost.includes('300 积分已全部退还'), lost);
  const released = byMember.get(cai.me.id)!.n.body;
  assert.ok(released.includes('《充电桩进小区》已下线') && released.includes('800 积分已全部退还'), released);

  // Settled once: running again tells nobody again.
  await promotionWithNotices(z, told).settleDue();
  assert.equal(told.length, 3);
});

test('an article taken down before settlement: its bidder is told at once that the frozen points came back', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '智慧城市', 50, 2);
  const amy = await bidder(z, 'amy', cat.slug, 1000, '智慧城市大脑上线');
  await postBid(amy.c, { keyword: k.id, period: NEXT, article: amy.articleId, amount: '120' });
  await takeDown(z, amy.articleId);
  const told: BidSettled[] = [];
  const p = promotionWithNotices(z, told);
  assert.equal(await p.releaseForArticle(amy.articleId), 1);
  assert.equal(told.length, 1);
  const m = bidSettledMessage(told[0]!);
  assert.equal(m.memberId, amy.me.id);
  assert.ok(m.n.body.includes('《智慧城市大脑上线》已下线') && m.n.body.includes('120 积分已全部退还'), m.n.body);
  assert.equal(await p.releaseForArticle(amy.articleId), 0);
  assert.equal(told.length, 1, 'told once');
});

test('the app wires it: after settlement the winner and the outbid member find it in their 站内信', async (t) => {
  const { z, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '乡村旅游', 100, 1);
  const amy = await bidder(z, 'amy', cat.slug, 1000, '青川乡村旅游节开幕');
  const ben = await bidder(z, 'ben', cat.slug, 1000, '乡村民宿评星');
  await postBid(amy.c, { keyword: k.id, period: NEXT, article: amy.articleId, amount: '500' });
  await postBid(ben.c, { keyword: k.id, period: NEXT, article: ben.articleId, amount: '300' });
  z.clock.set(NEXT_STARTS);
  await z.promotion.settleDue();
  const inbox = async (id: number) => (await z.notifications.list(id, 1, 20)).items;
  const [toAmy] = await inbox(amy.me.id);
  const [toBen] = await inbox(ben.me.id);
  assert.equal(toAmy?.kind, 'promotion.settled');
  assert.match(toAmy!.body, /乡村旅游/);
  assert.equal(toBen?.kind, 'promotion.settled');
  assert.notEqual(toAmy!.body, toBen!.body, 'won and refunded read differently');
  const page = await (await loginAs(z, 'amy')).get('/member/notifications/'); // a new session: the clock moved a month on
  assert.ok(page.body.includes('排名推广'), 'labelled 排名推广 in the list');
});

test('a keyword the admin deactivated: its bidders are told it was called off and refunded, not that they were outbid', async (t) => {
  const { z, admin, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '城市露营', 100, 1);
  const amy = await bidder(z, 'amy', cat.slug, 1000, '城市露营地开放');
  const ben = await bidder(z, 'ben', cat.slug, 1000, '露营装备指南');
  await postBid(amy.c, { keyword: k.id, period: NEXT, article: amy.articleId, amount: '500' });
  await postBid(ben.c, { keyword: k.id, period: NEXT, article: ben.articleId, amount: '300' });
  // The admin saves the keyword with 启用 unchecked.
  const off = await admin.post(`/admin/promotion/keywords/${k.id}`, { keyword: '城市露营', floorPrice: '100', slots: '1' });
  assert.equal(off.statusCode, 303);

  z.clock.set(NEXT_STARTS);
  await z.promotion.settleDue();
  for (const who of [amy, ben]) {
    const [notice] = (await z.notifications.list(who.me.id, 1, 20)).items;
    assert.ok(notice, 'each bidder is told');
    assert.ok(!notice.body.includes('未中标'), notice.body);
    assert.ok(notice.body.includes('已停用') && notice.body.includes('积分已全部退还'), notice.body);
    assert.equal(await z.points.balance(who.me.id), 1000, 'refunded in full');
  }
  const mine = await (await loginAs(z, 'amy')).get('/member/promotion/');
  assert.ok(mine.body.includes('关键词已停用（已退回）'), '我的推广 shows why the bid came back');
  assert.ok(!mine.body.includes('未中标'));
});
