import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';

/** Positions as an admin would set them up; members get points from an admin adjustment. */
async function setup(t: { after(fn: () => Promise<void>): void }, capacity = 2) {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'ads_admin', 'admin');
  const me = admin.member!;
  await z.ads.savePosition(
    undefined,
    { code: 'article-links', name: '文章下方文字链', width: '640', height: '30', kind: 'text', pricePerDay: '10', capacity: String(capacity), active: '1' },
    me,
    '127.0.0.1',
  );
  await z.ads.savePosition(
    undefined,
    { code: 'home-banner', name: '首页横幅', width: '960', height: '90', kind: 'image', pricePerDay: '50', capacity: '1', active: '1' },
    me,
    '127.0.0.1',
  );
  return { z, admin };
}

async function memberWith(z: TestApp, admin: Client, username: string, points: number): Promise<Client> {
  const c = await loginAs(z, username);
  const now = await z.points.balance(c.member!.id);
  if (points !== now) await z.points.adjust({ actorId: admin.member!.id, memberId: c.member!.id, amount: points - now, reason: '测试发放' });
  return c;
}

let keyN = 0;
const booking = (over: Record<string, string> = {}) => ({
  position: 'article-links',
  title: '青川老字号糕点，节日礼盒预订中',
  targetUrl: 'https://shop.example.com/cakes?from=zixun',
  startsOn: '2026-11-28',
  days: '5',
  key: `form-key-${++keyN}-abcdef`,
  ...over,
});

async function adRows(z: TestApp) {
  return z.dbh.db.selectFrom('ads').selectAll().orderBy('id').execute();
}

test('a booking takes the price once per form key and waits for review', async (t) => {
  const { z, admin } = await setup(t);
  const alice = await memberWith(z, admin, 'alice', 1000);
  const form = booking();
  const first = await alice.post('/member/ads/new', form);
  assert.equal(first.statusCode, 303, first.body.slice(0, 500));
  assert.match(String(first.headers.location), /^\/member\/ads\/\?ok=booked&ad=\d+$/);
  // The same form submitted again (double click, retry) books nothing more and charges nothing more.
  const again = await alice.post('/member/ads/new', form);
  assert.equal(again.statusCode, 303);
  const twice = await Promise.all([alice.post('/member/ads/new', form), alice.post('/member/ads/new', form)]);
  assert.deepEqual(
    twice.map((r) => r.statusCode),
    [303, 303],
  );
  assert.equal(await z.points.balance(alice.member!.id), 950);
  const rows = await adRows(z);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.status, 'pending');
  assert.equal(rows[0]!.price, 50);
  assert.equal(rows[0]!.ends_on, '2026-12-02');
  const tx = await z.points.transactionByKey(`ads:${alice.member!.id}:${form.key}`);
  assert.equal(tx?.reason, 'ads.booking');
  assert.deepEqual([tx?.refType, tx?.refId], ['ad_booking', String(rows[0]!.id)]);

  const mine = await alice.get(String(first.headers.location));
  assert.equal(mine.statusCode, 200);
  assert.match(mine.body, /预订已提交，扣除50积分/);
  assert.match(mine.body, /青川老字号糕点/);
  assert.match(mine.body, /待审核/);
  assert.match(mine.body, /2026-11-28 至 2026-12-02/);
  // Not shown before review, even within its period.
  z.clock.set('2026-11-29T02:00:00.000Z');
  assert.deepEqual((await guest(z).get('/ads/slots?positions=article-links')).json(), { slots: {} });
});

