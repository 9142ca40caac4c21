import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { clickUrl } from './ads.sign.ts';
import { bookText, lastAdId, memberWith, setup, slots } from './ads.fixtures.test.ts';

test('an approved ad shows only within its period, and ads on one position take turns', async (t) => {
  const { z, admin } = await setup(t);
  const alice = await memberWith(z, admin, 'alice', 1000);
  await bookText(alice, { title: '第一条：青川糕点', startsOn: '2026-11-28', days: '3' });
  const first = await lastAdId(z);
  await bookText(alice, { title: '第二条：青川茶叶', startsOn: '2026-11-29', days: '1' });
  const second = await lastAdId(z);
  assert.equal((await admin.post(`/admin/ads/${first}/approve`, {})).statusCode, 303);
  assert.equal((await admin.post(`/admin/ads/${second}/approve`, {})).statusCode, 303);

  // 2026-11-27 in China: neither has started.
  assert.deepEqual(await slots(z, 'article-links'), {});
  z.clock.set('2026-11-27T16:30:00.000Z'); // 00:30 on 11-28 in China
  assert.equal((await slots(z, 'article-links'))['article-links']?.id, first);
  z.clock.set('2026-11-29T04:00:00.000Z');
  const seen = [];
  for (let i = 0; i < 6; i++) seen.push((await slots(z, 'article-links'))['article-links']?.id);
  assert.deepEqual(seen, [second, first, second, first, second, first], 'one impression each, in turn');
  z.clock.set('2026-11-30T10:00:00.000Z');
  assert.equal((await slots(z, 'article-links'))['article-links']?.id, first, 'the one-day ad has ended');
  z.clock.set('2026-11-30T16:00:00.000Z'); // 12-01 in China: the first one ended too
  assert.deepEqual(await slots(z, 'article-links'), {});

  await z.ads.flushImpressions();
  const rows = await z.dbh.db.selectFrom('ads').select(['id', 'impressions']).orderBy('id').execute();
  assert.deepEqual(
    rows.map((r) => Number(r.impressions)),
    [5, 3],
  );
  const mine = await (await loginAs(z, 'alice')).get('/member/ads/');
  assert.match(mine.body, /<td class="num impressions"[^>]*>5<\/td>/);

  // A stopped ad disappears at once.
  z.clock.set('2026-11-29T04:00:00.000Z');
  const admin2 = await loginAs(z, 'ads_admin'); // the first session expired while the clock moved
  assert.equal((await admin2.post(`/admin/ads/${second}/stop`, {})).statusCode, 303);
  for (let i = 0; i < 3; i++) assert.equal((await slots(z, 'article-links'))['article-links']?.id, first);
});

test('clicks go through a signed redirect; unsigned or tampered links are refused and never redirect elsewhere', async (t) => {
  const { z, admin } = await setup(t);
  const alice = await memberWith(z, admin, 'alice', 1000);
  await bookText(alice, { startsOn: '2026-11-27', targetUrl: 'https://shop.example.com/landing?a=1&b=2' });
  const id = await lastAdId(z);
  await admin.post(`/admin/ads/${id}/approve`, {});
  const reader = 'Mozilla/5.0 (X11; Linux x86_64) clicker-1';
  const s = (await slots(z, 'article-links', reader))['article-links']!;
  const href = /href="([^"]+)"/.exec(s.html)![1]!.replace(/&amp;/g, '&');
  assert.equal(href, clickUrl(z.secret, id));
  const r = await guest(z).get(href, { 'user-agent': reader });
  assert.equal(r.statusCode, 302);
  assert.equal(r.headers.location, 'https://shop.example.com/landing?a=1&b=2');
  assert.equal(r.headers['cache-control'], 'no-store');
  await guest(z).get(href, { 'user-agent': reader });

  const sig = new URL(href, 'http://x').searchParams.get('sig')!;
  const tampered = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
  for (const bad of [
    `/ads/click/${id}`,
    `/ads/click/${id}?sig=`,
    `/ads/click/${id}?sig=${tampered}`,
    `/ads/click/${id + 1}?sig=${sig}`,
    `/ads/click/${id}?sig=${sig}&url=https://evil.example/`,
  ]) {
    const res = await guest(z).get(bad, { 'user-agent': reader });
    if (bad.includes('evil')) {
      assert.equal(res.statusCode, 302);
      assert.equal(res.headers.location, 'https://shop.example.com/landing?a=1&b=2', 'extra parameters never choose the target');
    } else {
      assert.equal(res.statusCode, 404, bad);
      assert.equal(res.headers.location, undefined);
    }
  }
  // This reader's clicks counted once (one per visitor per window). A reader the ad was never shown to
  // (a shared link) is redirected but not counted; once it is shown to them, their click counts.
  const reader2 = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) reader-2';
  assert.equal((await guest(z).get(href, { 'user-agent': reader2 })).statusCode, 302);
  await z.ads.flushImpressions();
  const before = await z.dbh.db.selectFrom('ads').select(['clicks', 'impressions']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([Number(before.clicks), Number(before.impressions)], [1, 1], 'never more clicks than impressions');
  await slots(z, 'article-links', reader2);
  assert.equal((await guest(z).get(href, { 'user-agent': reader2 })).statusCode, 302);
  await z.ads.flushImpressions();
  const row = await z.dbh.db.selectFrom('ads').select(['clicks', 'impressions']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(Number(row.clicks), 2);
  assert.equal(Number(row.impressions), 2);
  // Text ads have no click ping: their clicks go through the redirect.
  assert.equal((await guest(z).get(`/ads/click/${id}/ping?sig=${sig}`)).statusCode, 404);
  // A pending or rejected ad has no live link, even with a valid signature.
  await bookText(alice, { startsOn: '2026-11-27' });
  const pending = await lastAdId(z);
  assert.equal((await guest(z).get(clickUrl(z.secret, pending))).statusCode, 404);
});

