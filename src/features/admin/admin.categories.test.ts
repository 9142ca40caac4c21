import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

async function actions(z: TestApp) {
  return (await z.audit.list({ limit: 50, offset: 0 })).items.map((e) => e.action);
}

test('categories are listed as a tree with links to edit and delete', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  await makeCategory(z, { slug: 'metro', name: '地铁<b>', parent: 'city' });
  const admin = await loginAs(z, 'boss', 'admin');
  const res = await admin.get('/admin/categories/');
  assert.equal(res.statusCode, 200);
  const body = res.body;
  assert.ok(body.indexOf('城市') < body.indexOf('地铁&lt;b&gt;'), 'a child follows its parent, escaped');
  assert.ok(body.includes('class="depth-1"') && body.includes('href="/admin/categories/metro/edit"'));
  assert.ok(body.includes('href="/admin/categories/new"'));
});

test('creating a category validates every field, keeps the input and writes nothing on error', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  const admin = await loginAs(z, 'boss', 'admin');
  const form = await admin.get('/admin/categories/new');
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes('<option value="city">城市</option>'));

  const bad = await admin.post('/admin/categories/new', { name: '体育新闻', slug: 'Sports News!', parent: '', description: '', sortOrder: '2' });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('别名只能包含小写字母、数字和连字符'));
  assert.ok(bad.body.includes('value="体育新闻"') && bad.body.includes('value="Sports News!"'));
  const badSort = await admin.post('/admin/categories/new', { name: '体育', slug: 'sports', sortOrder: 'first' });
  assert.equal(badSort.statusCode, 422);
  assert.ok(badSort.body.includes('请输入整数'));
  const taken = await admin.post('/admin/categories/new', { name: '城市2', slug: 'city', sortOrder: '' });
  assert.equal(taken.statusCode, 409);
  assert.ok(taken.body.includes('栏目别名已存在'));
  const noParent = await admin.post('/admin/categories/new', { name: '体育', slug: 'sports', parent: 'ghost' });
  assert.equal(noParent.statusCode, 422);
  assert.ok(noParent.body.includes('上级栏目不存在'));
  assert.equal((await z.categories.all()).length, 1);
  assert.deepEqual(await actions(z), []);

  const ok = await admin.post('/admin/categories/new', { name: '足球', slug: 'football', parent: 'city', description: '足球<i>资讯</i>', sortOrder: '5' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/admin/categories/?ok=created');
  const c = await z.categories.bySlug('football');
  assert.equal(c?.name, '足球');
  assert.equal(c?.sortOrder, 5);
  assert.equal(c?.parentId, (await z.categories.bySlug('city'))?.id);
  assert.deepEqual(await actions(z), ['category.create']);
  assert.ok((await admin.get('/admin/categories/?ok=created')).body.includes('已创建'));
  assert.equal((await z.app.inject('/category/football/')).statusCode, 200, 'the new category page is public');

  // Sort order left empty: after the siblings (not 0, ahead of them); an edit left empty keeps the place.
  const sortInput = /<input[^>]*name="sortOrder"[^>]*>/.exec(form.body)?.[0] ?? '';
  assert.ok(sortInput && !sortInput.includes('value="0"'), `the form does not suggest 0: ${sortInput}`);
  await makeCategory(z, { slug: 'news', name: '要闻' });
  const after = await admin.post('/admin/categories/new', { name: '体育', slug: 'sports', sortOrder: '' });
  assert.equal(after.statusCode, 303);
  const roots = (await z.categories.all()).filter((x) => x.parentId === null);
  assert.equal(roots.at(-1)?.slug, 'sports', roots.map((x) => `${x.slug}:${x.sortOrder}`).join(' '));
  const before = (await z.categories.bySlug('sports'))!.sortOrder;
  await admin.post('/admin/categories/sports/edit', { name: '体育新闻', slug: 'sports', parent: '', description: '', sortOrder: '' });
  assert.equal((await z.categories.bySlug('sports'))?.sortOrder, before, 'an edit with the field empty keeps the place');
});

test('editing a category: cannot become its own descendant; saving renames and audits', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  await makeCategory(z, { slug: 'metro', name: '地铁', parent: 'city' });
  const admin = await loginAs(z, 'boss', 'admin');
  const form = await admin.get('/admin/categories/city/edit');
  assert.equal(form.statusCode, 200);
  assert.ok(!form.body.includes('<option value="metro"'), 'its own subtree is not offered as a parent');
  const loop = await admin.post('/admin/categories/city/edit', { name: '城市', slug: 'city', parent: 'metro', sortOrder: '0' });
  assert.equal(loop.statusCode, 422);
  assert.ok(loop.body.includes('不能把栏目移到它自己的下级'));
  assert.equal((await z.categories.bySlug('city'))?.parentId, null);

  const ok = await admin.post('/admin/categories/metro/edit', { name: '轨道交通', slug: 'rail', parent: '', description: '地铁与轻轨', sortOrder: '3' });
  assert.equal(ok.statusCode, 303);
  const c = await z.categories.bySlug('rail');
  assert.equal(c?.name, '轨道交通');
  assert.equal(c?.parentId, null);
  assert.equal(c?.description, '地铁与轻轨');
  assert.equal(await z.categories.bySlug('metro'), undefined);
  const [entry] = (await z.audit.list({ limit: 1, offset: 0 })).items;
  assert.equal(entry?.action, 'category.update');
  assert.deepEqual(entry?.detail, { slug: 'rail', name: '轨道交通', oldSlug: 'metro' });
  assert.equal((await admin.get('/admin/categories/nope/edit')).statusCode, 404);
});