test('the 广告服务 page lists positions, prices and free days; members get the form, guests a log-in link', async (t) => {
  const { z, admin } = await setup(t, 1);
  const alice = await memberWith(z, admin, 'alice', 1000);
  assert.equal((await alice.post('/member/ads/new', booking({ startsOn: '2026-11-28', days: '2' }))).statusCode, 303);
  const g = await guest(z).get('/ads/');
  assert.equal(g.statusCode, 200);
  assert.match(g.body, /文章下方文字链/);
  assert.match(g.body, /640×30/);
  assert.match(g.body, /10积分\/天/);
  assert.match(g.body, /文字链接/);
  assert.match(g.body, /data-day="2026-11-27"><span class="d">11月27日<\/span> <span class="n">1<\/span>/);
  assert.match(g.body, /class="full" title="2026-11-28"/, 'a booked day of a one-place position is full');
  assert.match(g.body, /class="free" title="2026-11-30"/);
  assert.match(g.body, /href="\/member\/login\?next=%2Fads%2F"/);
  assert.doesNotMatch(g.body, /name="key"/);
  const m = await alice.get('/ads/');
  assert.match(m.body, /<form[^>]+action="\/member\/ads\/new\?_csrf=/);
  assert.match(m.body, /name="key" value="[0-9a-f-]{36}"/);
  assert.match(m.body, /您当前的积分：980/);
});

test('a position is never booked beyond its capacity on any day; a refused booking moves nothing', async (t) => {
  const { z, admin } = await setup(t, 2);
  const a = await memberWith(z, admin, 'alice', 1000);
  const b = await memberWith(z, admin, 'bob', 1000);
  const c = await memberWith(z, admin, 'carol', 1000);
  assert.equal((await a.post('/member/ads/new', booking({ startsOn: '2026-11-28', days: '3' }))).statusCode, 303);
  assert.equal((await b.post('/member/ads/new', booking({ startsOn: '2026-11-30', days: '3' }))).statusCode, 303);
  // 11-30 is taken twice now: a period that touches it is refused.
  const full = await c.post('/member/ads/new', booking({ startsOn: '2026-11-27', days: '10' }));
  assert.equal(full.statusCode, 422);
  assert.match(full.body, /所选时段已约满：11月30日/);
  assert.match(full.body, /value="2026-11-27"/, 'what was typed is kept');
  const full2 = await c.post('/member/ads/new', booking({ startsOn: '2026-11-30', days: '1' }));
  assert.equal(full2.statusCode, 422);
  assert.match(full2.body, /所选时段已约满：11月30日/);
  assert.equal(await z.points.balance(c.member!.id), 1000);
  assert.equal((await adRows(z)).length, 2);
  // The day after is free.
  assert.equal((await c.post('/member/ads/new', booking({ startsOn: '2026-12-03', days: '1' }))).statusCode, 303);

  // Many members racing for the last places: exactly the capacity is sold, the rest pay nothing.
  const racers = await Promise.all(Array.from({ length: 6 }, (_, i) => memberWith(z, admin, `racer${i}`, 100)));
  const results = await Promise.all(racers.map((r) => r.post('/member/ads/new', booking({ startsOn: '2026-12-10', days: '1' }))));
  assert.equal(results.filter((r) => r.statusCode === 303).length, 2, results.map((r) => r.statusCode).join(','));
  assert.equal(results.filter((r) => r.statusCode === 422).length, 4);
  const balances = await Promise.all(racers.map((r) => z.points.balance(r.member!.id)));
  assert.deepEqual(
    balances.sort((x, y) => x - y),
    [90, 90, 100, 100, 100, 100],
  );
});

test('rejecting a booking refunds it in the same transaction and frees its days', async (t) => {
  const { z, admin } = await setup(t, 1);
  const alice = await memberWith(z, admin, 'alice', 500);
  const bob = await memberWith(z, admin, 'bob', 500);
  assert.equal((await alice.post('/member/ads/new', booking({ days: '4' }))).statusCode, 303);
  assert.equal(await z.points.balance(alice.member!.id), 460);
  const ad = (await adRows(z))[0]!;
  const editor = await loginAs(z, 'ads_editor', 'editor');
  const queue = await editor.get('/admin/ads/review');
  assert.equal(queue.statusCode, 200);
  assert.match(queue.body, /青川老字号糕点/);
  assert.equal((await editor.post(`/admin/ads/${ad.id}/stop`, {})).statusCode, 409, 'a pending booking is rejected (refunded), not stopped');
  const noReason = await editor.post(`/admin/ads/${ad.id}/reject`, { reason: ' ' });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /请填写未通过的原因/);
  assert.equal(await z.points.balance(alice.member!.id), 460);

  const r = await editor.post(`/admin/ads/${ad.id}/reject`, { reason: '链接的网站与广告内容不符' });
  assert.equal(r.statusCode, 303);
  assert.equal(await z.points.balance(alice.member!.id), 500);
  const refund = await z.points.transactionByKey(`ads:refund:${ad.id}`);
  assert.equal(refund?.reason, 'ads.refund');
  assert.equal(refund?.refId, String(ad.id));
  // Rejecting again (another tab) neither refunds twice nor fails silently.
  assert.equal((await editor.post(`/admin/ads/${ad.id}/reject`, { reason: '重复' })).statusCode, 409);
  assert.equal(await z.points.balance(alice.member!.id), 500);
  assert.equal((await editor.post(`/admin/ads/${ad.id}/approve`, {})).statusCode, 409);
  assert.equal((await editor.post(`/admin/ads/${ad.id}/stop`, {})).statusCode, 303, 'stopping a rejected ad changes nothing');
  const mine = await alice.get('/member/ads/');
  assert.match(mine.body, /未通过/);
  assert.match(mine.body, /原因：链接的网站与广告内容不符/);
  // The place is free again.
  assert.equal((await bob.post('/member/ads/new', booking({ days: '4' }))).statusCode, 303);
  const audit = await z.dbh.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', 'like', 'ads.%').execute();
  assert.ok(audit.some((x) => x.action === 'ads.reject' && x.actor_id === editor.member!.id));
});

