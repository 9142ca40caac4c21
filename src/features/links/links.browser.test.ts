// A phone reader on /links: the phone home's 申请友情链接 and /mobile/links lead to /links (the page that
// works on phones, as for 网站留言 and 举报), which fits a 375 px screen, form and 本站信息 included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedDemoIfEmpty } from '../../cli/demo.ts';
import { createTestApp } from '../../test/app.ts';
import { PHONE, clickAndWait, launchBrowser, listen, newPage, shot, skipWithoutChromium, watchProblems } from '../../test/browser.ts';

/** Runs in the page: its width, elements past the right edge, and the smallest text in <main>. */
const MEASURE = `(() => {
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 1 && wide.length < 5) wide.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' + Math.round(r.right));
  }
  let smallest = 99;
  for (const el of document.querySelectorAll('.links-page *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const r = el.getBoundingClientRect();
    if (own && r.width > 0 && r.height > 0) smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth, wide, smallest };
})()`;

test('/links on a 375 px phone: reached from the phone home and /mobile/links, no sideways scrolling, readable', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  assert.ok(await seedDemoIfEmpty(z));
  await z.settings.update({ logoUrl: '/uploads/logos/2026/11/a-rather-long-logo-file-name-for-the-site.png' });
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { ctx, page } = await newPage(browser, { ...PHONE, viewport: { width: 375, height: 812 } });
  t.after(() => ctx.close());
  const problems = watchProblems(page, origin, (url, status) => status === 404 && url.startsWith('/uploads/logos/'));

  await page.goto(`${origin}/mobile/`);
  await clickAndWait(page, '.friend-links a[href="/links"]', (u) => u.pathname === '/links');
  const res = await page.goto(`${origin}/mobile/links`);
  assert.equal(res?.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/links', 'the page that works on phones');
  const m = (await page.evaluate(MEASURE)) as { scrollWidth: number; innerWidth: number; wide: string[]; smallest: number };
  assert.ok(m.scrollWidth <= 375 && m.innerWidth <= 375, `${m.scrollWidth}px wide: ${m.wide.join(', ')}`);
  assert.ok(m.smallest >= 12, `text of ${m.smallest}px`);
  assert.ok(await page.locator('#our-code').isVisible(), 'the text link to copy');
  assert.ok(await page.locator('.links-apply input[name="url"]').isVisible());
  await shot(page, 'phone-375-links');
  assert.deepEqual(problems, []);
});
