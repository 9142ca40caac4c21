// 顶 by a first-time visitor on the cached article page: public/community.js asks /favorites/state (which
// sets the server's CSRF cookie) while public/site.js makes one of its own; whichever wins, the like
// must go through in place, not end on the "页面已过期" page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { DESKTOP, launchBrowser, listen, newPage, skipWithoutChromium, watchProblems } from '../../test/browser.ts';

test('a first-time visitor likes a comment on the cached article page in place', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '青川大桥今日通车' });
  const alice = await loginAs(z, 'alice');
  assert.equal((await alice.post(`/news/${a.id}/comments`, { body: '大桥修得真快！' })).statusCode, 303);
  const origin = await listen(z);
  await fetch(`${origin}/news/${a.id}.html`); // cached before our visitor arrives
  const browser = await launchBrowser();
  t.after(() => browser.close());
  for (let round = 0; round < 3; round++) {
    const { ctx, page } = await newPage(browser, DESKTOP);
    const problems = watchProblems(page, origin);
    const res = await page.goto(`${origin}/news/${a.id}.html`);
    if (round === 0) assert.equal(res?.headers()['x-cache'], 'HIT');
    await page.waitForLoadState('networkidle');
    await page.locator('.comment-list li.comment button.like').first().click();
    await page.waitForFunction(`document.querySelector('.comment-list li.comment button.like').classList.contains('liked')`);
    assert.equal(new URL(page.url()).pathname, `/news/${a.id}.html`, 'no page load');
    assert.deepEqual(problems, []);
    await ctx.close();
  }
  const [c] = await z.comments.latestFor(a.id, 1);
  assert.ok(c && c.likes >= 1, `the like was counted (${c?.likes})`);
});
