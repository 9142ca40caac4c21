import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

const level = async (z: TestApp, id: number) => (await z.articles.getAny(id))?.recommendLevel;
const recommends = async (z: TestApp) => (await z.audit.list({ limit: 50, offset: 0 })).items.filter((e) => e.action === 'article.recommend').length;

test('batch 推荐图文 sets the articles with a cover, names those without one; none with a cover still ends on the result page', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  const pic = await makeArticle(z, { category: 'city', title: '江边夜景图集', recommendLevel: 1 });
  const bare = await makeArticle(z, { category: 'city', title: '没有配图的通知', recommendLevel: 1 });
  const bare2 = await makeArticle(z, { category: 'city', title: '纯文字的评论', recommendLevel: 0 });
  await z.dbh.db.updateTable('articles').set({ cover: 'https://img.example.com/night.jpg' }).where('id', '=', pic.id).execute();
  const ed = await loginAs(z, 'editor1', 'editor');

  const sent = await ed.post('/admin/articles/batch', { ids: [String(pic.id), String(bare.id)], op: 'level:2', back: 'q=夜' });
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
  const location = String(sent.headers.location);
  assert.match(location, /^\/admin\/articles\/batch\/[A-Za-z0-9_-]{22}$/);
  const page = await ed.get(location);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('已设为推荐图文 1 篇；以下文章没有设置：《没有配图的通知》（没有封面，不能设为推荐图文）'), page.body.slice(0, 3000));
  assert.ok(page.body.includes('已处理的文章：《江边夜景图集》'));
  assert.equal(await level(z, pic.id), 2, 'the one with a cover is a picture pick');
  assert.equal(await level(z, bare.id), 1, 'the one without is left as it was');
  assert.equal(await recommends(z), 1);

  // Every ticked article lacks a cover: the result page (a reload asks nothing), nothing written.
  const none = await ed.post('/admin/articles/batch', { ids: [String(bare.id), String(bare2.id)], op: 'level:2', back: '' });
  assert.equal(none.statusCode, 303, none.body.slice(0, 300));
  const nonePage = await ed.get(String(none.headers.location));
  assert.equal(nonePage.statusCode, 200);
  assert.ok(
    nonePage.body.includes(
      '已设为推荐图文 0 篇；以下文章没有设置：《没有配图的通知》（没有封面，不能设为推荐图文）；《纯文字的评论》（没有封面，不能设为推荐图文）',
    ),
  );
  assert.ok(!nonePage.body.includes('已处理的文章'));
  assert.deepEqual([await level(z, bare.id), await level(z, bare2.id)], [1, 0]);
  assert.equal(await recommends(z), 1, 'nothing audited');
});
