import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs } from '../../test/session.ts';
import { bidder, keyword, NEXT, postBid, promotionApp } from './promotion.fixtures.test.ts';

test('admins manage keywords: create, refuse bad input and duplicates after folding, edit, delete; all audited', async (t) => {
  const { z, admin } = await promotionApp(t);
  const list = await admin.get('/admin/promotion/');
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes('href="/admin/promotion/"') && list.body.includes('推广关键词'), 'in the admin navigation');

  const ok = await admin.post('/admin/promotion/keywords', { keyword: ' 新能源汽车 ', floorPrice: '100', slots: '3', active: '1' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/admin/promotion/?done=created');
  const [k] = await z.promotion.keywords();
  assert.deepEqual(
    { keyword: k!.keyword, floor: k!.floorPrice, slots: k!.slots, active: k!.active },
    { keyword: '新能源汽车', floor: 100, slots: 3, active: true },
  );

  const bad: Array<[Record<string, string>, string]> = [
    [{ keyword: '', floorPrice: '100', slots: '3' }, '请填写关键词'],
    [{ keyword: '新能源汽車', floorPrice: '100', slots: '3' }, '已有相同的关键词'],
    [{ keyword: '电动车', floorPrice: 'abc', slots: '3' }, '底价须为正整数积分'],
    [{ keyword: '电动车', floorPrice: '-1', slots: '3' }, '底价须为正整数积分'],
    [{ keyword: '电动车', floorPrice: '2.5', slots: '3' }, '底价须为正整数积分'],
    [{ keyword: '电动车', floorPrice: '100', slots: '0' }, '推广位数量须为 1 到 10 之间的整数'],
    [{ keyword: '电动车', floorPrice: '100', slots: '99' }, '推广位数量须为 1 到 10 之间的整数'],
    [{ keyword: '这是一个非常非常非常非常非常非常长的关键词啊', floorPrice: '100', slots: '3' }, '关键词不能超过 20 个字'],
  ];
  for (const [fields, message] of bad) {
    const r = await admin.post('/admin/promotion/keywords', fields);
    assert.equal(r.statusCode, 422, message);
    assert.ok(r.body.includes(message), message);
  }
  assert.equal((await z.promotion.keywords()).length, 1);

  const edit = await admin.get(`/admin/promotion/keywords/${k!.id}`);
  assert.ok(edit.body.includes('value="新能源汽车"'));
  const saved = await admin.post(`/admin/promotion/keywords/${k!.id}`, { keyword: '新能源汽车', floorPrice: '150', slots: '2' });
  assert.equal(saved.headers.location, '/admin/promotion/?done=saved');
  const after = await z.promotion.keywordById(k!.id);
  assert.equal(after.floorPrice, 150);
  assert.equal(after.active, false, 'the unchecked box deactivates it');
  assert.equal((await admin.post(`/admin/promotion/keywords/${k!.id}`, { keyword: '新能源汽车', floorPrice: '', slots: '2' })).statusCode, 422);

  assert.equal((await admin.post(`/admin/promotion/keywords/${k!.id}/delete`, {})).headers.location, '/admin/promotion/?done=removed');
  assert.equal((await z.promotion.keywords()).length, 0);
  const actions = (await z.dbh.db.selectFrom('audit_log').select('action').where('action', 'like', 'promotion.%').orderBy('id').execute()).map((r) => r.action);
  assert.deepEqual(actions, ['promotion.keyword.create', 'promotion.keyword.update', 'promotion.keyword.delete']);
});

test('a keyword with bids cannot be deleted; the bids page lists each round; editors and members are refused', async (t) => {
  const { z, admin, adminMember, cat } = await promotionApp(t);
  const k = await keyword(z, adminMember, '智慧农业', 100, 1);
  const a = await bidder(z, 'hua', cat.slug, 1000, '智慧农业示范园见闻');
  await postBid(a.c, { keyword: k.id, period: NEXT, article: a.articleId, amount: '180' });
  const del = await admin.post(`/admin/promotion/keywords/${k.id}/delete`, {});
  assert.equal(del.statusCode, 409);
  assert.ok(del.body.includes('已有出价记录，不能删除'));
  assert.equal((await z.promotion.keywords()).length, 1);

  const bids = await admin.get(`/admin/promotion/keywords/${k.id}/bids?period=${NEXT}`);
  assert.equal(bids.statusCode, 200);
  assert.ok(bids.body.includes('hua') && bids.body.includes('智慧农业示范园见闻') && bids.body.includes('180 积分') && bids.body.includes('未结算'));
  assert.ok((await admin.get('/admin/promotion/')).body.includes('<td class="num">1</td>'), 'held bids counted for the next period');

  const editor = await loginAs(z, 'promo_editor', 'editor');
  assert.equal((await editor.get('/admin/promotion/')).statusCode, 403);
  assert.equal((await editor.post('/admin/promotion/settle', {})).statusCode, 403);
  assert.equal((await a.c.post('/admin/promotion/keywords', { keyword: 'x', floorPrice: '1', slots: '1', active: '1' })).statusCode, 403);
  assert.equal((await z.promotion.keywords()).length, 1);
  const memberHome = await a.c.get('/member/promotion/');
  assert.ok(memberHome.body.includes('href="/member/promotion/"') && memberHome.body.includes('我的推广'), 'in the member centre navigation');
});
