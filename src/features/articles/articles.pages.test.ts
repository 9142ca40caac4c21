import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';
import { splitPages } from './articles.pages.ts';

/** The elements a fragment leaves open (void elements aside); [] when it is balanced. */
function unclosed(html: string): string[] {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/gi)) {
    const name = (m[2] as string).toLowerCase();
    if (['br', 'hr', 'img'].includes(name)) continue;
    if (m[1]) {
      const i = stack.lastIndexOf(name);
      if (i >= 0) stack.length = i;
    } else stack.push(name);
  }
  return stack;
}

test('a body without a page break is one page, as written', () => {
  assert.deepEqual(splitPages('  <p>一段 &amp; <b>粗</b></p>\n'), ['<p>一段 &amp; <b>粗</b></p>']);
  assert.deepEqual(splitPages(''), ['']);
});

test('each page is balanced: elements open at a break close there and open again on the next page', () => {
  const pages = splitPages('<p>x</p><b><i><u>未闭合<p>段</p><hr class="pagebreak"><p>第二页</p>');
  assert.equal(pages.length, 2);
  for (const p of pages) assert.deepEqual(unclosed(p), [], p);
  assert.ok(pages[0]?.endsWith('</u></i></b>'), pages[0]);
  assert.ok(pages[1]?.startsWith('<b><i><u>') && pages[1].includes('第二页'), pages[1]);

  const link = splitPages('<p><a href="https://evil.example/?a=1&amp;b=2">上半 <hr class="pagebreak"> 下半</a></p>');
  assert.deepEqual(link, ['<p><a href="https://evil.example/?a=1&amp;b=2">上半 </a></p>', '<p><a href="https://evil.example/?a=1&amp;b=2"> 下半</a></p>']);
});

test('pages with nothing to read are dropped; text and attributes stay escaped', () => {
  assert.deepEqual(splitPages('<hr class="pagebreak"><p>只有一页</p><hr class="pagebreak"></b> &nbsp; <p> </p>'), ['<p>只有一页</p>']);
  assert.deepEqual(splitPages('<p>甲</p><hr class="pagebreak"><p><img src="/uploads/a.jpg" alt="x&quot;y"></p>'), [
    '<p>甲</p>',
    '<p><img src="/uploads/a.jpg" alt="x&quot;y"></p>',
  ]);
  assert.deepEqual(splitPages('<p>&lt;script&gt; &amp;</p><hr class="pagebreak"><p>乙</p>'), ['<p>&lt;script&gt; &amp;</p>', '<p>乙</p>']);
});

test('the article page: formatting open at a break stops before the pager, and a trailing empty page is not counted', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, {
    category: cat.slug,
    body: '<p>x</p><b><i><a href="https://evil.example/">未闭合<p>段</p><hr class="pagebreak"><p>第二页</p></a></i></b><hr class="pagebreak"><p> </p>',
  });
  for (const path of [`/news/${a.id}.html`, `/mobile/news/${a.id}.html`]) {
    const html = (await z.app.inject(path)).body;
    const body = html.match(/<div class="article-body">([\s\S]*?)<\/div>\s*<nav class="pagination article-pages"/)?.[1];
    assert.ok(body, `${path}: the body is followed by the pager`);
    assert.deepEqual(unclosed(body), [], `${path}: page 1 closes what it opens`);
    const pager = html.match(/<nav class="pagination article-pages"[\s\S]*?<\/nav>/)?.[0] ?? '';
    assert.ok(!pager.includes('evil.example'), pager);
    assert.equal([...pager.matchAll(/>(\d+)</g)].length, 2, `${path}: two pages, the empty third dropped`);
  }
  assert.equal((await z.app.inject(`/news/${a.id}_3.html`)).statusCode, 404);
});

test('split pages re-emit only the sanitizer’s tags and attributes: an unsanitized <script> or handler is dropped', () => {
  const pages = splitPages(
    '<p onclick="x()">甲<script>alert(1)</script><b style="color:red">粗</b></p><hr class="pagebreak"><p><a href="javascript:alert(1)" title="t">乙</a><iframe src="/x"></iframe></p>',
  );
  assert.deepEqual(pages, ['<p>甲<b>粗</b></p>', '<p><a title="t">乙</a></p>']);
  assert.ok(!pages.join('').includes('alert'));
});

test('a numbered list reopened on the next page continues its numbering', () => {
  const between = splitPages('<ol><li>一</li><li>二</li><hr class="pagebreak"><li>三</li></ol>');
  assert.deepEqual(between, ['<ol><li>一</li><li>二</li></ol>', '<ol start="3"><li>三</li></ol>']);
  const inside = splitPages('<ol><li>一</li><li>二上<hr class="pagebreak">二下</li><li>三</li></ol>');
  assert.deepEqual(inside, ['<ol><li>一</li><li>二上</li></ol>', '<ol start="2"><li>二下</li><li>三</li></ol>']);
});

test('a break inside a nested list does not leave an empty outer bullet on the next page', () => {
  const pages = splitPages('<ul><li>外<ul><li>内一<hr class="pagebreak">内一续</li><li>内二</li></ul></li><li>外二</li></ul>');
  assert.equal(pages.length, 2);
  assert.equal(pages[1], '<ul><li style="list-style-type:none"><ul><li>内一续</li><li>内二</li></ul></li><li>外二</li></ul>');
});

test('a 分页 placed at the end of a list item: the next page opens with the next item, not an empty bullet', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, {
    category: cat.slug,
    body: '<p>三项措施：</p><p><br></p><ol><li>增开公交线路<hr class="pagebreak"><p><br></p></li><li>延长运营时间</li></ol><p>&nbsp;</p>',
  });
  const page2 = (await z.app.inject(`/news/${a.id}_2.html`)).body.match(/<div class="article-body">([\s\S]*?)<\/div>/)?.[1] ?? '';
  assert.equal(page2.trim(), '<ol start="2"><li>延长运营时间</li></ol>');
  const page1 = (await z.app.inject(`/news/${a.id}.html`)).body.match(/<div class="article-body">([\s\S]*?)<\/div>/)?.[1] ?? '';
  assert.equal(page1.trim(), '<p>三项措施：</p><ol><li>增开公交线路</li></ol>');
});
