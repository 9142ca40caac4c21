import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../test/app.ts';
import fs from 'node:fs';
import path from 'node:path';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

/** One file in a multipart body, sent with the token in the URL (as the page's form and editor.js do). */
function send(z: TestApp, m: Client, url: string, field: string, data: Buffer, headers: Record<string, string> = {}, extra: Record<string, string> = {}) {
  const boundary = `----zixun${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(extra)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`));
  parts.push(data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return z.app.inject({
    method: 'POST',
    url: `${url}?_csrf=${encodeURIComponent(m.csrf)}`,
    headers: { cookie: m.cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
    payload: Buffer.concat(parts),
  });
}

/** The body images stored so far (files under uploads/images/). */
function storedImages(z: TestApp): string[] {
  const dir = path.join(z.storage.root, 'images');
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.\w+$/.test(f)) : [];
}

const uploadsAudited = async (z: TestApp) => (await z.audit.list({ limit: 100, offset: 0, action: 'submission.image_upload' })).items;

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return { z, alice: await loginAs(z, 'trusty', 'trusted') };
}

/** A 2000×1000 JPEG carrying an EXIF block (camera make), as a phone photo would. */
const photo = () =>
  sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#3a6' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretPhone', Copyright: 'GPS 31.2,121.5' } })
    .toBuffer();

test('插入图片: a body picture is uploaded, shrunk to 1200 px, stripped of EXIF, and kept in the published body with its size', async (t) => {
  const { z, alice } = await setup(t);
  const form = await alice.get('/member/articles/new');
  assert.match(form.body, /data-upload="\/member\/articles\/images"/, 'the editor knows where to upload');
  assert.ok(form.body.includes('"image":"插入图片"') || form.body.includes('插入图片'), 'the toolbar has 插入图片');
  assert.ok(form.body.includes('分页'), 'the toolbar has 分页');

  const r = await send(z, alice, '/member/articles/images', 'imageFile', await photo(), { accept: 'application/json' });
  assert.equal(r.statusCode, 200, r.body.slice(0, 300));
  const img = r.json() as { url: string; width: number; height: number };
  assert.match(img.url, /^\/uploads\/images\/\d{4}\/\d{2}\/[0-9a-f]{18}\.jpg$/);
  assert.deepEqual([img.width, img.height], [1200, 600]);
  const stored = await z.storage.get(img.url.slice('/uploads/'.length));
  assert.ok(stored);
  const meta = await sharp(stored).metadata();
  assert.equal(meta.width, 1200);
  assert.ok(!stored.includes(Buffer.from('SecretPhone')), 'EXIF is gone');
  const served = await z.app.inject(img.url);
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers['content-type'], 'image/jpeg');
  assert.equal(served.headers['x-content-type-options'], 'nosniff', 'browsers may not read an upload as another type');

  // The editor inserts <img src alt width height> and a page break; both survive the sanitizer.
  const body = `<p>第一页的文字。</p><img src="${img.url}" alt="" width="${img.width}" height="${img.height}"><hr class="pagebreak"><p>第二页的文字。</p>`;
  const w = await alice.post('/member/articles/new', { title: '带图片的投稿', category: 'local', summary: '', body, tags: '', source: '', op: 'submit' });
  assert.equal(w.statusCode, 303, w.body.slice(0, 300));
  const id = Number(/id=(\d+)/.exec(w.headers.location as string)?.[1]);
  const a = await z.articles.getAny(id);
  assert.match(a?.body ?? '', new RegExp(`<img src="${img.url}" alt="" width="1200" height="600" />`));
  assert.match(a?.body ?? '', /<hr class="pagebreak" \/>/);
  const page2 = await z.app.inject(`/news/${id}_2.html`);
  assert.equal(page2.statusCode, 200, 'the page break made a second page');
  assert.ok(page2.body.includes('第二页的文字'));
});

test('插入图片 without JavaScript: the upload page shows the code to paste; refusals keep the member on the page', async (t) => {
  const { z, alice } = await setup(t);
  const page = await alice.get('/member/articles/images');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /name="imageFile"/);
  const r = await send(z, alice, '/member/articles/images', 'imageFile', await photo());
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /&lt;img src=&quot;\/uploads\/images\/[^&]+&quot; alt=&quot;&quot; width=&quot;1200&quot; height=&quot;600&quot;&gt;/);

  const bad = await send(z, alice, '/member/articles/images', 'imageFile', Buffer.from('not a picture at all'));
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('图片必须是 JPEG、PNG、WebP 或 GIF 格式'));
  const badJson = await send(z, alice, '/member/articles/images', 'imageFile', Buffer.from('not a picture at all'), { accept: 'application/json' });
  assert.equal(badJson.statusCode, 422);
  assert.ok((badJson.json() as { error: string }).error.includes('图片必须是'));
});

