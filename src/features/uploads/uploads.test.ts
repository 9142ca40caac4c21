import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { describeUse } from './uploads.admin.tsx';

const HOUR = 3_600_000;
const exists = (z: TestApp, key: string) => fs.existsSync(path.join(z.storage.root, key));
const rowOf = (z: TestApp, key: string) => z.dbh.db.selectFrom('uploads').selectAll().where('key', '=', key).executeTakeFirst();

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return z;
}

/** Files as features store them: an orphan, a body image and a cover (with its thumbnail) in use. */
async function storeFiles(z: TestApp) {
  const data = Buffer.alloc(1000, 1);
  await z.storage.put('images/2026/11/aaaaaaaaaaaaaaaaaa.jpg', data); // used in a body
  await z.storage.put('covers/2026/11/bbbbbbbbbbbbbbbbbb.jpg', data); // a cover …
  await z.storage.put('covers/2026/11/bbbbbbbbbbbbbbbbbb_thumb.jpg', data); // … and its thumbnail
  await z.storage.put('covers/2026/11/cccccccccccccccccc.jpg', Buffer.alloc(1500, 1)); // abandoned (a 422 form)
  const a = await makeArticle(z, {
    category: 'local',
    cover: '/uploads/covers/2026/11/bbbbbbbbbbbbbbbbbb.jpg',
    body: '<p>图文</p><p><img src="/uploads/images/2026/11/aaaaaaaaaaaaaaaaaa.jpg" alt=""></p>',
  });
  return a;
}

