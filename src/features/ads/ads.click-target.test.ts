import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { clickUrl } from './ads.sign.ts';

test('an ad whose address has Chinese characters redirects there percent-encoded instead of failing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'ads_admin', 'admin');
  const position = { code: 'article-links', name: '文章下方文字链', kind: 'text', width: '640', height: '30', pricePerDay: '10', capacity: '3', active: '1' };
  await z.ads.savePosition(undefined, position, admin.member!, '127.0.0.1');
  const alice = await loginAs(z, 'alice');
  await z.points.adjust({ actorId: admin.member!.id, memberId: alice.member!.id, amount: 1000, reason: '测试发放' });
  const booked = await alice.post('/member/ads/new', {
    position: 'article-links',
    title: '青川本地好物',
    targetUrl: 'https://shop.example.com/青川/特产?q=茶叶',
    startsOn: '2026-11-27',
    days: '3',
    key: 'click-target-key-1-xyz',
  });
  assert.equal(booked.statusCode, 303, booked.body.slice(0, 400));
  const id = (await z.dbh.db.selectFrom('ads').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  await admin.post(`/admin/ads/${id}/approve`, {});
  const r = await guest(z).get(clickUrl(z.secret, id));
  assert.equal(r.statusCode, 302);
  assert.equal(r.headers.location, 'https://shop.example.com/%E9%9D%92%E5%B7%9D/%E7%89%B9%E4%BA%A7?q=%E8%8C%B6%E5%8F%B6');
});