test('member-supplied text and links never become markup; HTML ads are for admins only and sandboxed', async (t) => {
  const { z, admin } = await setup(t);
  const alice = await memberWith(z, admin, 'alice', 1000);
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'';
  await bookText(alice, { title: evil.slice(0, 40), startsOn: '2026-11-27' });
  const id = await lastAdId(z);
  const queue = await admin.get('/admin/ads/review');
  assert.doesNotMatch(queue.body, /<script>alert|<img src=x/);
  await admin.post(`/admin/ads/${id}/approve`, {});
  const html = (await slots(z, 'article-links'))['article-links']!.html;
  assert.doesNotMatch(html, /<script|<img|onerror=alert\(2\)>/);
  assert.match(html, />&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x oner<\/a>/);
  const mine = await alice.get('/member/ads/');
  assert.doesNotMatch(mine.body, /<script>alert/);

  // A member cannot book HTML: the kind follows the position, and HTML positions refuse members.
  const sneaky = await alice.post('/member/ads/new', {
    position: 'article-sidebar',
    kind: 'html',
    html: '<script>alert(3)</script>',
    title: '试试',
    targetUrl: 'https://a.example/',
    startsOn: '2026-11-28',
    days: '1',
    key: 'sneaky-key-0001',
  });
  assert.equal(sneaky.statusCode, 422);
  assert.match(sneaky.body, /该广告位只接受本站投放的广告/);
  await bookText(alice, { kind: 'html', html: '<script>alert(4)</script>', startsOn: '2026-11-28' });
  const textOnly = await z.dbh.db
    .selectFrom('ads')
    .select(['kind', 'html'])
    .where('id', '=', await lastAdId(z))
    .executeTakeFirstOrThrow();
  assert.deepEqual(textOnly, { kind: 'text', html: '' });

  // Editors may create image and text ads, not HTML.
  const editor = await loginAs(z, 'ads_editor', 'editor');
  const fields = {
    position: 'article-sidebar',
    kind: 'html',
    title: '合作伙伴',
    html: '<b>hi</b><script>parent.document.cookie</script>',
    startsOn: '2026-11-27',
    days: '10',
  };
  const refused = await editor.post('/admin/ads/new', fields);
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /只有管理员可以投放HTML代码广告/);
  const ok = await admin.post('/admin/ads/new', fields);
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 800));
  const viewer = 'Mozilla/5.0 (X11; Linux x86_64) html-viewer';
  const sidebar = (await slots(z, 'article-sidebar', viewer))['article-sidebar']!.html;
  // The admin's code runs only inside a sandboxed frame without this site's origin.
  assert.match(sidebar, /<iframe sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" srcdoc="&lt;b&gt;hi&lt;\/b&gt;&lt;script&gt;/);
  assert.doesNotMatch(sidebar, /allow-same-origin/);
  // A click inside the frame is reported by ads.js to the signed ping URL: counted once per visitor.
  const ping = /data-ping="([^"]+)"/.exec(sidebar)![1]!.replace(/&amp;/g, '&');
  const htmlId = await lastAdId(z);
  assert.match(ping, new RegExp(`^/ads/click/${htmlId}/ping\\?sig=[A-Za-z0-9_-]{32}$`));
  assert.equal((await guest(z).get(ping.slice(0, -1) + (ping.endsWith('A') ? 'B' : 'A'))).statusCode, 404, 'a tampered ping is refused');
  const pinged = await guest(z).get(ping, { 'user-agent': viewer });
  assert.equal(pinged.statusCode, 204);
  assert.equal(pinged.headers['cache-control'], 'no-store');
  assert.equal((await guest(z).get(ping, { 'user-agent': viewer })).statusCode, 204);
  await guest(z).get(ping, { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' });
  await z.ads.flushImpressions();
  const htmlClicks = await z.dbh.db.selectFrom('ads').select('clicks').where('id', '=', htmlId).executeTakeFirstOrThrow();
  assert.equal(Number(htmlClicks.clicks), 1, 'one reader, two pings, one crawler: one click');
  const audit = await z.dbh.db.selectFrom('audit_log').select('action').where('action', '=', 'ads.create').execute();
  assert.equal(audit.length, 1);
});

