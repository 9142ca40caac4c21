import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';

const consoleNav = (html: string) => /<nav class="console-nav"/.test(html);
const publicLinks = (html: string) => html.includes('href="/hot/"') && html.includes('href="/sitemap.html"');

test('errors inside 管理后台 and 会员中心 stay in the console, with a way back to it', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const editor = await loginAs(z, 'bianji', 'editor');

  // An editor on an admin-only page: 403 in the console, nav without the admin-only entries.
  const settings = await editor.get('/admin/settings');
  assert.equal(settings.statusCode, 403);
  assert.ok(consoleNav(settings.body), 'the console layout');
  assert.ok(!publicLinks(settings.body), 'not the public site’s 点击排行 / 网站地图 links');
  assert.ok(settings.body.includes('href="/admin/">返回控制台</a>'));
  assert.ok(settings.body.includes('href="/admin/review/"'), 'the editor’s own console entries');
  assert.ok(!settings.body.includes('href="/admin/settings"'), 'no admin-only entries for an editor');
  assert.match(settings.body, /<h1>\s*403 出错了\s*<\/h1>/);

  // A missing article in the console: 404, still in the console.
  const missing = await editor.get('/admin/articles/99999/edit');
  assert.equal(missing.statusCode, 404);
  assert.ok(consoleNav(missing.body) && !publicLinks(missing.body));
  assert.ok(missing.body.includes('返回上一页'), 'and back to where the editor was');

  // 会员中心: a member's 404 there shows the member centre's layout.
  const reader = await loginAs(z, 'reader');
  const mine = await reader.get('/member/comments/99999/edit');
  assert.equal(mine.statusCode, 404);
  assert.ok(consoleNav(mine.body) && mine.body.includes('href="/member/">返回会员中心</a>'));
  // Member-centre pages start with a skip link, and their menu is named for what it is.
  const home = (await reader.get('/member/')).body;
  assert.ok(home.includes('<a class="skip" href="#main">') && home.includes('<main id="main"'));
  assert.ok(home.includes('aria-label="会员中心菜单"') && !home.includes('aria-label="后台菜单"'));
  // The same menu as the member's other pages: 我要投稿 only while submissions are open.
  assert.ok(mine.body.includes('href="/member/articles/new"'));
  await z.settings.update({ submissionsEnabled: false });
  assert.ok(!(await reader.get('/member/comments/99999/edit')).body.includes('href="/member/articles/new"'), 'no 我要投稿 while closed');

  // A plain member in the admin area is refused inside 会员中心, not shown the admin nav.
  const denied = await reader.get('/admin/settings');
  assert.equal(denied.statusCode, 403);
  assert.ok(consoleNav(denied.body) && !denied.body.includes('href="/admin/review/"'));

  // The public site keeps its own error page.
  const outside = await guest(z).get('/news/99999.html');
  assert.equal(outside.statusCode, 404);
  assert.ok(publicLinks(outside.body) && !consoleNav(outside.body));
});
