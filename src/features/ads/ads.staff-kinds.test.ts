import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';

test('editors are not offered the HTML代码 ad type they may not save; admins are', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const editor = await loginAs(z, 'ed', 'editor');
  const admin = await loginAs(z, 'boss', 'admin');
  const asEditor = await editor.get('/admin/ads/new');
  assert.equal(asEditor.statusCode, 200);
  assert.ok(!asEditor.body.includes('value="html"') && !asEditor.body.includes('HTML代码'));
  assert.ok((await admin.get('/admin/ads/new')).body.includes('<option value="html">HTML代码</option>'));
});
