import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';

test('栏目 form shows every field problem at once and saves nothing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const res = await admin.post('/admin/categories/new', { name: '', slug: '测试', parent: '', description: '', sortOrder: 'abc' });
  assert.equal(res.statusCode, 422);
  for (const message of ['别名只能包含小写字母、数字和连字符', '名称不能为空，且不超过64个字符', '请输入整数']) assert.ok(res.body.includes(message), message);
  assert.ok(res.body.includes('value="测试"') && res.body.includes('value="abc"'), 'what was typed is kept');
  assert.equal((await z.categories.all()).length, 0);
});
