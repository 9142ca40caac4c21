import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../test/app.ts';
import { seedDemoIfEmpty } from './demo.ts';

test('the demo portal fills an empty site once, with covers, staff and member articles, and hit history', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const res = await seedDemoIfEmpty(z);
  assert.ok(res, 'seeded');
  assert.ok(res.admin.password.length >= 8);
  assert.ok((await z.categories.all()).length >= 10);
  const total = await z.articles.count({});
  assert.ok(total >= 60, `${total} articles`);
  assert.ok((await z.articles.count({ minLevel: 2, withCover: true })) >= 4);
  assert.equal(await seedDemoIfEmpty(z), undefined, 'a second start adds nothing');
  assert.equal(await z.articles.count({}), total);
  const hot = await z.rankings.hot('30d', { limit: 5 });
  assert.equal(hot.length, 5, 'hot ranking has history');
  const [card] = await z.articles.list({ withCover: true }, 1);
  assert.ok(card);
  const cover = await z.app.inject(card.cover);
  assert.equal(cover.statusCode, 200);
  assert.equal(cover.headers['content-type'], 'image/jpeg');
  assert.equal((await z.pages.list()).length, 5);
  // The footer's 排名推广 page shows the demo keywords with their floor prices, open for bids.
  const promotion = (await z.app.inject('/promotion/')).body;
  for (const keyword of ['青川', '新能源汽车', '招聘']) assert.ok(promotion.includes(keyword), `/promotion/ lists ${keyword}`);
  assert.match(promotion, /150/);
  // Every demo article has its 核心提示, members' submissions included (written from their bodies).
  const rows = await z.dbh.db
    .selectFrom('articles')
    .innerJoin('members', 'members.id', 'articles.author_id')
    .select(['articles.id', 'articles.summary', 'members.role'])
    .execute();
  assert.ok(rows.some((r) => r.role === 'member'));
  assert.deepEqual(
    rows.filter((r) => !r.summary.trim()).map((r) => r.id),
    [],
    'articles without a summary',
  );
  const memberArticle = rows.find((r) => r.role === 'member')!;
  assert.ok((await z.app.inject(`/news/${memberArticle.id}.html`)).body.includes('核心提示'));
});
