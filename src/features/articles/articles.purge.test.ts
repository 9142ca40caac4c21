import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function get(z: TestApp, url: string) {
  const res = await z.app.inject(url);
  assert.equal(res.statusCode, 200, url);
  return { body: res.body, cache: res.headers['x-cache'] };
}

test('publishing purges exactly the pages that show the article', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const local = await makeCategory(z, { slug: 'local', name: '本地' });
  const sports = await makeCategory(z, { slug: 'sports', name: '体育' });
  await makeArticle(z, { category: local.slug, title: '本地旧闻一则' });
  const sportsOld = await makeArticle(z, { category: sports.slug, title: '体育旧闻一则' });
  const urls = ['/', '/category/local/', '/rss.xml', '/category/local/rss.xml', '/category/sports/', `/news/${sportsOld.id}.html`];
  for (const u of urls) await get(z, u); // warm
  for (const u of urls) assert.equal((await get(z, u)).cache, 'HIT', `${u} cached`);

  await makeArticle(z, { category: local.slug, title: '青川新桥今晨合龙' });

  for (const u of ['/', '/category/local/', '/rss.xml', '/category/local/rss.xml']) {
    const r = await get(z, u);
    assert.equal(r.cache, 'MISS', `${u} purged`);
    assert.ok(r.body.includes('青川新桥今晨合龙'), `${u} shows the new article`);
  }
  const unrelated = await get(z, '/category/sports/');
  assert.equal(unrelated.cache, 'HIT', 'an unrelated category page is still served from cache');
  assert.ok(unrelated.body.includes('青川新桥今晨合龙'), 'while its 最新文章 sidebar fragment is refreshed');
  const other = await get(z, `/news/${sportsOld.id}.html`);
  assert.equal(other.cache, 'HIT', 'an unrelated article page stays cached');
  assert.ok(other.body.includes('青川新桥今晨合龙'), 'its 最新文章 block (a fragment) shows the new article');
});

test('editing, unpublishing and deleting purge the article page and its lists', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'tech' });
  const a = await makeArticle(z, { category: cat.slug, title: '原来的标题' });
  await get(z, `/news/${a.id}.html`);
  await get(z, '/category/tech/');
  await z.articles.update(a.id, { title: '修改后的标题' });
  assert.ok((await get(z, `/news/${a.id}.html`)).body.includes('修改后的标题'));
  assert.ok((await get(z, '/category/tech/')).body.includes('修改后的标题'));
  await z.articles.update(a.id, { status: 'draft' });
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 404);
  assert.ok(!(await get(z, '/category/tech/')).body.includes('修改后的标题'));
  await z.articles.update(a.id, { status: 'published' });
  assert.equal((await z.app.inject(`/mobile/news/${a.id}.html`)).statusCode, 200);
  await z.articles.remove(a.id);
  assert.equal((await z.app.inject(`/mobile/news/${a.id}.html`)).statusCode, 404);
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 404);
});

test('a scheduled article appears when its time comes, purging the lists without a write', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'edu' });
  await makeArticle(z, { category: cat.slug, title: '已经发布的文章' });
  const later = new Date(z.clock.now().getTime() + 3600_000).toISOString();
  const a = await makeArticle(z, { category: cat.slug, title: '定时发布的文章', publishedAt: later });
  assert.ok(!(await get(z, '/category/edu/')).body.includes('定时发布的文章'));
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 404);
  z.clock.advance(2 * 3600_000);
  await z.scheduler.runNow('articles.release-scheduled');
  assert.ok((await get(z, '/category/edu/')).body.includes('定时发布的文章'));
  assert.ok((await get(z, '/')).body.includes('定时发布的文章'));
  assert.equal((await z.app.inject(`/news/${a.id}.html`)).statusCode, 200);
});
