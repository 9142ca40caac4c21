import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

const FIELDS = { title: '带封面的投稿', category: 'local', summary: '', body: '<p>有一张封面图片。</p>', tags: '', source: '', op: 'submit' };

/** A multipart body as a browser sends the submission form: text fields, then the file. */
function multipart(fields: Record<string, string>, file?: { filename: string; type: string; data: Buffer }) {
  const boundary = `----zixun${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="coverFile"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`),
    );
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(z: TestApp, m: Client, url: string, fields: Record<string, string>, file?: { filename: string; type: string; data: Buffer }, token = m.csrf) {
  const { payload, contentType } = multipart(fields, file);
  return z.app.inject({
    method: 'POST',
    url: `${url}?_csrf=${encodeURIComponent(token)}`,
    headers: { cookie: m.cookie, 'content-type': contentType },
    payload,
  });
}

function storedFiles(z: TestApp): string[] {
  const root = z.storage.root;
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const n of fs.readdirSync(d)) {
      const p = path.join(d, n);
      if (fs.statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out;
}

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return { z, alice: await loginAs(z, 'trusty', 'trusted') };
}

const png = () =>
  sharp({ create: { width: 800, height: 500, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();

test('a real PNG cover is accepted, re-encoded and thumbnailed', async (t) => {
  const { z, alice } = await setup(t);
  const r = await upload(z, alice, '/member/articles/new', FIELDS, { filename: 'cover.png', type: 'image/png', data: await png() });
  assert.equal(r.statusCode, 303, r.body.slice(0, 400));
  const id = Number(/id=(\d+)/.exec(r.headers.location as string)?.[1]);
  const a = await z.articles.getAny(id);
  assert.match(a?.cover ?? '', /^\/uploads\/covers\/2026\/11\/[0-9a-f]{18}\.png$/);
  const key = (a?.cover ?? '').replace('/uploads/', '');
  const main = await z.storage.get(key);
  const thumb = await z.storage.get(key.replace('.png', '_thumb.png'));
  assert.ok(main && thumb, 'both files are stored');
  assert.equal((await sharp(main).metadata()).format, 'png');
  const tm = await sharp(thumb).metadata();
  assert.deepEqual([tm.width, tm.height], [240, 160], 'the thumbnail has the list size');
  const served = await z.app.inject(a?.cover ?? '');
  assert.equal(served.statusCode, 200, 'served under /uploads/');

  // Editing: replace the cover, then remove it.
  const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#c63' } })
    .jpeg()
    .toBuffer();
  const e1 = await upload(z, alice, `/member/articles/${id}/edit`, FIELDS, { filename: 'x.bin', type: 'application/octet-stream', data: jpeg });
  assert.equal(e1.statusCode, 303);
  assert.match((await z.articles.getAny(id))?.cover ?? '', /\.jpg$/, 'the type comes from the content, not the name');
  const e2 = await upload(z, alice, `/member/articles/${id}/edit`, { ...FIELDS, removeCover: '1' });
  assert.equal(e2.statusCode, 303);
  assert.equal((await z.articles.getAny(id))?.cover, '');
});

test('a file that is not an image is refused whatever its name, and nothing is written', async (t) => {
  const { z, alice } = await setup(t);
  const fakes = [
    { filename: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('MZ\x90\x00 this is an executable, not a picture') },
    {
      filename: 'cover.png',
      type: 'image/png',
      data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'),
    },
    { filename: 'cut.png', type: 'image/png', data: (await png()).subarray(0, 200) },
    { filename: 'page.gif', type: 'image/gif', data: Buffer.from('GIF89a<html><script>alert(1)</script></html>') },
  ];
  for (const f of fakes) {
    const r = await upload(z, alice, '/member/articles/new', FIELDS, f);
    assert.equal(r.statusCode, 422, f.filename);
    assert.ok(r.body.includes('封面必须是 JPEG、PNG、WebP 或 GIF 图片'), `${f.filename}: the message says why`);
    assert.ok(r.body.includes('value="带封面的投稿"'), 'what was typed is kept');
  }
  const tiff = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#000' } })
    .tiff()
    .toBuffer();
  assert.equal(
    (await upload(z, alice, '/member/articles/new', FIELDS, { filename: 'a.jpg', type: 'image/jpeg', data: tiff })).statusCode,
    422,
    'TIFF is not allowed',
  );
  assert.equal((await z.articles.list({}, 10)).length, 0);
  assert.deepEqual(storedFiles(z), [], 'no file was stored');
});

test('a cover over 5 MB is refused with a clear message', async (t) => {
  const { z, alice } = await setup(t);
  const big = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  assert.ok(big.length > 5 * 1024 * 1024);
  const r = await upload(z, alice, '/member/articles/new', FIELDS, { filename: 'big.png', type: 'image/png', data: big });
  assert.equal(r.statusCode, 422);
  assert.ok(r.body.includes('封面图片不能超过5MB'));
  assert.deepEqual(storedFiles(z), []);
});

test('an upload that fails for another reason leaves no file behind', async (t) => {
  const { z, alice } = await setup(t);
  const r = await upload(z, alice, '/member/articles/new', { ...FIELDS, category: 'missing' }, { filename: 'c.png', type: 'image/png', data: await png() });
  assert.equal(r.statusCode, 422);
  assert.ok(r.body.includes('栏目不存在'));
  assert.ok(r.body.includes('表单有误时上传的图片不会保存'));
  assert.deepEqual(storedFiles(z), [], 'the stored cover was taken away again');
  const noToken = await upload(
    z,
    alice,
    '/member/articles/new',
    FIELDS,
    { filename: 'c.png', type: 'image/png', data: await png() },
    'wrong-token-wrong-token',
  );
  assert.equal(noToken.statusCode, 403, 'a multipart form needs the token in its URL');
  assert.deepEqual(storedFiles(z), []);
});
