import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';

const rows = (z: TestApp) => z.dbh.db.selectFrom('friend_links').selectAll().orderBy('id').execute();
const auditActions = async (z: TestApp) => (await z.audit.list({ limit: 100, offset: 0 })).items.map((e) => e.action).sort();
const FIELDS = {
  name: '示例日报',
  url: 'https://news.example.org/',
  description: '示例城市新闻',
  contact: '',
  note: '',
  kind: 'text',
  status: 'approved',
  sortOrder: '5',
};

/** The admin form as a browser sends it with a logo chosen (multipart, the token in the action URL). */
function postForm(z: TestApp, c: Client, url: string, fields: Record<string, string>, logo?: Buffer) {
  const boundary = '----zxlinks' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (logo) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="logoFile"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`));
    parts.push(logo, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return z.app.inject({
    method: 'POST',
    url: `${url}?_csrf=${encodeURIComponent(c.csrf)}`,
    headers: { cookie: c.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

const png = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: 20, g: 90, b: 200 } } })
    .png()
    .toBuffer();

test('staff add text and image links (the logo re-encoded and shrunk), order them, and edit them; all audited', async (t) => {
  const z = await createTestApp({ pageCache: true });
  t.after(() => z.close());
  const editor = await loginAs(z, 'ed', 'editor');
  assert.ok((await editor.get('/admin/links/new')).body.includes('name="logoFile"'));
  assert.ok((await editor.get('/admin/')).body.includes('href="/admin/links/"'), 'the console menu has 友情链接');
  await guest(z).get('/'); // cached before the links exist

  let res = await postForm(z, editor, '/admin/links/new', FIELDS);
  assert.equal(res.statusCode, 303, res.body.slice(0, 400));
  const noLogo = await postForm(z, editor, '/admin/links/new', { ...FIELDS, name: '图片站', url: 'https://pics.example.org/', kind: 'image' });
  assert.equal(noLogo.statusCode, 422);
  assert.ok(noLogo.body.includes('图片链接需要上传 Logo') && noLogo.body.includes('value="图片站"'));
  const notImage = await postForm(
    z,
    editor,
    '/admin/links/new',
    { ...FIELDS, name: '图片站', url: 'https://pics.example.org/', kind: 'image' },
    Buffer.from('<svg onload=alert(1)>'),
  );
  assert.equal(notImage.statusCode, 422);
  assert.ok(notImage.body.includes('Logo 须是 JPG、PNG 或 WebP 图片'));
  res = await postForm(
    z,
    editor,
    '/admin/links/new',
    { ...FIELDS, name: '图片站', url: 'https://pics.example.org/', kind: 'image', sortOrder: '1' },
    await png(400, 100),
  );
  assert.equal(res.statusCode, 303);
  const [text, image] = await rows(z);
  assert.equal((await rows(z)).length, 2, 'the refused forms wrote nothing');
  assert.match(image!.logo, /^\/uploads\/links\/\d{4}\/\d{2}\/[0-9a-f]{18}\.png$/);
  const meta = await sharp(fs.readFileSync(path.join(z.storage.root, image!.logo.slice('/uploads/'.length)))).metadata();
  assert.ok(meta.width! <= 176 && meta.height! <= 62, `shrunk: ${meta.width}×${meta.height}`);

  let home = (await guest(z).get('/')).body;
  assert.ok(home.includes(`<img src="${image!.logo}" alt="图片站"`), 'the image link shows its logo');
  assert.ok(home.indexOf('图片站') < home.indexOf('示例日报'));

  // 保存排序 from the list: the text link first now.
  res = await editor.post('/admin/links/sort', { [`sort_${text!.id}`]: '0', [`sort_${image!.id}`]: '9', back: 'all' });
  assert.equal(res.headers.location, '/admin/links/?done=sorted');
  const mobile = (await guest(z).get('/mobile/')).body;
  assert.ok(mobile.includes('示例日报') && mobile.includes('图片站'));
  const list = (await editor.get('/admin/links/')).body;
  assert.ok(list.indexOf('示例日报') < list.indexOf('图片站'), 'the list follows the order');

  // 编辑: a new address and name show at once; removing the logo of an image link is refused.
  const edit = await editor.get(`/admin/links/${text!.id}/edit`);
  assert.ok(edit.body.includes('value="https://news.example.org/"'));
  res = await postForm(z, editor, `/admin/links/${text!.id}/edit`, { ...FIELDS, name: '示例晚报', url: 'https://evening.example.org/' });
  assert.equal(res.statusCode, 303);
  home = (await guest(z).get('/')).body;
  assert.ok(home.includes('示例晚报') && home.includes('href="https://evening.example.org/"') && !home.includes('示例日报'));
  const dup = await postForm(z, editor, `/admin/links/${text!.id}/edit`, { ...FIELDS, url: 'https://www.pics.example.org/x' });
  assert.equal(dup.statusCode, 422);
  assert.ok(dup.body.includes('pics.example.org'));
  res = await postForm(z, editor, `/admin/links/${image!.id}/edit`, {
    ...FIELDS,
    name: '图片站',
    url: 'https://pics.example.org/',
    kind: 'image',
    removeLogo: '1',
  });
  assert.equal(res.statusCode, 422);
  assert.deepEqual(await auditActions(z), ['link.create', 'link.create', 'link.sort', 'link.update']);
});

test('guests and members cannot reach the admin pages; editors review but only admins delete, after confirming', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await guest(z).post('/links', { name: '申请站', url: 'https://apply.example.com/', contact: 'qq 10001' });
  const [row] = await rows(z);
  const id = row!.id;
  const g = guest(z);
  const member = await loginAs(z, 'alice');
  for (const url of ['/admin/links/', `/admin/links/${id}/edit`, '/admin/links/new', `/admin/links/${id}/delete`]) {
    const res = await g.get(url);
    assert.equal(res.statusCode, 303, url);
    assert.equal(res.headers.location, `/member/login?next=${encodeURIComponent(url)}`);
    assert.equal((await member.get(url)).statusCode, 403, url);
  }
  for (const action of ['approve', 'reject', 'hide', 'delete']) {
    assert.equal((await member.post(`/admin/links/${id}/${action}`, { confirm: '1' })).statusCode, 403, action);
    assert.equal((await g.post(`/admin/links/${id}/${action}`, { confirm: '1' })).statusCode, 303, action);
  }
  assert.equal((await member.post('/admin/links/sort', { [`sort_${id}`]: '3' })).statusCode, 403);
  assert.deepEqual([(await rows(z))[0]?.status, (await rows(z))[0]?.sort_order], ['pending', 0], 'nothing changed');

  const editor = await loginAs(z, 'ed', 'editor');
  const list = await editor.get('/admin/links/');
  assert.ok(list.body.includes('qq 10001') && !list.body.includes(`/admin/links/${id}/delete`), 'no 删除 for editors');
  assert.ok((await editor.get(`/admin/links/${id}/delete`)).body.includes('只有管理员可以删除友情链接'));
  const refused = await editor.post(`/admin/links/${id}/delete`, { confirm: '1' });
  assert.equal(refused.headers.location, '/admin/links/?done=adminOnly');
  assert.ok((await editor.get(refused.headers.location as string)).body.includes('只有管理员可以删除友情链接'));
  assert.equal((await rows(z)).length, 1);
  assert.equal((await editor.post(`/admin/links/${id}/reject`, { back: 'pending' })).headers.location, '/admin/links/?status=pending&done=rejected');

  const admin = await loginAs(z, 'boss', 'admin');
  const confirm = await admin.get(`/admin/links/${id}/delete`);
  assert.ok(confirm.body.includes('确定要删除友情链接“申请站”吗') && confirm.body.includes('name="confirm" value="1"'));
  assert.equal((await admin.post(`/admin/links/${id}/delete`)).headers.location, `/admin/links/${id}/delete`, 'unconfirmed: back to the question');
  assert.equal((await rows(z)).length, 1);
  assert.equal((await admin.post(`/admin/links/${id}/delete`, { confirm: '1' })).headers.location, '/admin/links/?done=removed');
  assert.equal((await rows(z)).length, 0);
  assert.deepEqual(await auditActions(z), ['link.delete', 'link.reject']);
  assert.equal((await admin.post(`/admin/links/${id}/approve`)).statusCode, 404);
});
