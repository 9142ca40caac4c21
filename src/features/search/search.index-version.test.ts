import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { INDEX_VERSION, readIndexVersion, writeIndexVersion } from './search.index-version.ts';

test('an index built by an older analyzer is rebuilt in the background at start-up; an empty site just records the version', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  assert.equal(await z.search.ensureIndexVersion(), 'recorded', 'no articles: nothing to rebuild');
  assert.equal(await readIndexVersion(z.dbh.db), INDEX_VERSION);
  assert.equal(await z.search.ensureIndexVersion(), 'current');

  await makeCategory(z, { slug: 'local' });
  const a = await makeArticle(z, { category: 'local', title: '厂房租金每月1.2万元', body: '<p>园区厂房出租，租金每月1.2万元。</p>' });
  // As an index written before numbers with units were terms: the old version, and the article's rows gone stale.
  await writeIndexVersion(z.dbh.db, INDEX_VERSION - 1);
  assert.equal(await z.search.ensureIndexVersion(), 'rebuilding');
  await z.search.jobs.idle();
  assert.equal(await readIndexVersion(z.dbh.db), INDEX_VERSION, 'recorded when the rebuild is done');
  const page = await z.app.inject(`/search?q=${encodeURIComponent('1.2万')}`);
  assert.ok(page.body.includes(`/news/${a.id}.html`), 'still found after the rebuild');
  const statusPage = z.search.jobs.status();
  assert.ok(
    statusPage.some((j) => j.kind === 'rebuild'),
    'the rebuild shows among the index jobs (重建索引 on the admin page)',
  );
});