test('cached home and article pages stay cached (X-Cache HIT) while the ads in their slots change and count', async (t) => {
  const { z, admin } = await setup(t);
  const cat = await makeCategory(z, { slug: 'local', name: '本地' });
  const article = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  await guest(z).get('/');
  const home = await guest(z).get('/');
  assert.equal(home.headers['x-cache'], 'HIT');
  assert.match(home.body, /<div class="ad-slot ad-home-banner" data-ad-slot="home-banner" hidden><\/div>/);
  assert.match(home.body, /<script src="\/static\/ads.js\?v=[0-9a-f]{8}"[^>]* defer><\/script>/);
  await guest(z).get(`/news/${article.id}.html`);
  const page = await guest(z).get(`/news/${article.id}.html`);
  assert.equal(page.headers['x-cache'], 'HIT');
  assert.match(page.body, /data-ad-slot="article-links"/);
  assert.match(page.body, /data-ad-slot="article-sidebar"/);
  // The phone pages carry the same positions and the script, and stay cached too.
  for (const path of ['/mobile/', `/mobile/news/${article.id}.html`, `/mobile/category/${cat.slug}/`]) {
    await guest(z).get(path);
    const m = await guest(z).get(path);
    assert.equal(m.headers['x-cache'], 'HIT', path);
    assert.match(m.body, /<script src="\/static\/ads.js\?v=[0-9a-f]{8}"[^>]* defer><\/script>/, path);
  }
  const mobilePage = (await guest(z).get(`/mobile/news/${article.id}.html`)).body;
  assert.match(mobilePage, /data-ad-slot="article-links"[\s\S]*data-ad-slot="article-sidebar"/);
  assert.match((await guest(z).get('/mobile/')).body, /data-ad-slot="home-banner"/);
  assert.match((await guest(z).get(`/mobile/category/${cat.slug}/`)).body, /data-ad-slot="list-interstitial"/);

  // Staff put up a text link and a banner; a member's booking is approved: no page is purged.
  assert.equal(
    (
      await admin.post('/admin/ads/new', {
        position: 'article-links',
        kind: 'text',
        title: '本站招聘编辑',
        targetUrl: 'https://jobs.example.com/',
        startsOn: '2026-11-27',
        days: '30',
      })
    ).statusCode,
    303,
  );
  assert.equal((await guest(z).get('/')).headers['x-cache'], 'HIT');
  assert.equal((await guest(z).get(`/news/${article.id}.html`)).headers['x-cache'], 'HIT');
  const before = await slots(z, 'article-links,article-sidebar,home-banner');
  assert.deepEqual(Object.keys(before), ['article-links']);
  assert.match(before['article-links']!.html, /本站招聘编辑/);
  const alice = await memberWith(z, admin, 'alice', 1000);
  await bookText(alice, { title: '会员的文字链', startsOn: '2026-11-27' });
  await admin.post(`/admin/ads/${await lastAdId(z)}/approve`, {});
  assert.equal((await guest(z).get(`/news/${article.id}.html`)).headers['x-cache'], 'HIT');
  const titles = new Set<string>();
  for (let i = 0; i < 4; i++) titles.add(/>([^<]+)<\/a>/.exec((await slots(z, 'article-links'))['article-links']!.html)![1]!);
  assert.deepEqual([...titles].sort(), ['会员的文字链', '本站招聘编辑'].sort(), 'the slot rotates behind the cached page');
  await z.ads.flushImpressions();
  const counts = await z.dbh.db.selectFrom('ads').select('impressions').execute();
  assert.equal(
    counts.reduce((n, r) => n + Number(r.impressions), 0),
    5,
  );
  const slotsRes = await guest(z).get('/ads/slots?positions=article-links');
  assert.equal(slotsRes.headers['cache-control'], 'no-store');
  // Junk in the query is ignored, not an error.
  const junk = await guest(z).get('/ads/slots?positions=' + encodeURIComponent("<x>,../../etc,'; drop table ads;--"));
  assert.equal(junk.statusCode, 200);
  assert.deepEqual(junk.json(), { slots: {} });
});

