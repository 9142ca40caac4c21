import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { noteOutsideWrite } from './outside-writes.ts';

test('a write by the CLI into the live database (import, seed) shows on cached pages within seconds', async (t) => {
  const z = await createTestApp({ pageCache: true });
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  await makeArticle(z, { category: 'local', title: '服务器里发布的文章' });
  const get = () => z.app.inject({ method: 'GET', url: '/category/local/' });
  await get();
  assert.equal((await get()).headers['x-cache'], 'HIT');

  // What `zixun import` does: rows written by another process (no purge here), then the note.
  const id = (await z.dbh.db.selectFrom('articles').select('id').executeTakeFirstOrThrow()).id;
  await z.dbh.db.updateTable('articles').set({ title: '命令行导入后更新的标题' }).where('id', '=', id).execute();
  await z.scheduler.runNow('cache.outside-writes');
  const stale = await get();
  assert.equal(stale.headers['x-cache'], 'HIT', 'nothing noted yet: the cache cannot know');
  assert.ok(!stale.body.includes('命令行导入后更新的标题'));

  await noteOutsideWrite(z.dbh.db);
  await z.scheduler.runNow('cache.outside-writes');
  const fresh = await get();
  assert.notEqual(fresh.headers['x-cache'], 'HIT');
  assert.ok(fresh.body.includes('命令行导入后更新的标题'));
  await z.scheduler.runNow('cache.outside-writes');
  assert.equal((await get()).headers['x-cache'], 'HIT', 'cleared once per note, not on every check');
});
