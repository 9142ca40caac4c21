import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { PER_PAGE } from './search.routes.tsx';

test('a search page past the end leads to the last page with results', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地新闻' });
  for (let i = 0; i < PER_PAGE.desktop + 2; i++) await makeArticle(z, { category: cat.slug, title: `青川新闻第${i + 1}条` });
  const g = guest(z);
  const q = encodeURIComponent('青川');

  const far = await g.get(`/search?q=${q}&page=999`);
  assert.equal(far.statusCode, 302);
  assert.equal(far.headers.location, `/search?q=${q}&page=2`);
  const last = await g.get(String(far.headers.location));
  assert.equal(last.statusCode, 200);
  assert.ok(!last.body.includes('没有更多结果了'), 'the last page has results');
  assert.ok(last.body.includes(`href="/search?q=${q}"`), '上一页 leads to page 1');

  // Nothing found at all: page 1, which says so.
  const none = await g.get(`/mobile/search?q=${encodeURIComponent('不存在的词')}&page=5`);
  assert.equal(none.statusCode, 302);
  assert.equal(none.headers.location, `/mobile/search?q=${encodeURIComponent('不存在的词')}`);
});
