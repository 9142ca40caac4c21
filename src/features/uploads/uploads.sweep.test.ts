import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { loadConfig } from '../../config.ts';
import { createUploads } from './index.ts';

const HOUR = 3_600_000;
const JOB = { actor: { actorId: null, ip: 'job' } };
const exists = (z: TestApp, key: string) => fs.existsSync(path.join(z.storage.root, key));
const rowOf = (z: TestApp, key: string) => z.dbh.db.selectFrom('uploads').selectAll().where('key', '=', key).executeTakeFirst();
const put = (z: TestApp, key: string, bytes = 100) => z.storage.put(key, Buffer.alloc(bytes, 1));

async function setup(t: { after(fn: () => Promise<void>): void }, withArticle = true) {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  const article = withArticle ? await makeArticle(z, { category: 'local' }) : undefined;
  return { z, article };
}

/** Writes a file storage never recorded, dated `days` ago. */
function onDisk(z: TestApp, key: string, days = 3) {
  const file = path.join(z.storage.root, key);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.alloc(500, 1));
  const at = new Date(z.clock.now().getTime() - days * 24 * HOUR);
  fs.utimesSync(file, at, at);
}

test('files used by avatars (every size), ad HTML, gift descriptions, pages, 跳转链接 and the media table survive the sweep and cannot be deleted', async (t) => {
  const { z, article } = await setup(t);
  const now = z.clock.now().toISOString();
  const member = (await loginAs(z, 'reader', 'member')).member!;
  await z.dbh.db.updateTable('members').set({ avatar: 'v1' }).where('id', '=', member.id).execute();
  const used = [
    `avatars/${member.id}/v1-200.webp`,
    `avatars/${member.id}/v1-48.webp`,
    'ads/2026-11/adhtml000000000000.png',
    'demo/gift-9.jpg',
    'images/2026/11/pagebody0000000000.png',
    'images/2026/11/redirect0000000000.pdf',
    'images/2026/11/media0000000000000.jpg',
  ];
  for (const k of used) await put(z, k);
  await put(z, `avatars/${member.id}/v0-200.webp`); // a replaced picture: nobody's any more
  await put(z, 'images/2026/11/orphan000000000000.png');

  const pos = await z.dbh.db
    .insertInto('ad_positions')
    .values({ code: 'side', name: '侧栏', width: 300, height: 250, kind: 'html', price_per_day: 1, capacity: 1, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await z.dbh.db
    .insertInto('ads')
    .values({
      position_id: pos.id,
      kind: 'html',
      title: '广告',
      html: '<a href="https://x.example/"><img src="/uploads/ads/2026-11/adhtml000000000000.png"></a>',
      starts_on: '2026-11-01',
      ends_on: '2026-12-31',
      days: 61,
      member_id: null,
      created_by: member.id,
      status: 'approved',
      reviewed_by: null,
      reviewed_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await z.dbh.db
    .insertInto('mall_gifts')
    .values({
      name: '保温杯',
      description: '<p><img src="/uploads/demo/gift-9.jpg"></p>',
      price: 100,
      stock: 5,
      available_from: null,
      available_until: null,
      per_member_limit: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await z.dbh.db
    .insertInto('pages')
    .values({
      slug: 'about',
      title: '关于我们',
      body: '<p><img src="/uploads/images/2026/11/pagebody0000000000.png"></p>',
      sort_order: 0,
      in_footer: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await z.dbh.db
    .updateTable('articles')
    .set({ redirect_url: 'https://www.qingchuan.example/uploads/images/2026/11/redirect0000000000.pdf' })
    .where('id', '=', article!.id)
    .execute();
  await z.dbh.db
    .insertInto('media')
    .values({ path: 'images/2026/11/media0000000000000.jpg', mime: 'image/jpeg', size: 100, width: 10, height: 10, created_at: now })
    .execute();

  z.clock.advance(25 * HOUR);
  const r = await z.uploads.sweep(JOB);
  assert.equal(r.count, 2, 'the replaced avatar and the orphan');
  assert.ok(!exists(z, `avatars/${member.id}/v0-200.webp`));
  assert.ok(!exists(z, 'images/2026/11/orphan000000000000.png'));
  for (const k of used) {
    assert.ok(exists(z, k), `${k} stays`);
    const row = (await rowOf(z, k))!;
    await assert.rejects(
      z.uploads.remove(row.id, { actorId: null, ip: 'test' }, () => 'x'),
      (e: Error) => /正在使用中/.test(e.message),
      `${k}: a delete reads its use afresh and is refused`,
    );
  }
});

test('only folders storage writes are swept: a database, an outbox and unknown files are never touched, even forced', async (t) => {
  const { z } = await setup(t);
  const foreign = ['zixun.db', 'random.bin', 'outbox/x.eml', 'unknown/folder/a.jpg', 'site/photo.png', 'backup/images/a.jpg'];
  for (const k of foreign) onDisk(z, k, 30);
  await put(z, 'misc/recorded.jpg'); // recorded, but not under a prefix storage hands out
  z.clock.advance(30 * 24 * HOUR);
  const dry = await z.uploads.sweep({ dryRun: true });
  assert.deepEqual({ count: dry.count, adopted: dry.adopted }, { count: 0, adopted: 0 });
  const r = await z.uploads.sweep({ ...JOB, force: true });
  assert.deepEqual({ count: r.count, adopted: r.adopted }, { count: 0, adopted: 0 });
  for (const k of [...foreign, 'misc/recorded.jpg']) assert.ok(exists(z, k), `${k} is never touched`);
});

test('the brake: no sweep on a database without articles, or when most recorded files would go; the second confirmation overrides', async (t) => {
  const { z } = await setup(t, false);
  for (let i = 0; i < 3; i++) await put(z, `covers/2026/11/empty${i}00000000000000.jpg`);
  onDisk(z, 'images/2019/01/old.png', 30);
  z.clock.advance(25 * HOUR);
  const refused = await z.uploads.sweep(JOB);
  assert.equal(refused.refused, 'empty_site');
  assert.equal(refused.count, 0);
  assert.ok(exists(z, 'covers/2026/11/empty000000000000000.jpg'));
  assert.equal(await rowOf(z, 'images/2019/01/old.png'), undefined, 'nothing adopted into a database that is not the site');
  const log = await z.audit.list({ limit: 5, offset: 0, action: 'uploads.sweep_refused' });
  assert.deepEqual(log.items[0]?.detail, { reason: 'empty_site', count: 0, recorded: 0 });

  const admin = await loginAs(z, 'boss', 'admin');
  const preview = await admin.get('/admin/uploads/sweep');
  assert.ok(preview.body.includes('网站还没有任何文章'));
  assert.ok(preview.body.includes('仍然清理'));
  const post = await admin.post('/admin/uploads/sweep');
  assert.equal(post.statusCode, 409);
  assert.ok(post.body.includes('没有删除任何文件'));
  assert.ok(exists(z, 'covers/2026/11/empty000000000000000.jpg'));
  const forced = await admin.post('/admin/uploads/sweep', { force: '1' });
  assert.equal(forced.statusCode, 303);
  assert.ok(!exists(z, 'covers/2026/11/empty000000000000000.jpg'), 'forced: gone');

  // Mass deletion: 25 of 30 recorded files unused and old.
  await makeArticle(z, { category: 'local', body: '<p>x</p>' });
  for (let i = 0; i < 25; i++) await put(z, `images/2026/11/mass${String(i).padStart(14, '0')}.png`);
  const keep: string[] = [];
  for (let i = 0; i < 5; i++) keep.push(`images/2026/11/keep${String(i).padStart(14, '0')}.png`);
  for (const k of keep) await put(z, k);
  await makeArticle(z, { category: 'local', body: keep.map((k) => `<p><img src="/uploads/${k}"></p>`).join('') });
  z.clock.advance(25 * HOUR);
  const mass = await z.uploads.sweep(JOB);
  assert.equal(mass.refused, 'mass_deletion');
  assert.deepEqual({ eligible: mass.eligible, count: mass.count }, { eligible: 26, count: 0 }, '25 and the adopted file from before');
  assert.ok(exists(z, 'images/2026/11/mass00000000000000.png'));
  const admin2 = await loginAs(z, 'boss2', 'admin');
  assert.ok((await admin2.get('/admin/uploads/sweep')).body.includes('这次清理将删除 26 个附件，超过已登记附件（31 个）的一半'));
  const r = await z.uploads.sweep({ ...JOB, force: true });
  assert.equal(r.count, 26);
  for (const k of keep) assert.ok(exists(z, k));
});

test('20 files or fewer, or under half of the recorded ones, are swept without the brake', async (t) => {
  const { z } = await setup(t);
  for (let i = 0; i < 20; i++) await put(z, `images/2026/11/few${String(i).padStart(15, '0')}.png`);
  z.clock.advance(25 * HOUR);
  assert.equal((await z.uploads.sweep(JOB)).count, 20, 'all 20 recorded files, but only 20');

  // 21 unused of 43 recorded: under half.
  for (let i = 0; i < 21; i++) await put(z, `images/2026/11/half${String(i).padStart(14, '0')}.png`);
  const used = Array.from({ length: 22 }, (_, i) => `images/2026/11/used${String(i).padStart(14, '0')}.png`);
  for (const k of used) await put(z, k);
  await makeArticle(z, { category: 'local', body: used.map((k) => `<p><img src="/uploads/${k}"></p>`).join('') });
  z.clock.advance(25 * HOUR);
  const r = await z.uploads.sweep(JOB);
  assert.deepEqual({ count: r.count, refused: r.refused }, { count: 21, refused: undefined });
  for (const k of used) assert.ok(exists(z, k));
});

test('a failed removal is logged and kept for the next sweep; the run goes on', async (t) => {
  const { z } = await setup(t);
  for (const k of ['images/2026/11/a00000000000000000.png', 'images/2026/11/b00000000000000000.png', 'images/2026/11/c00000000000000000.png'])
    await put(z, k, 1000);
  let broken = true;
  const flaky: Storage = {
    ...z.storage,
    root: z.storage.root,
    async remove(key) {
      if (broken && key.startsWith('images/2026/11/b')) throw new Error('EACCES');
      return z.storage.remove(key);
    },
  };
  const uploads = createUploads({ db: z.dbh.db, clock: z.clock, storage: flaky, audit: z.audit });
  z.clock.advance(25 * HOUR);
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...a: unknown[]) => void errors.push(a);
  let r;
  try {
    r = await uploads.sweep(JOB);
  } finally {
    console.error = original;
  }
  assert.deepEqual({ count: r.count, failed: r.failed, bytes: r.bytes }, { count: 2, failed: 1, bytes: 2000 });
  assert.ok(!exists(z, 'images/2026/11/a00000000000000000.png') && !exists(z, 'images/2026/11/c00000000000000000.png'));
  assert.ok(exists(z, 'images/2026/11/b00000000000000000.png'));
  assert.ok(await rowOf(z, 'images/2026/11/b00000000000000000.png'), 'its record is kept');
  assert.equal(errors.length, 1);
  broken = false;
  assert.equal((await uploads.sweep(JOB)).count, 1, 'the next sweep takes it');
  assert.ok(!exists(z, 'images/2026/11/b00000000000000000.png'));
});

test('a file referenced while the sweep runs is kept: each file’s use is read again just before it goes', async (t) => {
  const { z } = await setup(t);
  await put(z, 'images/2026/11/first0000000000000.png');
  await put(z, 'images/2026/11/second_00000000000.png');
  let editor: Promise<unknown> | undefined;
  const racing: Storage = {
    ...z.storage,
    root: z.storage.root,
    async remove(key) {
      // An editor saves an article using the second file between the scan and its removal.
      editor ??= makeArticle(z, { category: 'local', body: '<p><img src="/uploads/images/2026/11/second_00000000000.png"></p>' });
      await editor;
      return z.storage.remove(key);
    },
  };
  const uploads = createUploads({ db: z.dbh.db, clock: z.clock, storage: racing, audit: z.audit });
  z.clock.advance(25 * HOUR);
  const r = await uploads.sweep(JOB);
  assert.equal(r.count, 1);
  assert.ok(!exists(z, 'images/2026/11/first0000000000000.png'));
  assert.ok(exists(z, 'images/2026/11/second_00000000000.png'), 'the file the editor just used stays');
  assert.ok(await rowOf(z, 'images/2026/11/second_00000000000.png'));
});

test('the daily sweep marks its day done only when it finished: a failed or crashed run is taken up by a later hourly look', async (t) => {
  const { z } = await setup(t);
  let broken = true;
  const audit = {
    ...z.audit,
    record: async (...a: Parameters<typeof z.audit.record>) => (broken ? Promise.reject(new Error('db down')) : z.audit.record(...a)),
  };
  const uploads = createUploads({ db: z.dbh.db, clock: z.clock, storage: z.storage, audit });
  await put(z, 'images/2026/11/daily0000000000000.png');
  z.clock.advance(25 * HOUR);
  await assert.rejects(uploads.sweepDaily(), /db down/);
  broken = false;
  z.clock.advance(HOUR);
  const r = await uploads.sweepDaily();
  assert.ok(r, 'retried at the next look');
  assert.equal(await uploads.sweepDaily(), undefined, 'then done for the day');

  // A run that crashed leaves its claim unfinished: a fresh claim is left alone, a stale one is run again.
  z.clock.advance(24 * HOUR);
  const day = new Date(z.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
  const claim = (minutesAgo: number) => new Date(z.clock.now().getTime() - minutesAgo * 60_000).toISOString();
  await z.dbh.db
    .insertInto('upload_sweeps')
    .values({ day, started_at: claim(10), finished_at: null })
    .execute();
  assert.equal(await uploads.sweepDaily(), undefined, 'another instance is sweeping');
  await z.dbh.db
    .updateTable('upload_sweeps')
    .set({ started_at: claim(120) })
    .where('day', '=', day)
    .execute();
  assert.ok(await uploads.sweepDaily(), 'a crashed run is run again');
  const row = await z.dbh.db.selectFrom('upload_sweeps').selectAll().where('day', '=', day).executeTakeFirstOrThrow();
  assert.ok(row.finished_at);
});

test('the list reuses its scan for a minute, an upload shows at once, and a delete still reads the file’s use afresh', async (t) => {
  const { z } = await setup(t);
  await put(z, 'images/2026/11/listed000000000000.png');
  const admin = await loginAs(z, 'boss', 'admin');
  assert.match((await admin.get('/admin/uploads/?filter=unused')).body, /共 1 个文件/);
  await put(z, 'images/2026/11/another00000000000.png');
  assert.match((await admin.get('/admin/uploads/?filter=unused')).body, /共 2 个文件/, 'an upload drops the cached scan');
  const a = await makeArticle(z, { category: 'local', body: '<p><img src="/uploads/images/2026/11/listed000000000000.png"></p>' });
  const row = (await rowOf(z, 'images/2026/11/listed000000000000.png'))!;
  const refused = await admin.post(`/admin/uploads/${row.id}/delete`);
  assert.equal(refused.statusCode, 409, 'in use since the list was shown');
  assert.ok(refused.body.includes(`文章 #${a.id} 正文`));
  assert.ok(exists(z, row.key));
  z.clock.advance(61_000);
  assert.match((await admin.get('/admin/uploads/?filter=unused')).body, /共 1 个文件/, 'a minute on, the list shows it in use');
});

test('start-up refuses an uploads folder holding the database, the outbox or the whole data folder, naming ZIXUN_UPLOADS_DIR', () => {
  const refused = (env: Record<string, string>) => assert.throws(() => loadConfig(env), /ZIXUN_UPLOADS_DIR: /, JSON.stringify(env));
  refused({ ZIXUN_UPLOADS_DIR: './data' });
  refused({ ZIXUN_UPLOADS_DIR: '.' });
  refused({ ZIXUN_UPLOADS_DIR: process.cwd() });
  refused({ ZIXUN_UPLOADS_DIR: '/srv/site/files', DATABASE_URL: 'sqlite:/srv/site/files/zixun.db' });
  refused({ ZIXUN_UPLOADS_DIR: '/srv/site/files', ZIXUN_OUTBOX_DIR: '/srv/site/files/outbox' });
  refused({ ZIXUN_UPLOADS_DIR: '/srv/site/files', ZIXUN_OUTBOX_DIR: '/srv/site/files' });
  assert.throws(() => loadConfig({ ZIXUN_UPLOADS_DIR: './data' }), /holds the data folder|is or holds the data folder/);
  assert.throws(() => loadConfig({ ZIXUN_UPLOADS_DIR: '/srv/f', DATABASE_URL: 'sqlite:/srv/f/a/site.db' }), /SQLite database/);
  // Folders of their own are fine: the defaults, a shared mount, PostgreSQL with any folder but the data one.
  assert.equal(loadConfig({}).uploadsDir, './data/uploads');
  assert.equal(
    loadConfig({ ZIXUN_UPLOADS_DIR: '/srv/shared/site-a/uploads', DATABASE_URL: 'sqlite:/srv/shared/site-a/zixun.db' }).uploadsDir,
    '/srv/shared/site-a/uploads',
  );
  assert.equal(loadConfig({ ZIXUN_UPLOADS_DIR: './data/uploads', ZIXUN_OUTBOX_DIR: './data/uploads-outbox' }).uploadsDir, './data/uploads');
});
