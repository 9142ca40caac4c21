import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer, splitFields } from './search.analyzer.ts';
import { createSegmentPool } from './search.pool.ts';

// A rebuild segments on worker threads; live article writes segment in process. Both must give the
// index the same tokens, or an article would be found before `zixun reindex` and not after it.
const items = [
  {
    title: '排雷联盟发布 HK-3001 新品',
    subtitle: '副标题',
    summary: '烏克蘭局势与 iPhone 17 的价格',
    tags: ['排雷联盟', '数码'],
    text: '正文：120 km/h，3.5% 的增长。\n第二段的的的',
  },
  { title: '的', summary: '', tags: [], text: '' },
  { title: 'ＨＫ－３００１ 型号', summary: 'Node.js 与 C++', tags: ['编程'], text: '全角ＡＢＣ１２３，㎞ 与 ① 以及 乾燥的天气'.repeat(20) },
  ...Array.from({ length: 40 }, (_, i) => ({
    title: `青川县第${i}次会议召开`,
    summary: `会议讨论了 ${i * 7} 项议题`,
    tags: [`议题${i % 3}`],
    text: `代表们就发展问题展开讨论，编号 A-${i}。`,
  })),
];

test('worker threads give a rebuild the same tokens as a live write, new dictionary words included', async () => {
  const analyzer = createAnalyzer();
  const pool = await createSegmentPool(createAnalyzer(), [], 2);
  try {
    assert.equal(pool.threads, 2, 'the rebuild runs on worker threads');
    const joined = await pool.fields(items, ['排雷联盟']);
    analyzer.addWords(['排雷联盟']);
    items.forEach((a, i) => {
      const want = analyzer.fields(a);
      const got = splitFields(joined, i * 4);
      assert.deepEqual([got.title, got.summary, got.tags, got.body], [want.title, want.summary, want.tags, want.body], a.title);
    });
    assert.ok(splitFields(joined, 0).title.includes('排雷联盟'), 'the word sent with the batch is one token');
  } finally {
    await pool.close();
  }
});
