import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';

/** The detail of every 积分/打赏/礼品/广告/推广 entry as recorded by those features, read by an admin. */
test('points, tips, mall, ads and promotion entries read in Chinese: no English keys, no JSON, member targets by name', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const lucky = await loginAs(z, 'lucky', 'member');
  const rec = (action: string, targetType: string, targetId: number | null, detail: Record<string, unknown>) =>
    z.audit.record({ actorId: admin.member!.id, action, targetType, targetId, detail, ip: '10.0.0.1' });
  await rec('points.adjust', 'member', lucky.member!.id, { amount: 50, reason: '活动奖励', transactionId: 6 });
  await rec('points.rules', 'points', null, { rules: [{ rule: 'register', points: 10, dailyCap: 0 }] });
  await rec('tips.settings', 'tip_settings', null, {
    before: { presets: [10, 50], sharePercent: 80, minAmount: 1, maxAmount: 100 },
    after: { presets: [10, 100], sharePercent: 70, minAmount: 1, maxAmount: 200 },
  });
  await rec('promotion.keyword.create', 'promotion_keyword', 1, { keyword: '青川', floorPrice: 100, slots: 3, active: true, categoryId: null });
  await rec('promotion.keyword.update', 'promotion_keyword', 1, {
    from: { keyword: '青川', floorPrice: 200, slots: 3, active: true, categoryId: null },
    to: { keyword: '青川', floorPrice: 300, slots: 2, active: false, categoryId: 4 },
  });
  await rec('promotion.settle', 'promotion_round', null, { period: '2026-12', rounds: 1, won: 1, lost: 2, released: 0 });
  await rec('ads.create', 'ad', 3, {
    position: 'article-links',
    kind: 'text',
    title: '青川特产',
    targetUrl: 'https://example.com/',
    startsOn: '2026-12-01',
    days: 30,
  });
  await rec('ads.position.update', 'ad_position', 2, {
    code: 'home-top',
    name: '首页顶部',
    description: '通栏',
    width: 960,
    height: 90,
    kind: 'image',
    pricePerDay: 100,
    capacity: 2,
    active: '1',
    sortOrder: 0,
  });
  await rec('ads.stop', 'ad', 3, { from: 'approved', title: '青川特产', refund: 20, memberId: lucky.member!.id, reason: '违规' });
  await rec('mall.gift.update', 'mall_gift', 5, { name: '保温杯', price: [100, 120], stock: [3, 53], active: true });

  const html = (await admin.get('/admin/audit/')).body;
  const details = [...html.matchAll(/<td class="detail">([^<]*)<\/td>/g)].map((m) => m[1]!);
  assert.equal(details.length, 10);
  for (const text of details) {
    assert.doesNotMatch(text, /[{}]|&quot;|\[|\]/, `no JSON in: ${text}`);
    assert.doesNotMatch(text, /(^|；|，|（)[A-Za-z]+：/, `no English key in: ${text}`);
    assert.doesNotMatch(text, /：(approved|text|image|register)(；|，|）|$)/, `no English status or kind in: ${text}`);
  }
  const all = details.join('\n');
  assert.ok(all.includes('流水号：6'), all);
  assert.ok(all.includes('原为：（关键词：青川，底价：200，推广位数量：3，上架：是，栏目编号：全部栏目）'), all);
  assert.ok(all.includes('改为：（关键词：青川，底价：300，推广位数量：2，上架：否，栏目编号：4）'), all);
  assert.ok(all.includes('广告位：article-links；类型：文字链接；'), all);
  assert.ok(all.includes('每日价格：100；容量：2；上架：是；排序：0'), all);
  assert.ok(all.includes('原为：已通过'), all);
  assert.ok(all.includes('规则：注册'), all);
  assert.ok(all.includes('价格：100 → 120；库存：3 → 53'), all);
  assert.ok(html.includes('会员 lucky') && !html.includes(`会员 #${lucky.member!.id}`), 'the adjusted member by username');
});
