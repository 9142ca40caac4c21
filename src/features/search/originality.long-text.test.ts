import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSegmenter } from '../../platform/text/index.ts';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { fingerprintText } from './originality.fingerprint.ts';

test('the fingerprint of a 300,000-character run without punctuation is computed', () => {
  const fp = fingerprintText(createSegmenter(), '长文', '字'.repeat(300_000));
  assert.ok(fp.shingles.size > 0);
  assert.ok(fp.bands.length > 0);
});

test('an article whose body is one long unbroken run of Chinese text is saved, indexed and findable', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地新闻' });
  const a = await makeArticle(z, { category: cat.slug, title: '一篇很长的文章', body: `<p>${'字'.repeat(300_000)}</p>` });
  assert.ok(a.id > 0);
  const found = await z.search.search({ q: '很长的文章' }, 10);
  assert.deepEqual(found.ids, [a.id]);
});