test('bad input is refused with a clear message and moves nothing', async (t) => {
  const { z, admin } = await setup(t);
  const alice = await memberWith(z, admin, 'alice', 1000);
  const poor = await memberWith(z, admin, 'poor', 30);
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ startsOn: '2026-11-26' }, /开始日期不能早于今天/],
    [{ startsOn: '2026-02-30' }, /请填写有效的日期/],
    [{ startsOn: 'tomorrow' }, /请填写有效的日期/],
    [{ startsOn: '2027-12-01' }, /最多只能预订180天以内开始的时段/],
    [{ days: '0' }, /投放天数须为1至90之间的整数/],
    [{ days: '-3' }, /投放天数须为1至90之间的整数/],
    [{ days: '1.5' }, /投放天数须为1至90之间的整数/],
    [{ days: '99999999999999' }, /投放天数须为1至90之间的整数/],
    [{ days: 'abc' }, /投放天数须为1至90之间的整数/],
    [{ targetUrl: 'javascript:alert(1)' }, /请填写以 http:\/\/ 或 https:\/\/ 开头的完整网址/],
    [{ targetUrl: 'ftp://files.example.com/' }, /请填写以 http:\/\/ 或 https:\/\/ 开头的完整网址/],
    [{ targetUrl: 'https://user:pw@evil.example/' }, /请填写以 http:\/\/ 或 https:\/\/ 开头的完整网址/],
    [{ targetUrl: '' }, /请填写以 http:\/\/ 或 https:\/\/ 开头的完整网址/],
    [{ title: '' }, /请填写广告文字/],
    [{ title: '长'.repeat(41) }, /请填写广告文字（最多40字）/],
    [{ position: 'nowhere' }, /请选择广告位/],
    [{ position: 'home-banner' }, /图片广告请上传一张图片/],
    [{ key: '' }, /表单已过期/],
  ];
  for (const [over, message] of cases) {
    const r = await alice.post('/member/ads/new', booking(over));
    assert.equal(r.statusCode, 422, `${JSON.stringify(over)} → ${r.statusCode}`);
    assert.match(r.body, message, JSON.stringify(over));
  }
  const broke = await poor.post('/member/ads/new', booking({ days: '5' }));
  assert.equal(broke.statusCode, 409);
  assert.match(broke.body, /积分不足，本次预订需要50积分/);
  assert.equal(await z.points.balance(alice.member!.id), 1000);
  assert.equal(await z.points.balance(poor.member!.id), 30);
  assert.equal((await adRows(z)).length, 0);
  const ledger = await z.dbh.db.selectFrom('ledger_transactions').select('reason').where('reason', 'like', 'ads.%').execute();
  assert.deepEqual(ledger, []);
  // A closed position cannot be booked.
  const pos = (await z.ads.positionByCode('article-links'))!;
  await z.ads.savePosition(
    pos.id,
    { code: pos.code, name: pos.name, width: '640', height: '30', kind: 'text', pricePerDay: '10', capacity: '2' },
    admin.member!,
    '',
  );
  const closed = await alice.post('/member/ads/new', booking());
  assert.equal(closed.statusCode, 422);
  assert.match(closed.body, /该广告位暂停预订/);
  // Guests are sent to log in.
  const g = await guest(z).post('/member/ads/new', booking());
  assert.equal(g.statusCode, 303);
  assert.match(String(g.headers.location), /^\/member\/login/);
});

