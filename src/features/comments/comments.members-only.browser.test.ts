// Guests may not comment (the default): on the cached article page a guest sees the log-in prompt and no
// usable comment box; after logging in from it the box is there; a post that still needs a log-in keeps the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { TEST_PASSWORD } from '../../test/session.ts';
import { PHONE, clickAndWait, launchBrowser, listen, newPage, skipWithoutChromium as skip } from '../../test/browser.ts';

test('members-only comments: guests get a log-in prompt, not a box that loses their text', { skip, timeout: 60_000 }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z, { slug: 'local', name: '本地' });
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  await z.members.create({ username: 'laowang', password: TEST_PASSWORD, email: 'laowang@example.com' });
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());

  const { page } = await newPage(browser);
  await page.goto(`${origin}/news/${a.id}.html`);
  assert.ok(await page.locator('#comment-form .login-note').isVisible(), 'the prompt shows');
  assert.match(await page.locator('#comment-form .login-note').innerText(), /登录后才能发表评论/);
  assert.equal(await page.locator('#comment-form textarea[name=body]').isVisible(), false, 'no comment box for a guest');
  assert.equal(await page.locator('#comment-form button[type=submit]').isVisible(), false, 'no 发表评论 button for a guest');

  await clickAndWait(page, '#comment-form .login-note a[href^="/member/login"]', /\/member\/login/);
  await page.fill('#f-username', 'laowang');
  await page.fill('#f-password', TEST_PASSWORD);
  await clickAndWait(page, 'form.auth-form button[type="submit"]', new RegExp(`/news/${a.id}\\.html`));
  assert.equal(await page.locator('#comment-form .login-note').isVisible(), false, 'no prompt for a member');
  await page.fill('#comment-form textarea[name="body"]', '大桥修得真快');
  await clickAndWait(page, '#comment-form button[type="submit"]', (u) => u.pathname === `/news/${a.id}/comments`);
  assert.equal((await z.comments.latestFor(a.id, 1))[0]?.body, '大桥修得真快');

  // The log-in hint outlived the session (a stale cookie): once site.js has asked, the prompt is back and
  // the box is gone again, so nobody types into a box whose post would be refused.
  const stale = await newPage(browser);
  await stale.ctx.addCookies([{ name: 'zx_in', value: '1', url: origin }]);
  await stale.page.goto(`${origin}/news/${a.id}.html`);
  await stale.page.locator('#comment-form .login-note').waitFor({ state: 'visible' });
  await stale.page.locator('#comment-form textarea[name="body"]').waitFor({ state: 'hidden' });
  assert.equal(await stale.page.locator('#comment-form button[type=submit]').isVisible(), false);

  // On the phone article a guest's 注册 opens the phone sign-up, whose 返回 leads back to the article; 举报
  // opens the report page in the phone layout, naming the phone article.
  const phone = await newPage(browser, PHONE);
  const phoneArticle = `/mobile/news/${a.id}.html`;
  await phone.page.goto(origin + phoneArticle);
  await clickAndWait(phone.page, '#comment-form .login-note a[href^="/member/register"]', (u) => u.pathname === '/member/register');
  assert.equal((await phone.page.locator(`main a[href^="${phoneArticle}"]`).count()) > 0, true, 'the sign-up page leads back to the phone article');
  await phone.page.goto(origin + phoneArticle);
  await clickAndWait(phone.page, '.action-bar a.report', (u) => u.pathname === '/report/' && u.searchParams.get('m') === '1');
  assert.equal(await phone.page.locator(`.report-target a[href="${phoneArticle}"]`).count(), 1, 'the report page names the phone article');
  assert.equal(await phone.page.locator('a.to-desktop').count(), 1, 'the phone layout');
});
