import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';
import { ctr } from './views/member-pages.tsx';

const READER = 'Mozilla/5.0 (X11; Linux x86_64) ctr-reader';

async function oneTextAd(t: { after(fn: () => Promise<void>): void }): Promise<{ z: TestApp; id: number; href: string }> {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'ads_admin', 'admin');
  await z.ads.savePosition(
    undefined,
    { code: 'article-links', name: '文章下方文字链', kind: 'text', width: '640', height: '30', pricePerDay: '10', capacity: '1', active: '1' },
    admin.member!,
    '127.0.0.1',
  );
  const alice = await loginAs(z, 'alice');
  await z.points.adjust({ actorId: admin.member!.id, memberId: alice.member!.id, amount: 100, reason: '测试发放' });
  const booked = await alice.post('/member/ads/new', {
    position: 'article-links',
    title: '青川本地好物',
    targetUrl: 'https://shop.example.com/',
    startsOn: '2026-11-27',
    days: '3',
    key: 'ctr-key-0001-xyz',
  });
  assert.equal(booked.statusCode, 303, booked.body.slice(0, 300));
  const id = (await z.dbh.db.selectFrom('ads').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  assert.equal((await admin.post(`/admin/ads/${id}/approve`, {})).statusCode, 303);
  const slots = (await guest(z).get('/ads/slots?positions=article-links', { 'user-agent': READER })).json().slots;
  const href = /href="([^"]+)"/.exec(slots['article-links'].html)![1]!.replace(/&amp;/g, '&');
  return { z, id, href };
}

test('广告统计: one impression never yields more clicks than impressions (no click-through rate over 100%)', async (t) => {
  const { z, id, href } = await oneTextAd(t);
  assert.equal((await guest(z).get(href, { 'user-agent': READER })).statusCode, 302);
  // The same reader clicks the same link again after the click window without seeing the ad again,
  // and someone the ad was never shown to follows the shared link: both still go to the advertiser.
  z.clock.advance(31 * 60_000);
  assert.equal((await guest(z).get(href, { 'user-agent': READER })).statusCode, 302);
  assert.equal((await guest(z).get(href, { 'user-agent': 'Mozilla/5.0 (iPhone) link-sharer' })).statusCode, 302);
  await z.ads.flushImpressions();
  const row = await z.dbh.db.selectFrom('ads').select(['impressions', 'clicks']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([Number(row.impressions), Number(row.clicks)], [1, 1]);

  // Shown again after the window: the reader's next click counts against that impression.
  await guest(z).get('/ads/slots?positions=article-links', { 'user-agent': READER });
  assert.equal((await guest(z).get(href, { 'user-agent': READER })).statusCode, 302);
  await z.ads.flushImpressions();
  const again = await z.dbh.db.selectFrom('ads').select(['impressions', 'clicks']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([Number(again.impressions), Number(again.clicks)], [2, 2]);
  const admin = await loginAs(z, 'ads_admin', 'admin');
  assert.ok((await admin.get('/admin/ads/')).body.includes('100.00%'));
});

test('counts stored before the rule (more clicks than impressions) show a rate of at most 100%', () => {
  assert.equal(ctr({ impressions: 1, clicks: 2 }), '100.00%');
  assert.equal(ctr({ impressions: 4, clicks: 1 }), '25.00%');
  assert.equal(ctr({ impressions: 0, clicks: 3 }), '—');
});

test('a browser with an absurdly long user agent is one visitor (its first 512 characters), and its click still counts', async (t) => {
  const { z, id, href } = await oneTextAd(t);
  const long = `Mozilla/5.0 ${'x'.repeat(600)}`;
  for (const tail of ['a'.repeat(8000), 'b'.repeat(8000)]) await guest(z).get('/ads/slots?positions=article-links', { 'user-agent': long + tail });
  assert.equal((await guest(z).get(href, { 'user-agent': `${long}c` })).statusCode, 302);
  await z.ads.flushImpressions();
  const row = await z.dbh.db.selectFrom('ads').select(['impressions', 'clicks']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([Number(row.impressions), Number(row.clicks)], [2, 1], 'READER once, the long agent once; its click counted');
});