test('deleting a category asks first and is refused with a clear message while it is not empty', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  await makeCategory(z, { slug: 'metro', name: '地铁', parent: 'city' });
  await makeCategory(z, { slug: 'money', name: '财经' });
  await makeArticle(z, { category: 'money' });
  const admin = await loginAs(z, 'boss', 'admin');
  const confirm = await admin.get('/admin/categories/money/delete');
  assert.equal(confirm.statusCode, 200);
  assert.ok(confirm.body.includes('确定要删除栏目“财经”吗'));
  assert.ok(confirm.body.includes('这个栏目现在不能删除') && confirm.body.includes('栏目下还有 1 篇文章'), 'said up front');
  assert.ok(!confirm.body.includes('确认删除'), 'no button that can only fail');
  const empty = await admin.get('/admin/categories/metro/delete');
  assert.ok(empty.body.includes('确认删除') && !empty.body.includes('不能删除'));

  const withArticles = await admin.post('/admin/categories/money/delete');
  assert.equal(withArticles.statusCode, 409);
  assert.ok(withArticles.body.includes('栏目下还有 1 篇文章，不能删除。请先把这些文章移到其他栏目'));
  assert.ok(!withArticles.body.includes('子栏目'), 'the message names the actual reason only');
  const withChildren = await admin.post('/admin/categories/city/delete');
  assert.equal(withChildren.statusCode, 409);
  assert.ok(withChildren.body.includes('栏目下还有子栏目：地铁，不能删除'));
  assert.ok(!withChildren.body.includes('篇文章'));
  assert.equal((await z.categories.all()).length, 3);

  const ok = await admin.post('/admin/categories/metro/delete');
  assert.equal(ok.statusCode, 303);
  assert.equal(await z.categories.bySlug('metro'), undefined);
  assert.deepEqual(await actions(z), ['category.delete']);
});

test('category pages are for admins only', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.get('/admin/categories/')).statusCode, 403);
  assert.equal((await editor.post('/admin/categories/new', { name: '体育', slug: 'sports' })).statusCode, 403);
  assert.equal((await editor.post('/admin/categories/city/delete')).statusCode, 403);
  assert.equal((await z.categories.all()).length, 1);
});

test('a category whose only articles are deleted: the refusal counts the 回收站 and links there; once moved, it can go', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  await makeCategory(z, { slug: 'old', name: '旧栏目' });
  const a = await makeArticle(z, { category: 'old', title: '早已删除的文章' });
  await z.articles.remove(a.id);
  const admin = await loginAs(z, 'boss', 'admin');
  const confirm = await admin.get('/admin/categories/old/delete');
  assert.ok(confirm.body.includes('栏目下还有 1 篇已删除的文章（在回收站中）'));
  assert.ok(confirm.body.includes('href="/admin/articles/?category=old&amp;own=1&amp;status=deleted"'));
  const refused = await admin.post('/admin/categories/old/delete');
  assert.equal(refused.statusCode, 409);
  assert.ok(refused.body.includes('1 篇已删除的文章'));

  const bin = await admin.get('/admin/articles/?category=old&status=deleted');
  assert.ok(bin.body.includes('早已删除的文章'));
  assert.equal((await admin.post('/admin/articles/batch', { ids: [String(a.id)], op: 'move', category: 'city' })).statusCode, 303);
  const ok = await admin.post('/admin/categories/old/delete');
  assert.equal(ok.statusCode, 303);
  assert.equal(await z.categories.bySlug('old'), undefined);
});

test('two categories of one name under the same parent are refused; the list indents each level deeper', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  await makeCategory(z, { slug: 'obs', name: '城市观察', parent: 'city' });
  await makeCategory(z, { slug: 'deep', name: '深度', parent: 'obs' });
  const admin = await loginAs(z, 'boss', 'admin');
  const dup = await admin.post('/admin/categories/new', { name: '城市观察', slug: 'obs2', parent: 'city', sortOrder: '0' });
  assert.equal(dup.statusCode, 422);
  assert.ok(dup.body.includes('同一上级栏目下已有名为“城市观察”的栏目'));
  assert.equal(await z.categories.bySlug('obs2'), undefined);
  assert.equal(
    (await admin.post('/admin/categories/new', { name: '城市观察', slug: 'obs3', parent: '', sortOrder: '0' })).statusCode,
    303,
    'another parent is fine',
  );
  const rename = await admin.post('/admin/categories/deep/edit', { name: '城市观察', slug: 'deep', parent: 'city', sortOrder: '0' });
  assert.equal(rename.statusCode, 422, 'moving next to a namesake is refused too');

  const list = (await admin.get('/admin/categories/')).body;
  assert.ok(list.includes('<span class="indent">└ </span><a href="/admin/categories/obs/edit">'));
  assert.ok(list.includes('<span class="indent">　└ </span><a href="/admin/categories/deep/edit">'), 'a third level sits deeper than the second');
});