test('impressions: one per visitor per ad within the window, none for crawlers, written in batches; the slot still rotates', async (t) => {
  const { z, admin } = await setup(t);
  const alice = await memberWith(z, admin, 'alice', 1000);
  await bookText(alice, { title: '甲：青川糕点', startsOn: '2026-11-27', days: '3' });
  const first = await lastAdId(z);
  await bookText(alice, { title: '乙：青川茶叶', startsOn: '2026-11-27', days: '3' });
  const second = await lastAdId(z);
  for (const id of [first, second]) assert.equal((await admin.post(`/admin/ads/${id}/approve`, {})).statusCode, 303);
  const stored = async () => (await z.dbh.db.selectFrom('ads').select(['id', 'impressions']).orderBy('id').execute()).map((r) => [r.id, Number(r.impressions)]);

  // One reader reloading six times: the ads still take turns, but each counts once for that reader.
  const reader = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) reader-1';
  const shown = [];
  for (let i = 0; i < 6; i++) shown.push((await slots(z, 'article-links', reader))['article-links']?.id);
  assert.deepEqual(shown, [first, second, first, second, first, second]);
  // Crawlers get the slot filled (the page must not break) but count nothing.
  for (const bot of ['Mozilla/5.0 (compatible; Baiduspider/2.0)', 'Googlebot/2.1 (+http://www.google.com/bot.html)', 'curl/8.5.0'])
    assert.ok((await slots(z, 'article-links', bot))['article-links']);
  assert.deepEqual(
    await stored(),
    [
      [first, 0],
      [second, 0],
    ],
    'nothing is written in the request path',
  );
  const mine = await alice.get('/member/ads/');
  assert.match(
    mine.body,
    /<td class="num impressions"[^>]*>1<\/td>[\s\S]*<td class="num impressions"[^>]*>1<\/td>/,
    'counted impressions show before they are written',
  );

  await z.ads.flushImpressions();
  assert.deepEqual(await stored(), [
    [first, 1],
    [second, 1],
  ]);
  // After the window the same reader counts again; a second reader counts at once.
  z.clock.advance(31 * 60_000);
  await slots(z, 'article-links', reader);
  await slots(z, 'article-links', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) reader-2');
  await z.ads.flushImpressions();
  assert.equal(
    (await stored()).reduce((n, [, c]) => n + (c ?? 0), 0),
    4,
  );

  // A crawler following a click link is redirected but not counted as a click.
  const href = /href="([^"]+)"/.exec((await slots(z, 'article-links', reader))['article-links']!.html)![1]!.replace(/&amp;/g, '&');
  assert.equal((await guest(z).get(href, { 'user-agent': 'Mozilla/5.0 (compatible; bingbot/2.0)' })).statusCode, 302);
  assert.equal((await guest(z).get(href, { 'user-agent': reader })).statusCode, 302);
  await z.ads.flushImpressions();
  const clicks = await z.dbh.db
    .selectFrom('ads')
    .select(({ fn }) => fn.sum<number>('clicks').as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(clicks.n), 1);
});
