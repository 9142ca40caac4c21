// Issue 3 §10, the whole path in Chromium, by clicking and typing as people do: a visitor signs up and
// sends an article through 我要投稿 → an editor logs in and approves it in the review queue → the article
// page shows it with the 特别提示 disclaimer → another member logs in, comments and favorites → the
// author reports that comment → an admin hides it, with a note → the reporter reads the outcome in
// 我的举报. Screenshots of each step go to test-artifacts/journey-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createTestApp } from '../../test/app.ts';
import { makeCategory } from '../../test/factories.ts';
import { TEST_PASSWORD } from '../../test/session.ts';
import { clickAndWait, launchBrowser, listen, newPage, shot, skipWithoutChromium as skip, watchProblems } from '../../test/browser.ts';

const text = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

/** The log-in form, filled in and sent; lands on `next`. */
async function logIn(page: Page, username: string, next: RegExp): Promise<void> {
  await page.waitForURL(/\/member\/login/);
  await page.fill('#f-username', username);
  await page.fill('#f-password', TEST_PASSWORD);
  await clickAndWait(page, 'form.auth-form button[type="submit"]', next);
}

test('register → submit → editor approves → comment and favorite → report → admin hides → reporter sees the outcome', { skip, timeout: 120_000 }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  await z.members.create({ username: 'bianji', role: 'editor', password: TEST_PASSWORD, email: 'bianji@example.com' });
  await z.members.create({ username: 'zhuguan', role: 'admin', password: TEST_PASSWORD, email: 'zhuguan@example.com' });
  await z.members.create({ username: 'laowang', password: TEST_PASSWORD, email: 'laowang@example.com' });
  const { disclaimer } = await z.settings.get();
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const ignore = (url: string, status: number) => url.startsWith('/member/me.json') && status === 401;

  // —— A visitor signs up from the header link.
  const { page: author } = await newPage(browser);
  const authorProblems = watchProblems(author, origin, ignore);
  await author.goto(`${origin}/`);
  // The header's 注册 names the page it was pressed on (site.js), for the way back.
  await clickAndWait(author, '[data-member-bar] a[href^="/member/register"]', /\/member\/register\?next=%2F$/);
  await author.fill('#f-username', 'xiaozhang');
  await author.fill('#f-password', 'qingchuan-2026');
  await author.fill('#f-confirm', 'qingchuan-2026');
  await author.fill('#f-email', 'xiaozhang@example.com');
  await shot(author, 'journey-01-register');
  z.clock.advance(4000); // the form must have been open for at least three seconds
  await clickAndWait(author, 'form.auth-form button[type="submit"]', `${origin}/member/?welcome=new`);
  assert.match(await text(author, '.member-home .welcome'), /xiaozhang/);

  // —— …and sends an article through 我要投稿, writing the body in the editor.
  const title = '青川老街改造完成，周末市集重新开张';
  await clickAndWait(author, '.console-nav a[href="/member/articles/new"]', /\/member\/articles\/new$/);
  await author.fill('#f-title', title);
  await author.selectOption('#f-category', 'local');
  await author.fill('#f-summary', '历时八个月的老街改造完工，周末市集恢复营业。');
  await author.click('.rte-area');
  await author.keyboard.type('老街的石板路重新铺好了，沿街店铺也换上了统一的招牌。');
  await author.keyboard.press('Enter');
  await author.keyboard.type('周六上午九点，市集重新开张，吸引了不少市民。');
  await author.fill('#f-tags', '老街, 市集');
  await author.fill('#f-source', '读者投稿');
  await author.check('input[name="original"]');
  await shot(author, 'journey-02-submit');
  await clickAndWait(author, 'button[name="op"][value="submit"]', /\/member\/articles\/\?ok=pending/);
  const id = Number(/id=(\d+)/.exec(author.url())?.[1]);
  assert.ok(id > 0, 'the list names the new article');
  assert.match(await text(author, '.flash'), /审核/);
  assert.equal(await text(author, `tr[data-article-id="${id}"] .status`), '待审核');
  assert.equal((await z.articles.getAny(id))?.status, 'pending');
  assert.equal((await z.app.inject(`/news/${id}.html`)).statusCode, 404, 'not public before review');
  await shot(author, 'journey-03-my-articles-pending');

  // —— An editor logs in (second browser context) and approves it from the review queue.
  const { page: editor } = await newPage(browser);
  const editorProblems = watchProblems(editor, origin, ignore);
  await editor.goto(`${origin}/admin/review/`);
  await logIn(editor, 'bianji', /\/admin\/review\/$/);
  const row = editor.locator('table.review-queue tr', { hasText: title });
  assert.match(await row.innerText(), /xiaozhang/, 'the queue names the author');
  await clickAndWait(editor, `table.review-queue td.title a[href="/admin/review/${id}"]`, new RegExp(`/admin/review/${id}$`));
  assert.ok((await text(editor, '.review-preview')).includes('特别提示'), 'the preview shows the disclaimer a member’s article gets');
  assert.equal(await editor.inputValue('#f-title'), title);
  await shot(editor, 'journey-04-review');
  await clickAndWait(editor, 'button[name="op"][value="approve"]', /\/admin\/review\/\?ok=approved/);
  assert.ok((await text(editor, '.flash')).includes(title), 'the flash names the approved article');
  assert.equal(await editor.locator('table.review-queue tr', { hasText: title }).count(), 0, 'it left the queue');
  assert.equal((await z.articles.getAny(id))?.status, 'published');

  // —— The author finds it published and opens it: the page carries the 特别提示 disclaimer.
  await author.goto(`${origin}/member/articles/`);
  assert.equal(await text(author, `tr[data-article-id="${id}"] .status`), '已发布');
  await clickAndWait(author, `tr[data-article-id="${id}"] a[href="/news/${id}.html"]`, new RegExp(`/news/${id}\\.html$`));
  assert.equal(await text(author, 'article.article h1'), title);
  const note = await text(author, '.disclaimer');
  assert.ok(note.startsWith('特别提示'), `the disclaimer is headed 特别提示: ${note}`);
  assert.ok(note.includes(disclaimer), 'with the site’s disclaimer text');
  assert.match(await text(author, '.article-meta .author'), /xiaozhang/);
  assert.match(await text(author, '.summary-box'), /老街改造完工/);
  assert.match(await text(author, '.article-body'), /石板路[\s\S]*市集重新开张/);
  await shot(author, 'journey-05-article');

  // —— Another member comes to the article, logs in from the comment box, comments and favorites it.
  const { page: reader } = await newPage(browser);
  const readerProblems = watchProblems(reader, origin, ignore);
  await reader.goto(`${origin}/news/${id}.html`);
  await clickAndWait(reader, '#comment-form .login-note a[href^="/member/login"]', /\/member\/login/);
  await logIn(reader, 'laowang', new RegExp(`/news/${id}\\.html`));
  await reader.waitForFunction(`document.querySelector('#comment-form input[name=_csrf]').value !== ''`);
  const comment = '老街改得不错，就是周末停车太难了，买二手车找我 138xxxx';
  await reader.fill('#comment-form textarea[name="body"]', comment);
  await clickAndWait(reader, '#comment-form button[type="submit"]', (u) => u.pathname === `/news/${id}/comments`);
  const item = reader.locator('li.comment', { hasText: '停车太难' });
  assert.match(await item.locator('.nick').innerText(), /laowang/);
  const commentId = Number((await item.getAttribute('data-comment-id')) ?? 0);
  assert.ok(commentId > 0);
  // The browser may keep the public page for a minute (Cache-Control); a reload revalidates it.
  await reader.goto(`${origin}/news/${id}.html`);
  await reader.reload();
  await reader.locator('.action-bar a.favorite').click();
  await reader.waitForFunction(`document.querySelector('.action-bar a.favorite').getAttribute('aria-pressed') === 'true'`);
  assert.match(await text(reader, '.action-bar a.favorite'), /1/);
  assert.match(await text(reader, 'section.comments'), /停车太难/, '相关评论 shows the comment');
  await shot(reader, 'journey-06-comment-favorite');
  await reader.goto(`${origin}/member/favorites/`);
  assert.match(await text(reader, '.console-main'), new RegExp(title));

  // —— The author reports the comment from the comment list.
  await author.goto(`${origin}/news/${id}/comments`);
  await clickAndWait(author, `li#c${commentId} a.report`, (u) => u.pathname === '/report/' && u.searchParams.get('comment') === String(commentId));
  assert.match(await text(author, '.report-target'), /停车太难/, 'the form shows the comment being reported');
  await author.selectOption('#f-reason', 'advert');
  await author.fill('#f-description', '评论里在推销二手车，和文章无关。');
  await shot(author, 'journey-07-report');
  await clickAndWait(author, 'form.report-form button[type="submit"]', /\/report\/thanks$/);
  await clickAndWait(author, 'a[href="/member/reports/"]', /\/member\/reports\/$/);
  assert.equal(await text(author, 'table.my-reports tr.report .status'), '待处理');

  // —— An admin logs in, opens the report queue, hides the comment and writes a note.
  const { page: admin } = await newPage(browser);
  const adminProblems = watchProblems(admin, origin, ignore);
  await admin.goto(`${origin}/admin/`);
  await logIn(admin, 'zhuguan', /\/admin\/$/);
  await clickAndWait(admin, '.console-nav a[href="/admin/reports/"]', /\/admin\/reports\/$/);
  const group = admin.locator('table.report-queue tbody tr', { hasText: '停车太难' });
  assert.equal(await group.locator('td.count').innerText(), '1');
  await Promise.all([admin.waitForURL(/\/admin\/reports\/\d+$/), group.locator('a[href^="/admin/reports/"]').click()]);
  assert.match(await text(admin, 'table.report-list'), /推销二手车/);
  assert.match(await text(admin, 'table.report-list'), /xiaozhang/, 'the reporter is named');
  const outcome = '该评论含广告，已隐藏。感谢您的举报。';
  await admin.check('input[type="checkbox"][name="hide"]');
  await admin.fill('#f-note', outcome);
  await shot(admin, 'journey-08-resolve');
  await clickAndWait(admin, 'button[name="decision"][value="resolve"]', /done=resolve/);
  assert.match(await text(admin, '.flash'), /已处理 1 条举报/);
  assert.equal((await z.comments.get(commentId))?.status, 'hidden');
  await shot(admin, 'journey-09-resolved');

  // —— The comment is gone from the article, and the reporter reads the outcome in 我的举报.
  await reader.goto(`${origin}/news/${id}.html`);
  await reader.reload();
  assert.doesNotMatch(await text(reader, 'section.comments'), /停车太难/, 'the hidden comment is off the article page');
  await author.goto(`${origin}/member/`);
  await clickAndWait(author, '.console-nav a[href="/member/reports/"]', /\/member\/reports\/$/);
  const mine = author.locator('table.my-reports tr.report').first();
  assert.equal((await mine.locator('.status').innerText()).trim(), '已处理');
  assert.equal((await mine.locator('.result .note').innerText()).trim(), outcome);
  assert.match(await mine.innerText(), /停车太难/, 'the row names the reported comment');
  await shot(author, 'journey-10-my-reports');

  assert.deepEqual([...authorProblems, ...editorProblems, ...readerProblems, ...adminProblems], [], 'no script errors or failed requests');
});
