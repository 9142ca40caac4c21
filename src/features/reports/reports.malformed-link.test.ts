import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

test('a mangled 举报 link opens the plain report form saying so; a missing article is still a 404', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  const g = guest(z);
  for (const q of ['article=abc', 'article=4x', 'comment=-1', `article=${a.id}&comment=1`]) {
    const r = await g.get(`/report/?${q}`);
    assert.equal(r.statusCode, 200, q);
    assert.ok(r.body.includes('链接中的举报对象有误'), `${q}: says what is wrong`);
    assert.ok(r.body.includes('name="url"'), `${q}: the URL form`);
    assert.ok(!r.body.includes('name="article"'), `${q}: no hidden target`);
  }
  const ok = await g.get(`/report/?article=${a.id}`);
  assert.equal(ok.statusCode, 200);
  assert.ok(ok.body.includes('青川大桥今日通车') && !ok.body.includes('链接中的举报对象有误'));
  assert.equal((await g.get('/report/?article=99999')).statusCode, 404);
});
