import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

const FIELDS = { title: '封面会换的投稿', category: 'local', summary: '提示。', body: '<p>正文。</p>', tags: '', source: '', op: 'submit' };

function upload(z: TestApp, m: Client, url: string, fields: Record<string, string>, color?: string) {
  return (async () => {
    const boundary = `----zixun${randomBytes(8).toString('hex')}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    if (color) {
      const data = await sharp({ create: { width: 400, height: 300, channels: 3, background: color } })
        .png()
        .toBuffer();
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="coverFile"; filename="c.png"\r\nContent-Type: image/png\r\n\r\n`),
        data,
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return z.app.inject({
      method: 'POST',
      url: `${url}?_csrf=${encodeURIComponent(m.csrf)}`,
      headers: { cookie: m.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
  })();
}

const exists = async (z: TestApp, url: string) => !!(await z.storage.get(url.slice('/uploads/'.length)));
const thumbOf = (url: string) => url.replace(/\.png$/, '_thumb.png');

test('a replaced cover of a submission and the cover of a refused revision are deleted; covers in use stay', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');

  const r = await upload(z, alice, '/member/articles/new', FIELDS, '#c33');
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  const id = Number(/id=(\d+)/.exec(String(r.headers.location))?.[1]);
  const first = (await z.articles.getAny(id))?.cover ?? '';
  assert.ok(await exists(z, first));

  const e = await upload(z, alice, `/member/articles/${id}/edit`, FIELDS, '#3c3');
  assert.equal(e.statusCode, 303);
  const second = (await z.articles.getAny(id))?.cover ?? '';
  assert.notEqual(second, first);
  assert.equal(await exists(z, first), false, 'the replaced cover is gone');
  assert.equal(await exists(z, thumbOf(first)), false, 'with its thumbnail');
  assert.ok(await exists(z, second));

  const ok = await editor.post(`/admin/review/${id}/approve`, { ...FIELDS, recommendLevel: '0', publishAt: '', op: 'approve' });
  assert.equal(ok.statusCode, 303);
  const rev = await upload(z, alice, `/member/articles/${id}/edit`, { ...FIELDS, title: '改了封面' }, '#33c');
  assert.equal(rev.statusCode, 303);
  const revRow = await z.dbh.db.selectFrom('article_revisions').select(['id', 'data']).where('article_id', '=', id).executeTakeFirstOrThrow();
  const proposed = (JSON.parse(String(revRow.data)) as { cover: string }).cover;
  assert.ok(await exists(z, proposed));
  const no = await editor.post(`/admin/review/revisions/${revRow.id}/reject`, { reason: '封面不合适' });
  assert.equal(no.statusCode, 303);
  assert.equal(await exists(z, proposed), false, 'the refused revision’s cover is gone');
  assert.ok(await exists(z, second), 'the live cover stays');
});
