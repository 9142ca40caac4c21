// What a reader sees of an article with a very long unbroken title, a long code line and an uploaded
// cover: no page is wider than the screen (desktop 1366 px, phone 390 px, also the desktop pages a phone
// reader chose), and the cover shows at the top of the body in a 16:9 box held before it loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCover, renderThumbnail } from '../demo/index.ts';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { DESKTOP, PHONE, launchBrowser, listen, newPage, shot, skipWithoutChromium, watchProblems } from '../../test/browser.ts';

const WIDE = `(() => {
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 1 && wide.length < 3) wide.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' + Math.round(r.right));
  }
  return { width: document.documentElement.scrollWidth, wide };
})()`;

const COVER = `(() => {
  const img = document.querySelector('.article-body > figure.article-cover:first-child img');
  if (!img) return null;
  const r = img.getBoundingClientRect();
  return { loaded: img.complete && img.naturalWidth > 0, ratio: r.width / r.height, width: r.width, alt: img.alt };
})()`;

test('long titles and code lines wrap or scroll inside the page; the cover heads the body', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'city', name: '城市' });
  const cover = await renderCover('封面', 7);
  await z.storage.put('covers/2026/11/00112233445566778a.jpg', cover);
  await z.storage.put('covers/2026/11/00112233445566778a_thumb.jpg', await renderThumbnail(cover));
  const long = '超长标题' + 'Supercalifragilisticexpialidocious'.repeat(5);
  const a = await makeArticle(z, {
    category: 'city',
    title: long,
    cover: '/uploads/covers/2026/11/00112233445566778a.jpg',
    recommendLevel: 2, // in 推荐图文 too: a two-column grid in the sidebar
    body: `<p>正文。</p><pre>${'const x = 1; '.repeat(60)}</pre><p>${'https://example.com/' + 'a'.repeat(300)}</p>`,
  });
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());

  const wide: string[] = [];
  const desk = await newPage(browser, DESKTOP);
  const deskProblems = watchProblems(desk.page, origin);
  for (const p of [`/news/${a.id}.html`, '/category/city/', `/news/${a.id}/comments`, '/hot/', '/']) {
    await desk.page.goto(origin + p);
    const m = (await desk.page.evaluate(WIDE)) as { width: number; wide: string[] };
    if (m.width > 1366) wide.push(`desktop ${p}: ${m.width}px (${m.wide.join(', ')})`);
  }
  await desk.page.goto(`${origin}/news/${a.id}.html`);
  const c = (await desk.page.evaluate(COVER)) as { loaded: boolean; ratio: number; width: number; alt: string } | null;
  assert.ok(c?.loaded, 'the cover is shown at the top of the body');
  assert.ok(Math.abs(c.ratio - 16 / 9) < 0.02 && c.width > 500, `16:9 across the column (${c.width}px, ${c.ratio})`);
  assert.equal(c.alt, long);
  await shot(desk.page, 'reading-long-title-desktop', false);
  assert.deepEqual(deskProblems, []);

  const phone = await newPage(browser, PHONE);
  for (const p of [`/mobile/news/${a.id}.html`, '/mobile/category/city/', `/mobile/news/${a.id}/comments`]) {
    await phone.page.goto(origin + p);
    const m = (await phone.page.evaluate(WIDE)) as { width: number; wide: string[] };
    if (m.width > 390) wide.push(`phone ${p}: ${m.width}px (${m.wide.join(', ')})`);
  }
  await phone.page.goto(`${origin}/mobile/news/${a.id}.html`);
  assert.ok(((await phone.page.evaluate(COVER)) as { loaded: boolean } | null)?.loaded, 'the phone page shows the cover too');
  await shot(phone.page, 'reading-long-title-phone', false);
  // A reader who chose 电脑版 on the phone.
  await phone.ctx.addCookies([{ name: 'zx_view', value: 'pc', url: origin }]);
  for (const p of [`/news/${a.id}.html`, '/category/city/', `/news/${a.id}/comments`]) {
    await phone.page.goto(origin + p);
    const m = (await phone.page.evaluate(WIDE)) as { width: number; wide: string[] };
    if (m.width > 390) wide.push(`phone (电脑版) ${p}: ${m.width}px (${m.wide.join(', ')})`);
  }
  assert.deepEqual(wide, [], 'pages wider than the screen');

  // Desktop-only layout on the phone: breadcrumb and footer links are finger-sized, footer names unbroken.
  await phone.page.goto(`${origin}/category/city/`);
  const targets = (await phone.page.evaluate(`(() => [...document.querySelectorAll('.breadcrumb a, .footer-links a')].map((a) => {
    const r = a.getBoundingClientRect();
    return { text: a.textContent, w: r.width, h: r.height, lines: a.getClientRects().length };
  }))()`)) as Array<{ text: string; w: number; h: number; lines: number }>;
  assert.ok(targets.length >= 3);
  for (const x of targets) {
    assert.ok(x.h >= 40 && x.w >= 24, `${x.text}: ${Math.round(x.w)}×${Math.round(x.h)} px`);
    assert.equal(x.lines, 1, `${x.text} breaks over lines`);
  }
});
