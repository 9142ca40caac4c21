import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';

async function actions(z: TestApp) {
  return (await z.audit.list({ limit: 50, offset: 0 })).items.map((e) => e.action);
}

test('static pages: create with validation, edit (sanitized, purged), delete after confirmation, all audited', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  assert.equal((await admin.get('/admin/pages/')).statusCode, 200);
  assert.equal((await admin.get('/admin/pages/new')).statusCode, 200);

  const bad = await admin.post('/admin/pages/new', { title: '', slug: 'About Us', body: '<p>关于</p>', sortOrder: '1.5' });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('请输入整数'));
  assert.ok(bad.body.includes('value="About Us"') && bad.body.includes('&lt;p&gt;关于&lt;/p&gt;'), 'input kept, escaped in the textarea');
  const bad2 = await admin.post('/admin/pages/new', { title: '', slug: 'About Us', body: '', sortOrder: '1' });
  assert.equal(bad2.statusCode, 422);
  assert.ok(bad2.body.includes('标题不能为空') && bad2.body.includes('别名只能包含小写字母') && bad2.body.includes('内容不能为空'));
  assert.deepEqual(await z.pages.list(), []);

  const ok = await admin.post('/admin/pages/new', {
    title: '关于我们',
    slug: 'about',
    body: '<p onmouseover="x()">我们是谁</p><script>alert(1)</script>',
    sortOrder: '1',
    inFooter: '1',
  });
  assert.equal(ok.statusCode, 303);
  const page = await z.pages.bySlug('about');
  assert.equal(page?.body, '<p>我们是谁</p>');
  assert.equal(page?.inFooter, true);
  const pub = await z.app.inject('/page/about.html');
  assert.equal(pub.statusCode, 200);
  assert.ok(pub.body.includes('我们是谁'));

  const dup = await admin.post('/admin/pages/new', { title: '又一个', slug: 'about', body: '<p>x</p>' });
  assert.equal(dup.statusCode, 409);
  assert.ok(dup.body.includes('页面别名已存在'));

  const list = await admin.get('/admin/pages/');
  assert.ok(list.body.includes('href="/admin/pages/about/edit"') && list.body.includes('关于我们'));
  const edit = await admin.post('/admin/pages/about/edit', { title: '关于本站', slug: 'about', body: '<p>新的介绍</p>', sortOrder: '2' });
  assert.equal(edit.statusCode, 303);
  assert.equal((await z.pages.bySlug('about'))?.inFooter, false, 'an unticked box clears the flag');
  const after = await z.app.inject('/page/about.html');
  assert.ok(after.body.includes('新的介绍'), 'the public page shows the edit at once (cache purged)');

  assert.ok((await admin.get('/admin/pages/about/delete')).body.includes('确定要删除单页“关于本站”吗'));
  assert.equal((await admin.post('/admin/pages/about/delete')).statusCode, 303);
  assert.equal(await z.pages.bySlug('about'), undefined);
  assert.equal((await z.app.inject('/page/about.html')).statusCode, 404);
  assert.deepEqual(await actions(z), ['page.delete', 'page.update', 'page.create']);
});

test('static pages are for admins only', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.get('/admin/pages/')).statusCode, 403);
  assert.equal((await editor.post('/admin/pages/new', { title: '关于', slug: 'about', body: '<p>x</p>' })).statusCode, 403);
  assert.deepEqual(await z.pages.list(), []);
});
