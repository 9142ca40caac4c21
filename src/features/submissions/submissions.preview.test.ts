import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

test('the member preview shows a real date and the cover', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  const alice = await loginAs(z, 'alice');
  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#c63' } })
    .png()
    .toBuffer();
  const cover = await z.storage.put('covers/2026/11/0123456789abcdef01.png', png);
  const a = await z.articles.create({
    title: '预览里的稿子',
    summary: '',
    body: '<p>正文。</p>',
    category: 'local',
    author: 'alice',
    tags: [],
    status: 'draft',
    cover,
  });
  const r = await alice.get(`/member/articles/${a.id}/preview`);
  assert.equal(r.statusCode, 200);
  assert.ok(!r.body.includes('datetime=""'), 'no empty <time>');
  assert.match(r.body, /<time datetime="2026-11-27T08:00:00\.000Z"/);
  assert.ok(r.body.includes(`<img src="${cover}"`), 'the cover is shown');
});

test('a refused copy is named once above the form, with a real link to the original', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  const { demoArticles } = await import('../demo/index.ts');
  const first = demoArticles.find((x) => (x.body.match(/<p>/g) ?? []).length >= 6);
  assert.ok(first);
  const body = (first.body.match(/<p>[\s\S]*?<\/p>/g) ?? []).join('');
  const original = await z.articles.create({ title: first.title, summary: '', body, category: 'local', author: 'reporter1', tags: [], status: 'published' });
  const alice = await loginAs(z, 'alice');
  const r = await alice.post('/member/articles/new', { title: '转载', category: 'local', summary: '', body, tags: '', source: '', op: 'submit' });
  assert.equal(r.statusCode, 422);
  const banner = r.body.slice(r.body.indexOf('class="form-errors"'), r.body.indexOf('</div>', r.body.indexOf('class="form-errors"')));
  assert.equal(banner.split(`《${original.title}》`).length - 1, 1, 'the message appears once in the banner');
  assert.ok(banner.includes(`<a href="/news/${original.id}.html">/news/${original.id}.html</a>`), 'with a link');
});
