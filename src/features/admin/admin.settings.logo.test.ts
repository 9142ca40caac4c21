import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地' });
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  return { z, a, admin: await loginAs(z, 'boss', 'admin') };
}

/** A multipart form with one file, as the browser sends 上传 Logo (token in the action URL). */
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

const png = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } })
    .png()
    .toBuffer();
const logoOf = (html: string) => /<a class="logo" href="\/">\s*<img src="([^"]+)"/.exec(html)?.[1];

test('an uploaded logo is re-encoded, shown on cached pages at once, previewed, and removed with 删除', async (t) => {
  const { z, a, admin } = await setup(t);
  const page = `/news/${a.id}.html`;
  assert.equal(logoOf((await z.app.inject(page)).body), undefined, 'the site name as text');
  await z.app.inject(page); // cached now

  const res = await upload(z, admin, { name: 'logo.png', type: 'image/png', data: await png(1200, 300) });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const url = (await z.settings.get()).logoUrl;
  assert.match(url, /^\/uploads\/site\/logo-[0-9a-f]{18}\.png$/);
  const stored = fs.readFileSync(path.join(z.storage.root, url.slice('/uploads/'.length)));
  const meta = await sharp(stored).metadata();
  assert.equal(meta.format, 'png');
  assert.ok(meta.width === 600 && meta.height === 150, `shrunk into 600×200: ${meta.width}×${meta.height}`);
  assert.equal(logoOf((await z.app.inject(page)).body), url, 'the cached page shows the new logo at once');
  assert.ok((await z.app.inject('/mobile/')).body.includes(`src="${url}"`));
  const form = await admin.get('/admin/settings?ok=logo');
  assert.ok(form.body.includes(`<img src="${url}"`), 'the preview');
  assert.ok(form.body.includes('action="/admin/settings/logo/remove"'));
  assert.ok(form.body.includes('name="logoUrl"'), 'the URL field stays as an alternative');
  const audit = await z.audit.list({ limit: 10, offset: 0, action: 'settings.logo' });
  assert.equal(audit.items.length, 1);

  // A second upload replaces the first, whose file goes.
  const again = await upload(z, admin, {
    name: 'logo.webp',
    type: 'image/webp',
    data: await sharp(await png(100, 40))
      .webp()
      .toBuffer(),
  });
  assert.equal(again.statusCode, 303);
  const url2 = (await z.settings.get()).logoUrl;
  assert.match(url2, /\.webp$/);
  assert.ok(!fs.existsSync(path.join(z.storage.root, url.slice('/uploads/'.length))), 'the replaced file is removed');

  const removed = await admin.post('/admin/settings/logo/remove');
  assert.equal(removed.statusCode, 303);
  assert.equal((await z.settings.get()).logoUrl, '');
  assert.equal(logoOf((await z.app.inject(page)).body), undefined);
  assert.ok(!fs.existsSync(path.join(z.storage.root, url2.slice('/uploads/'.length))));
});

test('bad logo uploads are refused with a message and change nothing; only admins may upload', async (t) => {
  const { z, admin } = await setup(t);
  await z.settings.update({ logoUrl: 'https://cdn.example.com/logo.png' });
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
  const cases = [
    { name: 'logo.svg', type: 'image/svg+xml', data: svg, message: '不接受 SVG' },
    { name: 'logo.png', type: 'image/png', data: Buffer.from('not a picture at all'), message: '只接受 JPG、PNG 或 WebP' },
    { name: 'big.png', type: 'image/png', data: Buffer.alloc(2 * 1024 * 1024 + 10, 1), message: '不能超过 2MB' },
  ];
  for (const c of cases) {
    const res = await upload(z, admin, c);
    assert.equal(res.statusCode, 422, c.name);
    assert.ok(res.body.includes(c.message), c.name);
    assert.equal((await z.settings.get()).logoUrl, 'https://cdn.example.com/logo.png', `${c.name}: nothing changed`);
  }
  assert.ok(!fs.existsSync(path.join(z.storage.root, 'site')) || fs.readdirSync(path.join(z.storage.root, 'site')).length === 0, 'no file kept');
  const editor = await loginAs(z, 'ed', 'editor');
  const refused = await upload(z, editor, { name: 'logo.png', type: 'image/png', data: await png(50, 20) });
  assert.equal(refused.statusCode, 403);
  assert.equal((await editor.post('/admin/settings/logo/remove')).statusCode, 403);
  assert.equal((await z.settings.get()).logoUrl, 'https://cdn.example.com/logo.png');
});
