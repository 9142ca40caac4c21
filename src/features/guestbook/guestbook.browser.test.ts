// A first-time visitor who has only seen cached pages has no CSRF cookie from the server: the site's
// script must make one, so their first message is posted, not turned into a "please confirm" page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { clickAndWait, DESKTOP, launchBrowser, listen, newPage, skipWithoutChromium } from '../../test/browser.ts';

test('a first-time visitor posts to 网站留言 from the cached page in one go', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const origin = await listen(z);
  // Someone else's visit fills the page cache: the page our visitor gets sets no cookie.
  await fetch(`${origin}/guestbook/`);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { ctx, page } = await newPage(browser, DESKTOP);
  const res = await page.goto(`${origin}/guestbook/`);
  assert.equal(res?.headers()['x-cache'], 'HIT');
  assert.equal(res?.headers()['set-cookie'], undefined, 'the cached page sets no cookie');
  await page.fill('input[name="nickname"]', '初来乍到');
  await page.fill('textarea[name="body"]', '第一次来，想问问网站怎么投稿？');
  await clickAndWait(page, 'form[action="/guestbook/"] button[type="submit"]', /\/guestbook\/posted/);
  assert.ok(!(await page.content()).includes('请确认您的操作'));
  const cookie = (await ctx.cookies()).find((c) => c.name === 'zx_csrf');
  assert.match(cookie?.value ?? '', /^[A-Za-z0-9_-]{24}$/);
  const rows = await z.dbh.db.selectFrom('guestbook_messages').select(['nickname', 'body']).execute();
  assert.deepEqual(rows, [{ nickname: '初来乍到', body: '第一次来，想问问网站怎么投稿？' }]);
});
