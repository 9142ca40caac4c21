import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

/** The 编辑设置 list of /admin/related/<id>. */
const overrides = (html: string) => {
  const at = html.indexOf('编辑设置');
  return html.slice(at, html.indexOf('class="form related-form"', at));
};

test('a pin of an article deleted since is marked 已删除, not linked, and can be removed from the page', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  const a = await makeArticle(z, { category: 'local', title: '白石县深海网箱养殖蓝鳍金枪鱼' });
  const b = await makeArticle(z, { category: 'local', title: '公交线路调整首末班时间' });
  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.post(`/admin/related/${a.id}`, { relatedId: String(b.id), action: 'pin' })).statusCode, 303);
  await z.articles.remove(b.id);

  const list = overrides((await editor.get(`/admin/related/${a.id}`)).body);
  assert.match(list, /已删除/);
  assert.ok(!list.includes(`href="/news/${b.id}.html"`), 'no link to a page that is gone');
  assert.match(list, new RegExp(`name="relatedId" value="${b.id}"><input type="hidden" name="action" value="clear"><button[^>]*>取消置顶</button>`));

  assert.equal((await editor.post(`/admin/related/${a.id}`, { relatedId: String(b.id), action: 'clear' })).statusCode, 303);
  const after = overrides((await editor.get(`/admin/related/${a.id}`)).body);
  assert.match(after, /暂无置顶或排除/);
  assert.ok(!after.includes('公交线路调整首末班时间'));
});
