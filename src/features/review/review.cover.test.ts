import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs, type Client } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

const FIELDS = {
  title: '青川新开一条公交线路',
  category: 'local',
  summary: '新线路连接高铁站和老城区。',
  body: '<p>正文第一段。</p>',
  tags: '公交',
  source: '',
};

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<TestApp> {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  return z;
}

async function submit(m: Client, over: Record<string, string> = {}): Promise<number> {
  const r = await m.post('/member/articles/new', { ...FIELDS, ...over, op: 'submit' });
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  const id = Number(/id=(\d+)/.exec(r.headers.location as string)?.[1]);
  assert.ok(id > 0, String(r.headers.location));
  return id;
}

const png = () =>
  sharp({ create: { width: 480, height: 320, channels: 3, background: '#2a6' } })
    .png()
    .toBuffer();

async function approveMultipart(z: TestApp, c: Client, id: number, fields: Record<string, string>, file?: Buffer) {
  const boundary = `----zx${randomBytes(6).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file)
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="coverFile"; filename="c.png"\r\nContent-Type: image/png\r\n\r\n`),
      file,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return z.app.inject({
    method: 'POST',
    url: `/admin/review/${id}/approve?_csrf=${encodeURIComponent(c.csrf)}`,
    headers: { cookie: c.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

test('审核: a cover-less submission gets a cover uploaded on the approval form and is approved as 推荐图文', async (t) => {
  const z = await setup(t);
  const id = await submit(await loginAs(z, 'alice'));
  const ed = await loginAs(z, 'ed', 'editor');
  const page = (await ed.get(`/admin/review/${id}`)).body;
  assert.ok(page.includes('enctype="multipart/form-data"') && page.includes('name="coverFile"') && page.includes('添加封面'));

  const without = await ed.post(`/admin/review/${id}/approve`, { ...FIELDS, recommendLevel: '2', publishAt: '', op: 'approve' });
  assert.equal(without.statusCode, 422, 'a 推荐图文 without a cover is refused');
  assert.equal((await z.articles.getAny(id))?.status, 'pending');

  const r = await approveMultipart(z, ed, id, { ...FIELDS, recommendLevel: '2', publishAt: '', op: 'approve', cover: '' }, await png());
  assert.equal(r.statusCode, 303, r.body.slice(0, 500));
  const a = await z.articles.getAny(id);
  assert.equal(a?.status, 'published');
  assert.equal(a?.recommendLevel, 2);
  assert.match(a?.cover ?? '', /^\/uploads\/covers\/\d{4}\/\d{2}\/[0-9a-f]+\.png$/);
  assert.ok(await z.storage.get((a?.cover ?? '').slice('/uploads/'.length)));
  const [entry] = (await z.audit.list({ limit: 5, offset: 0 })).items.filter((e) => e.action === 'article.approve');
  assert.ok((entry?.detail as { changed?: string[] } | undefined)?.changed?.includes('cover'), 'the audit entry names the cover as changed');
});

test('审核: an upload made with a refused attempt is kept for the corrected form; a forged hidden cover is ignored; 删除封面 removes it', async (t) => {
  const z = await setup(t);
  const alice = await loginAs(z, 'alice');
  const id = await submit(alice);
  const ed = await loginAs(z, 'ed', 'editor');
  const bad = await approveMultipart(z, ed, id, { ...FIELDS, title: '', recommendLevel: '2', publishAt: '', op: 'approve', cover: '' }, await png());
  assert.equal(bad.statusCode, 422);
  const kept = /<input type="hidden" name="cover" value="(\/uploads\/covers\/[^"]+)"/.exec(bad.body)?.[1];
  assert.ok(kept, 'the stored upload travels in the hidden cover field');
  assert.ok(bad.body.includes('无需重新上传'));

  const forged = await approveMultipart(z, ed, id, {
    ...FIELDS,
    recommendLevel: '0',
    publishAt: '',
    op: 'preview',
    cover: '/uploads/covers/2026/11/nothere.png',
  });
  assert.equal(forged.statusCode, 200);
  assert.ok(!forged.body.includes('nothere.png'), 'a cover that is not stored is not taken');

  const removed = await approveMultipart(z, ed, id, { ...FIELDS, recommendLevel: '0', publishAt: '', op: 'approve', cover: kept, removeCover: '1' });
  assert.equal(removed.statusCode, 303);
  assert.equal((await z.articles.getAny(id))?.cover, '');

  z.clock.advance(10 * 60_000);
  const other = { title: '老城区菜市场改造完工', body: '<p>菜市场今天重新开门，摊位多了一倍。</p>' };
  const second = await submit(alice, other);

  const ok = await approveMultipart(z, ed, second, { ...FIELDS, ...other, recommendLevel: '2', publishAt: '', op: 'approve', cover: kept });
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
  assert.equal((await z.articles.getAny(second))?.cover, kept, 'the kept upload is used without choosing the file again');
});