test('插入图片 is for logged-in members with the form token, and is rate-limited', async (t) => {
  const { z, alice } = await setup(t);
  const data = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#000' } })
    .png()
    .toBuffer();
  // A lapsed session (the CSRF cookie is still there): the page goes to log-in, editor.js gets a 401 message.
  const anon = await send(z, guest(z), '/member/articles/images', 'imageFile', data);
  assert.equal(anon.statusCode, 303);
  assert.match(String(anon.headers.location), /^\/member\/login\?next=/);
  const anonJson = await send(z, guest(z), '/member/articles/images', 'imageFile', data, { accept: 'application/json' });
  assert.equal(anonJson.statusCode, 401);
  assert.equal((anonJson.json() as { error: string }).error, '登录已过期，请重新登录后再上传');
  const wrong = await send(z, { ...alice, csrf: 'wrong-token-wrong-token' }, '/member/articles/images', 'imageFile', data, { accept: 'application/json' });
  assert.equal(wrong.statusCode, 403);
  assert.deepEqual(storedImages(z), [], 'nothing was stored for a guest or a bad token');
  assert.deepEqual(await uploadsAudited(z), []);
  let last = 0;
  for (let i = 0; i < 31; i++) last = (await send(z, alice, '/member/articles/images', 'imageFile', data, { accept: 'application/json' })).statusCode;
  assert.equal(last, 429, 'the 31st upload in ten minutes is refused');
});

test('an 8000×6000 JPEG cover is refused as too large, not as the wrong type', async (t) => {
  const { z, alice } = await setup(t);
  const huge = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#888' } })
    .jpeg({ quality: 20 })
    .toBuffer();
  const fields = { title: '大图', category: 'local', summary: '', body: '<p>正文。</p>', tags: '', source: '', op: 'submit' };
  const r = await send(z, alice, '/member/articles/new', 'coverFile', huge, {}, fields);
  assert.equal(r.statusCode, 422);
  assert.ok(r.body.includes('封面图片尺寸过大'), 'the size message');
  assert.ok(!r.body.includes('封面必须是 JPEG'), 'not the type message');
});

test('插入图片 is closed with 开放投稿 off (staff excepted), and every stored picture is in the audit log with its uploader', async (t) => {
  const { z, alice } = await setup(t);
  const data = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#000' } })
    .png()
    .toBuffer();

  const ok = await send(z, alice, '/member/articles/images', 'imageFile', data, { accept: 'application/json' });
  assert.equal(ok.statusCode, 200, ok.body.slice(0, 300));
  const img = ok.json() as { url: string };
  const [entry, ...more] = await uploadsAudited(z);
  assert.equal(more.length, 0);
  assert.equal(entry?.actorId, alice.member?.id, 'the uploader is recorded');
  assert.equal(entry?.targetType, 'upload');
  assert.ok(entry?.ip, 'with the IP');
  const key = img.url.slice('/uploads/'.length);
  const bytes = (await z.storage.get(key))?.length;
  assert.deepEqual(entry?.detail, { key, url: img.url, width: 40, height: 30, bytes });
  const log = await (await loginAs(z, 'boss', 'admin')).get('/admin/audit/?action=submission.image_upload');
  assert.equal(log.statusCode, 200);
  assert.ok(log.body.includes('会员上传正文图片'), 'the log names the action in Chinese');

  await z.settings.update({ submissionsEnabled: false });
  const before = storedImages(z).length;
  const closedJson = await send(z, alice, '/member/articles/images', 'imageFile', data, { accept: 'application/json' });
  assert.equal(closedJson.statusCode, 403);
  assert.equal((closedJson.json() as { error: string }).error, '网站暂停接受投稿，请稍后再来。');
  const closedPage = await send(z, alice, '/member/articles/images', 'imageFile', data);
  assert.equal(closedPage.statusCode, 403);
  assert.ok(closedPage.body.includes('网站暂停接受投稿，请稍后再来。'));
  assert.doesNotMatch(closedPage.body, /name="imageFile"/, 'no upload field while closed');
  const page = await alice.get('/member/articles/images');
  assert.ok(page.body.includes('网站暂停接受投稿，请稍后再来。'));
  assert.doesNotMatch(page.body, /name="imageFile"/);
  assert.equal(storedImages(z).length, before, 'nothing stored while closed');
  assert.equal((await uploadsAudited(z)).length, 1);

  const editor = await loginAs(z, 'ed', 'editor');
  const staff = await send(z, editor, '/member/articles/images', 'imageFile', data, { accept: 'application/json' });
  assert.equal(staff.statusCode, 200, 'staff may still upload, as they may still write');
  assert.equal((await uploadsAudited(z))[0]?.actorId, editor.member?.id);
});
