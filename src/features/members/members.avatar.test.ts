import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  return { z, cat };
}

const picture = (background: string, format: 'png' | 'jpeg' | 'gif' | 'webp' = 'png', width = 640, height = 480) =>
  sharp({ create: { width, height, channels: 3, background } })
    .toFormat(format)
    .toBuffer();

/** The avatar form as a browser sends it: multipart, the CSRF token in the action's query string. */
function upload(z: TestApp, c: Client, data: Buffer, opts: { csrf?: string | null; filename?: string; type?: string } = {}) {
  const boundary = `----zx${randomBytes(6).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="${opts.filename ?? 'me.png'}"\r\nContent-Type: ${opts.type ?? 'image/png'}\r\n\r\n`;
  const csrf = opts.csrf === undefined ? c.csrf : opts.csrf;
  return z.app.inject({
    method: 'POST',
    url: `/member/avatar${csrf === null ? '' : `?_csrf=${encodeURIComponent(csrf)}`}`,
    headers: { cookie: c.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

const version = async (z: TestApp, id: number) => (await z.dbh.db.selectFrom('members').select('avatar').where('id', '=', id).executeTakeFirstOrThrow()).avatar;
const files = (z: TestApp, id: number) => {
  const dir = path.join(z.tmp, 'uploads', 'avatars', String(id));
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

test('a member uploads a picture: square WebP files, shown on the author page, comments and the member centre; replaced and removed cleanly', async (t) => {
  const { z, cat } = await setup(t);
  const me = await loginAs(z, 'xiaolin88');
  const id = me.member!.id;
  const a = await makeArticle(z, { category: cat.slug, author: 'xiaolin88', title: '青川大桥今日通车' });
  await z.comments.post({ articleId: a.id, member: me.member!, ip: '10.0.0.1', fields: { body: '头像测试评论' } });
  const g = guest(z);

  // Before: the default (first character, no picture) on the author page, which is then cached.
  const before = await g.get('/author/xiaolin88/');
  assert.match(before.body, /<span class="zx-avatar zx-av-l"[^>]*>X<\/span>/);
  assert.equal((await g.get('/author/xiaolin88/')).headers['x-cache'], 'HIT');
  const comments = await g.get(`/news/${a.id}/comments`);
  assert.ok(comments.body.includes('头像测试评论'));
  assert.doesNotMatch(comments.body, /\/avatar\/|\/uploads\/avatars\//, 'no picture, no <img> (and no request) for it');
  assert.equal((await g.get(`/news/${a.id}/comments`)).headers['x-cache'], 'HIT');
  const blank = await g.get(`/avatar/${id}/small`);
  assert.equal(blank.statusCode, 200);
  assert.equal(blank.headers['content-type'], 'image/gif');

  const r1 = await upload(z, me, await picture('#c33', 'jpeg'), { filename: 'me.jpg', type: 'image/jpeg' });
  assert.equal(r1.statusCode, 303, r1.body.slice(0, 300));
  assert.equal(r1.headers.location, '/member/avatar?ok=saved');
  const v1 = await version(z, id);
  assert.match(v1, /^[a-z0-9]+$/);
  assert.deepEqual(files(z, id), [`${v1}-200.webp`, `${v1}-48.webp`]);
  const big = await sharp(path.join(z.tmp, 'uploads', 'avatars', String(id), `${v1}-200.webp`)).metadata();
  assert.deepEqual([big.format, big.width, big.height], ['webp', 200, 200]);

  // The cached author page was renewed and points at the versioned file, which is served.
  const after = await g.get('/author/xiaolin88/');
  assert.notEqual(after.headers['x-cache'], 'HIT');
  assert.ok(after.body.includes(`src="/uploads/avatars/${id}/${v1}-200.webp"`));
  assert.equal((await g.get(`/uploads/avatars/${id}/${v1}-200.webp`)).headers['content-type'], 'image/webp');
  // The cached comment list was renewed too and prints the versioned file (no request to the app per comment).
  const renewed = await g.get(`/news/${a.id}/comments`);
  assert.notEqual(renewed.headers['x-cache'], 'HIT');
  assert.ok(renewed.body.includes(`src="/uploads/avatars/${id}/${v1}-48.webp"`));
  // The stable address follows; browsers keep its answer a few minutes, then revalidate it (ETag).
  const routed = await g.get(`/avatar/${id}/small`);
  assert.equal(routed.statusCode, 302);
  assert.equal(routed.headers.location, `/uploads/avatars/${id}/${v1}-48.webp`);
  assert.equal(routed.headers['cache-control'], 'public, max-age=300, stale-while-revalidate=600');
  assert.equal((await g.get(`/avatar/${id}/small`, { 'if-none-match': String(routed.headers.etag) })).statusCode, 304);
  // The member centre shows it too.
  assert.ok((await me.get('/member/')).body.includes(`/uploads/avatars/${id}/${v1}-48.webp`));
  assert.match((await me.get('/member/avatar?ok=saved')).body, /头像已更新/);

  // Replacing: a new version, the old files gone, the stable address follows at once.
  const r2 = await upload(z, me, await picture('#36c', 'gif'), { filename: 'me.gif', type: 'image/gif' });
  assert.equal(r2.statusCode, 303);
  const v2 = await version(z, id);
  assert.notEqual(v2, v1);
  assert.deepEqual(files(z, id), [`${v2}-200.webp`, `${v2}-48.webp`]);
  assert.equal((await g.get(`/avatar/${id}/small`, { 'if-none-match': String(routed.headers.etag) })).headers.location, `/uploads/avatars/${id}/${v2}-48.webp`);
  assert.ok((await g.get('/author/xiaolin88/')).body.includes(`${v2}-200.webp`));
  assert.ok((await g.get(`/news/${a.id}/comments`)).body.includes(`src="/uploads/avatars/${id}/${v2}-48.webp"`));

  // Removing: back to the default everywhere, no file left.
  const rm = await me.post('/member/avatar/remove');
  assert.equal(rm.statusCode, 303);
  assert.equal(await version(z, id), '');
  assert.deepEqual(files(z, id), []);
  assert.equal((await g.get(`/avatar/${id}/small`)).headers['content-type'], 'image/gif');
  assert.doesNotMatch((await g.get('/author/xiaolin88/')).body, /\/uploads\/avatars\//);
  assert.doesNotMatch((await g.get(`/news/${a.id}/comments`)).body, /\/uploads\/avatars\/|\/avatar\//);
});

test('bad files are refused with a clear message and nothing changes; CSRF and log-in are required', async (t) => {
  const { z } = await setup(t);
  const me = await loginAs(z, 'xiaowang');
  const id = me.member!.id;
  assert.equal((await upload(z, me, await picture('#3c3'))).statusCode, 303);
  const v = await version(z, id);
  const kept = files(z, id);

  const cases: Array<[string, Buffer, RegExp]> = [
    ['text', Buffer.from('这不是图片'.repeat(20)), /只支持 JPG、PNG、WebP、GIF 格式的图片/],
    ['svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100"/></svg>'), /只支持/],
    ['too large', Buffer.concat([await picture('#333'), randomBytes(2 * 1024 * 1024)]), /图片不能超过2MB/],
    ['cut off', (await picture('#a3a', 'png', 800, 800)).subarray(0, 400), /图片已损坏或无法识别/],
    ['tiny', await picture('#aa3', 'png', 8, 8), /宽和高至少要16像素/],
  ];
  for (const [what, data, message] of cases) {
    const r = await upload(z, me, data);
    assert.equal(r.statusCode, 422, what);
    assert.match(r.body, message, what);
  }
  // A picture too large in pixels is refused from its header alone.
  const huge = await sharp({ create: { width: 4100, height: 4100, channels: 3, background: '#fff' } })
    .png({ compressionLevel: 9 })
    .toBuffer();
  assert.ok(huge.length < 2 * 1024 * 1024, 'small in bytes, 16.8 megapixels');
  assert.match((await upload(z, me, huge)).body, /图片尺寸过大/);

  // No token: refused. A guest: sent to log in.
  assert.equal((await upload(z, me, await picture('#c33'), { csrf: null })).statusCode, 403);
  assert.equal((await upload(z, me, await picture('#c33'), { csrf: 'x'.repeat(32) })).statusCode, 403);
  assert.equal((await me.post('/member/avatar/remove', { _csrf: 'x'.repeat(32) }, { withoutToken: true })).statusCode, 403);
  assert.equal((await upload(z, guest(z), await picture('#c33'))).statusCode, 303);
  assert.match(String((await upload(z, guest(z), await picture('#c33'))).headers.location), /^\/member\/login/);

  assert.equal(await version(z, id), v, 'nothing changed');
  assert.deepEqual(files(z, id), kept, 'no file written or removed');
});

test('another member cannot touch it; an admin removes it (audited) and the member is told', async (t) => {
  const { z } = await setup(t);
  const me = await loginAs(z, 'xiaowang');
  const other = await loginAs(z, 'laozhang');
  const id = me.member!.id;
  assert.equal((await upload(z, me, await picture('#c33'))).statusCode, 303);
  const v = await version(z, id);

  // Another member's upload and removal change only their own picture; staff routes refuse them.
  assert.equal((await upload(z, other, await picture('#36c'))).statusCode, 303);
  assert.equal((await other.post('/member/avatar/remove')).statusCode, 303);
  assert.equal((await other.post(`/admin/members/${id}/avatar/remove`, { reason: '乱删' })).statusCode, 403);
  assert.equal(await version(z, id), v);

  const admin = await loginAs(z, 'zhanzhang', 'admin');
  const detail = await admin.get(`/admin/members/${id}`);
  assert.ok(detail.body.includes(`action="/admin/members/${id}/avatar/remove"`));
  const noToken = await admin.post(`/admin/members/${id}/avatar/remove`, { reason: '不雅图片', _csrf: 'x'.repeat(32) }, { withoutToken: true });
  assert.equal(noToken.statusCode, 403);
  assert.equal(await version(z, id), v);

  const r = await admin.post(`/admin/members/${id}/avatar/remove`, { reason: '不雅图片' });
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, `/admin/members/${id}?ok=avatar`);
  assert.equal(await version(z, id), '');
  assert.deepEqual(files(z, id), []);
  const log = await z.dbh.db.selectFrom('audit_log').selectAll().where('action', '=', 'member.avatar_remove').execute();
  assert.equal(log.length, 1);
  assert.equal(log[0]!.target_id, id);
  assert.match(log[0]!.detail, /不雅图片/);
  assert.match((await admin.get('/admin/audit/')).body, /删除会员头像/);
  const notes = await z.dbh.db.selectFrom('notifications').selectAll().where('member_id', '=', id).execute();
  assert.equal(notes.length, 1);
  assert.match(notes[0]!.body, /头像因违反本站规定已被管理员删除。原因：不雅图片/);
  // Nothing to remove a second time: no second audit entry or message.
  await admin.post(`/admin/members/${id}/avatar/remove`, { reason: '再删' });
  assert.equal((await z.dbh.db.selectFrom('audit_log').selectAll().where('action', '=', 'member.avatar_remove').execute()).length, 1);
});

test('uploads are limited to 10 an hour per member; the small picture is made from the big one', async (t) => {
  const { z } = await setup(t);
  const me = await loginAs(z, 'xiaozhao');
  const id = me.member!.id;
  for (let i = 0; i < 10; i++) assert.equal((await upload(z, me, await picture('#c33', 'png', 16, 16))).statusCode, 303, `upload ${i + 1}`);
  const v = await version(z, id);
  const small = await sharp(path.join(z.tmp, 'uploads', 'avatars', String(id), `${v}-48.webp`)).metadata();
  assert.deepEqual([small.format, small.width, small.height], ['webp', 48, 48]);
  const refused = await upload(z, me, await picture('#36c', 'png', 16, 16));
  assert.equal(refused.statusCode, 429);
  assert.match(refused.body, /头像上传太频繁，请一小时后再试/);
  assert.equal(await version(z, id), v, 'nothing changed');
  // Another member is not affected; an hour later the member may upload again.
  assert.equal((await upload(z, await loginAs(z, 'xiaoqian'), await picture('#3c3', 'png', 16, 16))).statusCode, 303);
  z.clock.advance(60 * 60_000 + 1);
  assert.equal((await upload(z, me, await picture('#36c', 'png', 16, 16))).statusCode, 303);
});