function upload(z: TestApp, c: Client, file: { name: string; type: string; data: Buffer }) {
  const boundary = '----zxtest' + Math.random().toString(16).slice(2);
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="logoFile"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return z.app.inject({
    method: 'POST',
    url: `/admin/settings/logo?_csrf=${encodeURIComponent(c.csrf)}`,
    headers: { cookie: c.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

test('an uploaded file is recorded with its kind, size and uploader, and 附件管理 shows it in use', async (t) => {
  const z = await setup(t);
  const admin = await loginAs(z, 'boss', 'admin');
  const png = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#c33' } })
    .png()
    .toBuffer();
  const res = await upload(z, admin, { name: 'logo.png', type: 'image/png', data: png });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const key = (await z.settings.get()).logoUrl.slice('/uploads/'.length);
  const row = await rowOf(z, key);
  assert.ok(row, 'the logo is recorded');
  assert.equal(row.kind, 'logo');
  assert.equal(row.uploader_id, admin.member!.id);
  assert.equal(row.size, fs.statSync(path.join(z.storage.root, key)).size);

  const page = await admin.get('/admin/uploads/');
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes(`<img src="/uploads/${key}"`), 'a thumbnail');
  assert.ok(page.body.includes('网站Logo'), 'in use by the settings, named as the settings page names it');
  assert.ok(!page.body.includes('logoUrl'), 'no internal setting name');
  assert.ok(page.body.includes('boss'), 'the uploader');
  assert.ok(page.body.includes('href="/admin/uploads/"'), 'in the console menu');

  // Removing the logo removes the file and its record.
  await admin.post('/admin/settings/logo/remove');
  assert.equal(await rowOf(z, key), undefined);
});

test('the sweep removes orphans past the grace period, keeps files in use and young ones, gives old unrecorded files a full grace period, audits', async (t) => {
  const z = await setup(t);
  const a = await storeFiles(z);
  // Files from before the table: on disk only, a week old; one referenced by nothing, one by a revision.
  fs.mkdirSync(path.join(z.storage.root, 'images/2019/01'), { recursive: true });
  fs.writeFileSync(path.join(z.storage.root, 'images/2019/01/legacy.gif'), Buffer.alloc(700, 1));
  fs.writeFileSync(path.join(z.storage.root, 'images/2019/01/kept.gif'), Buffer.alloc(700, 1));
  const weekAgo = new Date(z.clock.now().getTime() - 7 * 24 * HOUR);
  for (const f of ['images/2019/01/legacy.gif', 'images/2019/01/kept.gif']) fs.utimesSync(path.join(z.storage.root, f), weekAgo, weekAgo);
  await z.dbh.db
    .insertInto('article_revisions')
    .values({
      article_id: a.id,
      member_id: a.authorId,
      data: JSON.stringify({ body: '<img src="/uploads/images/2019/01/kept.gif">' }),
      status: 'pending',
      created_at: z.clock.now().toISOString(),
    })
    .execute();

  // A 友情链接 logo (another table that stores /uploads/ URLs).
  await z.storage.put('links/2026/11/ffffffffffffffffff.png', Buffer.alloc(300, 1));
  const at = z.clock.now().toISOString();
  await z.dbh.db
    .insertInto('friend_links')
    .values({
      name: '青川日报',
      url: 'https://qc.example/',
      host: 'qc.example',
      logo: '/uploads/links/2026/11/ffffffffffffffffff.png',
      description: '',
      contact: '',
      note: '',
      kind: 'image',
      status: 'approved',
      sort_order: 0,
      ip: '',
      created_at: at,
      updated_at: at,
    })
    .execute();

  z.clock.advance(23 * HOUR);
  const early = await z.uploads.sweep({ actor: { actorId: null, ip: 'job' } });
  assert.deepEqual({ count: early.count, adopted: early.adopted }, { count: 0, adopted: 2 }, 'the abandoned cover is within 24 hours');
  assert.ok(exists(z, 'images/2019/01/legacy.gif'), 'a week-old unrecorded file survives the sweep that first sees it');
  const adopted = await rowOf(z, 'images/2019/01/legacy.gif');
  assert.equal(adopted?.kind, 'legacy');
  assert.equal(adopted?.created_at, z.clock.now().toISOString(), 'dated when the sweep found it, not by its age on disk');

  z.clock.advance(2 * HOUR);
  await z.storage.put('images/2026/11/dddddddddddddddddd.png', Buffer.alloc(10, 1)); // uploaded a minute ago
  const r = await z.uploads.sweep({ actor: { actorId: null, ip: 'job' } });
  assert.deepEqual({ count: r.count, bytes: r.bytes }, { count: 1, bytes: 1500 });
  assert.ok(!exists(z, 'covers/2026/11/cccccccccccccccccc.jpg'), 'the abandoned cover is gone');
  assert.equal(await rowOf(z, 'covers/2026/11/cccccccccccccccccc.jpg'), undefined);
  assert.ok(exists(z, 'images/2019/01/legacy.gif'), 'the adopted file still has 22 hours');

  z.clock.advance(23 * HOUR);
  const late = await z.uploads.sweep({ actor: { actorId: null, ip: 'job' } });
  assert.deepEqual({ count: late.count, bytes: late.bytes }, { count: 1, bytes: 700 }, 'the adopted orphan, a day after it was found');
  assert.ok(!exists(z, 'images/2019/01/legacy.gif'));
  for (const kept of [
    'images/2026/11/aaaaaaaaaaaaaaaaaa.jpg',
    'covers/2026/11/bbbbbbbbbbbbbbbbbb.jpg',
    'covers/2026/11/bbbbbbbbbbbbbbbbbb_thumb.jpg',
    'images/2019/01/kept.gif',
    'links/2026/11/ffffffffffffffffff.png',
    'images/2026/11/dddddddddddddddddd.png',
  ])
    assert.ok(exists(z, kept), `${kept} stays`);
  const log = await z.audit.list({ limit: 10, offset: 0, action: 'uploads.sweep' });
  assert.equal(log.items.length, 3);
  assert.deepEqual(log.items[0]!.detail, { count: 1, bytes: 700 });

  // The daily job sweeps once per day, however many instances ask.
  assert.ok(await z.uploads.sweepDaily());
  assert.equal(await z.uploads.sweepDaily(), undefined);
});

test('附件管理 lists newest first and filters 未使用; deleting an in-use file is refused, an unused one goes', async (t) => {
  const z = await setup(t);
  const a = await storeFiles(z);
  const admin = await loginAs(z, 'boss', 'admin');
  const all = await admin.get('/admin/uploads/');
  assert.equal(all.statusCode, 200);
  assert.ok(all.body.includes(`文章 #${a.id} 正文`));
  assert.ok(all.body.includes(`href="/admin/articles/${a.id}/edit"`));
  assert.ok(all.body.indexOf('cccccccccccccccccc') < all.body.indexOf('aaaaaaaaaaaaaaaaaa'), 'newest first');
  const unused = await admin.get('/admin/uploads/?filter=unused');
  assert.ok(unused.body.includes('cccccccccccccccccc.jpg'));
  assert.ok(!unused.body.includes('aaaaaaaaaaaaaaaaaa.jpg'), 'a file in use is not listed as unused');
  assert.ok(!unused.body.includes('bbbbbbbbbbbbbbbbbb_thumb.jpg'), "a cover's thumbnail is in use with it");
  assert.match(unused.body, /共 1 个文件/);

  const used = (await rowOf(z, 'images/2026/11/aaaaaaaaaaaaaaaaaa.jpg'))!;
  const confirm = await admin.get(`/admin/uploads/${used.id}/delete`);
  assert.ok(confirm.body.includes('正在使用中，不能删除'));
  assert.ok(!confirm.body.includes('确定删除附件'), 'a file that cannot be deleted is not asked about');
  assert.ok(!confirm.body.includes(`action="/admin/uploads/${used.id}/delete"`), 'no 删除 button');
  assert.ok(confirm.body.includes(`<a href="/admin/articles/${a.id}/edit">文章 #${a.id} 正文</a>`), 'where it is used');
  assert.ok(confirm.body.includes('返回附件管理'), 'the way back');
  const refused = await admin.post(`/admin/uploads/${used.id}/delete`);
  assert.equal(refused.statusCode, 409);
  assert.ok(refused.body.includes('正在使用中，不能删除'));
  assert.ok(refused.body.includes(`文章 #${a.id} 正文`));
  assert.ok(!refused.body.includes('确定删除附件'));
  assert.ok(exists(z, used.key));

  const orphan = (await rowOf(z, 'covers/2026/11/cccccccccccccccccc.jpg'))!;
  const ok = await admin.post(`/admin/uploads/${orphan.id}/delete`);
  assert.equal(ok.statusCode, 303);
  assert.ok(!exists(z, orphan.key));
  assert.equal((await z.audit.list({ limit: 5, offset: 0, action: 'uploads.delete' })).items.length, 1);

  // 清理未使用附件: nothing old enough yet; after the grace period the confirmation names what goes.
  await z.storage.put('ads/2026-11/eeeeeeeeeeeeeeeeee.png', Buffer.alloc(2048, 1));
  assert.ok((await admin.get('/admin/uploads/sweep')).body.includes('目前没有可以清理的附件'));
  z.clock.advance(25 * HOUR);
  const admin2 = await loginAs(z, 'boss2', 'admin'); // sessions last an hour of fake clock
  assert.ok((await admin2.get('/admin/uploads/sweep')).body.includes('将删除 1 个未使用且上传超过 24 小时的附件，共 2.0 KB'));
  const swept = await admin2.post('/admin/uploads/sweep');
  assert.equal(swept.statusCode, 303);
  assert.ok(!exists(z, 'ads/2026-11/eeeeeeeeeeeeeeeeee.png'));
  assert.ok((await admin2.get(swept.headers.location as string)).body.includes('已清理 1 个未使用附件，释放 2.0 KB'));
  assert.ok(exists(z, used.key));
});

test('附件管理 is for admins only: editors, members and guests are refused and nothing is deleted', async (t) => {
  const z = await setup(t);
  await storeFiles(z);
  const orphan = (await rowOf(z, 'covers/2026/11/cccccccccccccccccc.jpg'))!;
  z.clock.advance(25 * HOUR);
  for (const c of [await loginAs(z, 'ed', 'editor'), await loginAs(z, 'reader', 'member'), guest(z)]) {
    const who = c.member?.role ?? 'guest';
    // Staff and members are refused (403); a guest is sent to log in.
    const refused = (r: { statusCode: number; headers: Record<string, unknown> }) =>
      who === 'guest' ? r.statusCode === 303 && /\/member\/login/.test(String(r.headers.location)) : r.statusCode === 403;
    for (const r of [await c.get('/admin/uploads/'), await c.get('/admin/uploads/sweep')]) assert.ok(refused(r), `${who}: ${r.statusCode}`);
    const del = await c.post(`/admin/uploads/${orphan.id}/delete`);
    assert.ok(refused(del), `${who}: ${del.statusCode}`);
    const sweep = await c.post('/admin/uploads/sweep');
    assert.ok(refused(sweep), `${who}: ${sweep.statusCode}`);
    assert.ok(exists(z, orphan.key), who);
  }
  const editorMenu = await (await loginAs(z, 'ed2', 'editor')).get('/admin/');
  assert.ok(!editorMenu.body.includes('href="/admin/uploads/"'), 'not in an editor menu');
});

test('附件管理 使用情况 links open the item itself, in the console’s words', () => {
  assert.deepEqual(describeUse({ what: 'avatar', id: 13 }), { label: '会员 #13 头像', href: '/admin/members/13' });
  assert.deepEqual(describeUse({ what: 'link', id: 7 }), { label: '友情链接 #7', href: '/admin/links/7/edit' });
  assert.deepEqual(describeUse({ what: 'ad', id: 4 }), { label: '广告 #4', href: '/admin/ads/4/edit' });
  assert.deepEqual(describeUse({ what: 'gift', id: 2 }), { label: '礼品 #2', href: '/admin/mall/gifts/2' });
  assert.deepEqual(describeUse({ what: 'page', id: 3, slug: 'about' }), { label: '单页 #3', href: '/admin/pages/about/edit' });
  assert.equal(describeUse({ what: 'setting', name: 'logoUrl' }).label, '网站Logo');
  assert.equal(describeUse({ what: 'setting', name: 'someFutureKey' }).label, '网站设置', 'never an internal name');
});
