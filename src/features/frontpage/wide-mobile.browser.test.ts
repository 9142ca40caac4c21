// A /mobile/ link opened on a computer (shared from WeChat): the phone layout keeps a phone's width,
// centred, with 电脑版 in view, and no redirect by user agent. And the 评论 action moves the focus to the
// comments heading, not just the scroll position.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedDemoIfEmpty } from '../../cli/demo.ts';
import { createTestApp } from '../../test/app.ts';
import { DESKTOP, launchBrowser, listen, newPage, shot, skipWithoutChromium } from '../../test/browser.ts';

/** The cap of public/mobile.css's wide-screen block. */
const CAP = 640;

/** Runs in the page (no DOM lib in the tsconfig, so a string): the widest laid-out parts and the 电脑版 links. */
const MEASURE = `(() => {
  const box = (sel) => { const e = document.querySelector(sel); if (!e) return null; const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width, top: r.top, bottom: r.bottom }; };
  let widest = 0, widestName = '';
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).clip.startsWith('rect')) continue;
    if (r.width > widest) { widest = r.width; widestName = el.tagName.toLowerCase() + '.' + String(el.className); }
  }
  const visible = (sel) => { const e = document.querySelector(sel); if (!e) return false; const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && r.left >= 0 && r.right <= innerWidth; };
  return {
    body: box('body'), main: box('main'), line: box('.article-body p'), cover: box('.article-cover img'),
    widest, widestName, scroll: document.documentElement.scrollWidth,
    headerSwitch: visible('.m-header .to-desktop'), footerSwitch: visible('.site-footer .view-switch a'),
  };
})()`;

interface Box {
  left: number;
  right: number;
  width: number;
}

test('a /mobile/ article on a 1366 px desktop screen stays phone-wide and centred, 电脑版 in view', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  assert.ok((await seedDemoIfEmpty(z))?.articles, 'demo content was created');
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page } = await newPage(browser, DESKTOP);
  // An article with a cover (the picture that used to stretch to ~1338 px).
  const row = await z.dbh.db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'published')
    .where('cover', '!=', '')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const path = `/mobile/news/${row.id}.html`;
  const res = await page.goto(origin + path);
  assert.equal(res?.status(), 200);
  assert.equal(new URL(page.url()).pathname, path, 'no redirect by user agent');
  const m = (await page.evaluate(MEASURE)) as {
    body: Box;
    main: Box;
    line: Box | null;
    cover: Box | null;
    widest: number;
    widestName: string;
    scroll: number;
    headerSwitch: boolean;
    footerSwitch: boolean;
  };
  await shot(page, 'wide-mobile-article', false);
  assert.ok(m.body.width <= CAP, `the page is ${m.body.width}px wide`);
  assert.ok(m.widest <= CAP, `nothing wider than ${CAP}px: ${m.widestName} is ${m.widest}px`);
  assert.ok(m.line && m.line.width <= CAP, `a line of text is ${m.line?.width}px`);
  assert.ok(m.cover && m.cover.width <= CAP, `the cover is ${m.cover?.width}px`);
  assert.ok(Math.abs(m.body.left - (1366 - m.body.right)) <= 1, `centred (${m.body.left} | ${1366 - m.body.right})`);
  assert.equal(m.scroll, 1366, 'no sideways scrolling');
  assert.ok(m.headerSwitch, 'the header 电脑版 link is visible');
  assert.ok(m.footerSwitch, 'the footer 电脑版 link is visible');
});

test('the 评论 action moves the keyboard focus to the comments heading', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  assert.ok((await seedDemoIfEmpty(z))?.articles, 'demo content was created');
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page } = await newPage(browser, DESKTOP);
  const row = await z.dbh.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
  for (const path of [`/news/${row.id}.html`, `/mobile/news/${row.id}.html`]) {
    await page.goto(origin + path);
    await page.focus('.action-bar .act.comment');
    await page.keyboard.press('Enter');
    await page.waitForFunction(`location.hash === '#comments-title'`);
    const focused = await page.evaluate(`document.activeElement && document.activeElement.id`);
    assert.equal(focused, 'comments-title', `${path}: focus on the comments heading`);
    // The next Tab continues from there (the heading's 条评论 link), not from the top of the page.
    await page.keyboard.press('Tab');
    const next = await page.evaluate(`document.activeElement && document.activeElement.closest('#comments') !== null`);
    assert.ok(next, `${path}: Tab continues inside the comments`);
  }
});
