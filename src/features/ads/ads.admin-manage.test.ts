import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { clickUrl } from './ads.sign.ts';
import { bookText, lastAdId, memberWith, setup, slots } from './ads.fixtures.test.ts';

test('admins manage positions and ads, and see their totals; every change is audited', async (t) => {
  const { z, admin } = await setup(t);
  const list = await admin.get('/admin/ad-positions/');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /首页横幅/);
  const bad = await admin.post('/admin/ad-positions/new', {
    code: 'Bad Code',
    name: '',
    width: '0',
    height: 'x',
    kind: 'video',
    pricePerDay: '-1',
    capacity: '100',
  });
  assert.equal(bad.statusCode, 422);
  for (const m of [/代码只能由/, /请填写名称/, /尺寸须为1至2000之间的整数/, /价格须为0至1000000之间的整数/, /轮播数须为1至20之间的整数/])
    assert.match(bad.body, m);
  assert.match(bad.body, /value="Bad Code"/);
  const taken = await admin.post('/admin/ad-positions/new', {
    code: 'home-banner',
    name: '重复',
    width: '10',
    height: '10',
    kind: 'image',
    pricePerDay: '1',
    capacity: '1',
  });
  assert.equal(taken.statusCode, 422);
  assert.match(taken.body, /这个代码已被使用/);
  const created = await admin.post('/admin/ad-positions/new', {
    code: 'list-interstitial',
    name: '列表页插播',
    width: '640',
    height: '80',
    kind: 'image',
    pricePerDay: '20',
    capacity: '2',
    active: '1',
  });
  assert.equal(created.statusCode, 303);
  const pos = (await z.ads.positionByCode('list-interstitial'))!;
  assert.equal(pos.pricePerDay, 20);
  assert.equal((await admin.post(`/admin/ad-positions/${pos.id}/delete`, {})).statusCode, 303);
  assert.equal(await z.ads.positionByCode('list-interstitial'), undefined);

  await admin.post('/admin/ads/new', {
    position: 'article-links',
    kind: 'text',
    title: '站内活动',
    targetUrl: 'https://www.example.com/event',
    startsOn: '2026-11-27',
    days: '7',
  });
  const id = await lastAdId(z);
  const edit = await admin.post(`/admin/ads/${id}/edit`, {
    position: 'article-links',
    kind: 'text',
    title: '站内活动（更新）',
    targetUrl: 'https://www.example.com/event2',
    startsOn: '2026-11-27',
    days: '7',
  });
  assert.equal(edit.statusCode, 303);
  await slots(z, 'article-links');
  const ads = await admin.get('/admin/ads/');
  assert.match(ads.body, /站内活动（更新）/);
  const positions = await admin.get('/admin/ad-positions/');
  assert.match(positions.body, /展示 1 次，点击 0 次/);
  // A position with ads cannot be deleted (it can be switched off).
  const article = (await z.ads.positionByCode('article-links'))!;
  const del = await admin.post(`/admin/ad-positions/${article.id}/delete`, {});
  assert.equal(del.statusCode, 409);
  assert.equal((await admin.post(`/admin/ads/${id}/delete`, {})).statusCode, 303);
  const actions = (await z.dbh.db.selectFrom('audit_log').select('action').where('action', 'like', 'ads.%').orderBy('id').execute()).map((r) => r.action);
  assert.deepEqual(actions.slice(-5), ['ads.position.create', 'ads.position.delete', 'ads.create', 'ads.update', 'ads.delete']);
  // Members cannot reach any of it.
  const bob = await loginAs(z, 'bob');
  assert.equal((await bob.get('/admin/ads/')).statusCode, 403);
  assert.equal((await bob.post(`/admin/ads/${id}/approve`, {})).statusCode, 403);
});
