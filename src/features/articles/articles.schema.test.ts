import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArticleInputSchema, ArticlePatchSchema } from './articles.schema.ts';

const base = { title: '标题', body: '<p>正文</p>', category: 'local', author: 'reporter1' };

test('API and import input: invisible characters are stripped, so an invisible title is empty; markup in tags is refused', () => {
  assert.equal(ArticleInputSchema.safeParse({ ...base, title: '\u200b\u200b\u200b' }).success, false);
  const ok = ArticleInputSchema.parse({ ...base, title: '标\u200d题\ufeff', summary: '\u2066提示\u2069', tags: ['tag\u200bzw'], source: '来\u200c源' });
  assert.equal(ok.title, '标题');
  assert.equal(ok.summary, '提示');
  assert.deepEqual(ok.tags, ['tagzw']);
  assert.equal(ok.source, '来源');
  const bad = ArticleInputSchema.safeParse({ ...base, tags: ['<script>alert(1)</script>'] });
  assert.equal(bad.success, false);
  assert.match(JSON.stringify(bad.error?.issues), /标签不能包含/);
  assert.equal(ArticlePatchSchema.safeParse({ tags: ['\u200b'] }).success, false, 'a tag of nothing but a zero-width space is empty');
  assert.deepEqual(ArticlePatchSchema.parse({ title: '新\u200b标题' }), { title: '新标题' });
});
