// The article body is the editor's HTML under the site's CSS reset: lists, quotes and tables in it must
// still look like what the editor wrote, on the desktop page and on its mobile twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { DESKTOP, launchBrowser, listen, newPage, PHONE, shot, skipWithoutChromium } from '../../test/browser.ts';

/** Runs in the page: how the body's lists are drawn. */
const LISTS = `(() => [...document.querySelectorAll('.article-body ul, .article-body ol')].map((l) => {
  const cs = getComputedStyle(l);
  return { tag: l.tagName.toLowerCase(), marker: cs.listStyleType, indent: parseFloat(cs.paddingLeft) };
}))()`;

test('numbered and bulleted lists in an article body keep their numbers, bullets and indent (desktop and mobile)', { skip: skipWithoutChromium }, async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, {
    category: cat.slug,
    title: '办理居住证的三个步骤',
    body: '<p>准备材料如下：</p><ul><li>身份证</li><li>租房合同</li></ul><p>办理步骤：</p><ol><li>网上预约</li><li>窗口提交</li><li>领取证件</li></ol>',
  });
  const origin = await listen(z);
  const browser = await launchBrowser();
  t.after(() => browser.close());
  for (const [name, opts, path] of [
    ['desktop', DESKTOP, `/news/${a.id}.html`],
    ['mobile', PHONE, `/mobile/news/${a.id}.html`],
  ] as const) {
    const { page } = await newPage(browser, opts);
    assert.equal((await page.goto(origin + path))?.status(), 200);
    const lists = (await page.evaluate(LISTS)) as { tag: string; marker: string; indent: number }[];
    assert.deepEqual(
      lists.map((l) => [l.tag, l.marker]),
      [
        ['ul', 'disc'],
        ['ol', 'decimal'],
      ],
      name,
    );
    for (const l of lists) assert.ok(l.indent >= 16, `${name} ${l.tag} is indented (${l.indent}px)`);
    await shot(page, `article-body-lists-${name}`, false);
  }
});
