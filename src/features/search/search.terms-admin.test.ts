import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';

test('搜索词库: a twin after folding is refused; delete buttons ask before deleting', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  assert.equal((await admin.post('/admin/search/terms', { term: '金山小镇' })).statusCode, 303);
  // Traditional characters and a CJK compatibility ideograph (U+F90A is 金) fold to the same word.
  for (const twin of ['金山小鎮', '\uf90a山小鎮']) {
    const r = await admin.post('/admin/search/terms', { term: twin });
    assert.equal(r.statusCode, 409, twin);
    assert.match(r.body, /词库中已有“金山小镇”/);
  }
  const page = (await admin.get('/admin/search/terms')).body;
  assert.match(page, /<form method="post" action="\/admin\/search\/terms\/\d+\/delete" class="inline" data-confirm="确定从词库中删除“金山小镇”吗？[^"]*">/);
});