/** A multipart body as the booking form sends it: text fields, then the picture. */
function multipart(fields: Record<string, string>, file?: { filename: string; type: string; data: Buffer }) {
  const boundary = `----zixunads${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

test('an image booking stores the picture re-encoded at the position size; a fake picture is refused', async (t) => {
  const { z, admin } = await setup(t);
  const alice = await memberWith(z, admin, 'alice', 1000);
  const { default: sharp } = await import('sharp');
  const png = await sharp({ create: { width: 1200, height: 300, channels: 3, background: '#cc3333' } })
    .png()
    .toBuffer();
  const send = (fields: Record<string, string>, file?: { filename: string; type: string; data: Buffer }) => {
    const { payload, contentType } = multipart(fields, file);
    return z.app.inject({
      method: 'POST',
      url: `/member/ads/new?_csrf=${encodeURIComponent(alice.csrf)}`,
      headers: { cookie: alice.cookie, 'content-type': contentType },
      payload,
    });
  };
  const fake = await send(booking({ position: 'home-banner', days: '2' }), {
    filename: 'x.png',
    type: 'image/png',
    data: Buffer.from('<script>alert(1)</script>'),
  });
  assert.equal(fake.statusCode, 422);
  assert.match(fake.body, /只支持 JPG、PNG、WebP 或 GIF 图片/);
  assert.equal(await z.points.balance(alice.member!.id), 1000);

  const r = await send(booking({ position: 'home-banner', days: '2', title: '青川糕点 "节日礼盒"' }), { filename: 'banner.png', type: 'image/png', data: png });
  assert.equal(r.statusCode, 303, r.body.slice(0, 500));
  assert.equal(await z.points.balance(alice.member!.id), 900);
  const ad = (await adRows(z))[0]!;
  assert.match(ad.image_url, /^\/uploads\/ads\/\d{4}\/\d{2}\/[0-9a-f]{18}\.png$/);
  const meta = await sharp((await z.storage.get(ad.image_url.slice('/uploads/'.length)))!).metadata();
  assert.deepEqual([meta.width, meta.height], [960, 90]);
  await admin.post(`/admin/ads/${ad.id}/approve`, {});
  z.clock.set('2026-11-28T03:00:00.000Z');
  const slot = (await guest(z).get('/ads/slots?positions=home-banner')).json().slots['home-banner'];
  assert.match(
    slot.html,
    new RegExp(`<img src="${ad.image_url}" alt="青川糕点 &quot;节日礼盒&quot;" title="青川糕点 &quot;节日礼盒&quot;" width="960" height="90">`),
  );
});

test('a member withdraws a booking before it is shown (full refund, days freed); a stopped booking gets back the days not shown', async (t) => {
  const { z, admin } = await setup(t, 1);
  const alice = await memberWith(z, admin, 'alice', 1000);
  const bob = await memberWith(z, admin, 'bob', 1000);
  const editor = await loginAs(z, 'ads_editor', 'editor');
  const aliceId = alice.member!.id;

  // Pending: withdrawn at once, all 50 points back, the only place on those days is free for bob.
  assert.equal((await alice.post('/member/ads/new', booking({ days: '5' }))).statusCode, 303);
  const first = (await adRows(z))[0]!;
  assert.equal(await z.points.balance(aliceId), 950);
  const mine = await alice.get('/member/ads/');
  assert.ok(mine.body.includes(`action="/member/ads/${first.id}/cancel"`) && mine.body.includes('撤销预订'));
  assert.equal((await bob.post(`/member/ads/${first.id}/cancel`, {})).statusCode, 403, "another member's booking");
  assert.equal((await guest(z).post(`/member/ads/${first.id}/cancel`, {})).statusCode, 303, 'a guest is sent to log in');
  const tries = await Promise.all([alice.post(`/member/ads/${first.id}/cancel`, {}), alice.post(`/member/ads/${first.id}/cancel`, {})]);
  assert.deepEqual(tries.map((r) => r.statusCode).sort(), [303, 409], 'a double click refunds once');
  const done = tries.find((r) => r.statusCode === 303)!;
  assert.equal(done.headers.location, `/member/ads/?ok=cancelled&ad=${first.id}`);
  assert.match((await alice.get(String(done.headers.location))).body, /预订已撤销，50 积分已退还/);
  assert.equal(await z.points.balance(aliceId), 1000);
  assert.equal((await adRows(z))[0]!.status, 'cancelled');
  assert.match((await alice.get('/member/ads/')).body, /已撤销/);
  assert.equal((await editor.post(`/admin/ads/${first.id}/approve`, {})).statusCode, 409, 'a withdrawn booking cannot be approved');
  assert.equal((await bob.post('/member/ads/new', booking({ days: '5' }))).statusCode, 303, 'the days are free again');

  // Approved and starting tomorrow: still withdrawable today; from its first day on, it is not.
  const bobAd = (await adRows(z)).at(-1)!;
  assert.equal((await editor.post(`/admin/ads/${bobAd.id}/approve`, {})).statusCode, 303);
  z.clock.set('2026-11-27T16:30:00.000Z'); // 00:30 on 11-28 in China: the first day has begun
  const [bobLate, editorLate] = [await loginAs(z, 'bob'), await loginAs(z, 'ads_editor', 'editor')]; // test sessions last an hour
  assert.ok(!(await bobLate.get('/member/ads/')).body.includes(`/member/ads/${bobAd.id}/cancel`));
  const late = await bobLate.post(`/member/ads/${bobAd.id}/cancel`, {});
  assert.equal(late.statusCode, 409);
  assert.match(late.body, /广告已开始展示或已结束，不能撤销/);
  assert.equal(await z.points.balance(bob.member!.id), 950);

  // Stopped on its first day (11-28 shown, 11-29..12-02 not): 4 of 5 days come back, once.
  const stop = await editorLate.post(`/admin/ads/${bobAd.id}/stop`, { reason: '内容与实际经营不符' });
  assert.equal(stop.statusCode, 303);
  assert.equal(stop.headers.location, `/admin/ads/?done=stopped&ad=${bobAd.id}`);
  assert.match((await editorLate.get(String(stop.headers.location))).body, /广告已停用，40 积分已退还会员/);
  assert.equal(await z.points.balance(bob.member!.id), 990);
  assert.equal((await editorLate.post(`/admin/ads/${bobAd.id}/stop`, {})).statusCode, 303);
  assert.equal(await z.points.balance(bob.member!.id), 990, 'stopping again refunds nothing more');
  // 我的广告 tells bob why and what came back.
  const bobList = (await bobLate.get('/member/ads/')).body;
  assert.ok(bobList.includes('停用原因：内容与实际经营不符'), 'the stop reason is shown to the member');
  assert.ok(bobList.includes('已退还 40 积分'), 'and the points that came back');
  const refund = await z.points.transactionByKey(`ads:refund:${bobAd.id}`);
  assert.equal(refund?.reason, 'ads.refund');
  const stopped = (await z.audit.list({ limit: 50, offset: 0 })).items.find((e) => e.action === 'ads.stop');
  assert.equal((stopped?.detail as { refund?: number } | undefined)?.refund, 40);
  assert.ok((await z.audit.list({ limit: 50, offset: 0 })).items.some((e) => e.action === 'ads.cancel' && e.actorId === aliceId));
  assert.deepEqual((await z.points.verify()).problems, []);
});

test('flash amounts come from the records, never from the URL; review fields have their own ids; lists 404 past the end', async (t) => {
  const { z, admin } = await setup(t);
  const alice = await memberWith(z, admin, 'alice', 1000);
  const editor = await loginAs(z, 'ads_editor', 'editor');
  // A crafted link claims a refund that never happened: the page says nothing of it.
  const forged = await alice.get('/member/ads/?ok=cancelled&n=99999');
  assert.ok(!forged.body.includes('99999') && !forged.body.includes('已退还'));
  assert.ok(!(await editor.get('/admin/ads/?done=stopped&n=99999')).body.includes('99999'));

  // Two pending bookings in review: each reject reason field has its own id and label.
  assert.equal((await alice.post('/member/ads/new', booking({ days: '5' }))).statusCode, 303);
  assert.equal((await alice.post('/member/ads/new', booking({ days: '2', startsOn: '2026-12-05' }))).statusCode, 303);
  const review = (await editor.get('/admin/ads/review')).body;
  const ids = [...review.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(' ')}`);
  for (const ad of await adRows(z)) assert.ok(review.includes(`<label for="f-reason-${ad.id}">`), `a label for ad ${ad.id}`);

  // A rejected booking: 我的广告 shows the reason and the refund as the ledger recorded it.
  const [one] = await adRows(z);
  assert.equal((await editor.post(`/admin/ads/${one!.id}/reject`, { reason: '图片不清晰' })).statusCode, 303);
  const mine = (await alice.get('/member/ads/')).body;
  assert.ok(mine.includes('原因：图片不清晰') && mine.includes('已退还 50 积分'));

  for (const q of ['abc', '0', '2']) {
    assert.equal((await editor.get(`/admin/ads/?page=${q}`)).statusCode, 404, `admin page=${q}`);
    assert.equal((await alice.get(`/member/ads/?page=${q}`)).statusCode, 404, `member page=${q}`);
  }
  assert.equal((await editor.get('/admin/ads/?page=1')).statusCode, 200);
});
