import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeRichText } from './sanitize.ts';

test('empty paragraphs from the editor and from pasted Word text are dropped; the text and images stay', () => {
  // What the rich-text editor and a paste from Word leave between paragraphs.
  const body =
    '<p>青川大桥今日上午正式通车。</p><p><br></p><p><br></p><p>&nbsp;</p>' +
    '<p class="MsoNormal"><o:p>&nbsp;</o:p></p><p>　</p><p> </p><p></p><p><strong> </strong><br></p>' +
    '<p>大桥全长1.2公里。</p><p><img src="/uploads/covers/2026/11/a1b2.webp" alt="大桥"></p><p>a<br>b</p>';
  assert.equal(
    sanitizeRichText(body),
    '<p>青川大桥今日上午正式通车。</p><p>大桥全长1.2公里。</p><p><img src="/uploads/covers/2026/11/a1b2.webp" alt="大桥" /></p><p>a<br />b</p>',
  );
  // An empty paragraph inside a quote or a table cell goes too; the cell stays.
  assert.equal(
    sanitizeRichText('<blockquote><p>引文</p><p><br></p></blockquote><table><tr><td><p> </p></td><td>数</td></tr></table>'),
    '<blockquote><p>引文</p></blockquote><table><tr><td></td><td>数</td></tr></table>',
  );
});

test('a page break at the end of a list item (the editor’s 分页 in a bullet) moves between the items', () => {
  // The editor inserts `<hr class="pagebreak"><p><br></p>` at the caret: here, inside the first item.
  const out = sanitizeRichText('<p>三项措施：</p><ul><li>增开公交线路<hr class="pagebreak"><p><br></p></li><li>延长运营时间</li></ul>');
  assert.equal(out, '<p>三项措施：</p><ul><li>增开公交线路</li><hr class="pagebreak" /><li>延长运营时间</li></ul>');
});

test('a page break in the last item, or in an item of its own, leaves the list; empty items go', () => {
  assert.equal(
    sanitizeRichText('<ol><li>一</li><li>二<hr class="pagebreak"><p><br></p></li></ol><p>下一页</p>'),
    '<ol><li>一</li><li>二</li></ol><hr class="pagebreak" /><p>下一页</p>',
  );
  assert.equal(
    sanitizeRichText('<ul><li>甲</li><li><hr class="pagebreak"></li><li><br></li><li>乙</li></ul>'),
    '<ul><li>甲</li><hr class="pagebreak" /><li>乙</li></ul>',
  );
  // Nested: out of the inner list's last item, its list, and the outer item that ends there.
  assert.equal(
    sanitizeRichText('<ul><li>外<ul><li>内<hr class="pagebreak"></li></ul></li><li>外二</li></ul>'),
    '<ul><li>外<ul><li>内</li></ul></li><hr class="pagebreak" /><li>外二</li></ul>',
  );
  // A break at the start of an item moves before it; adjacent breaks become one.
  assert.equal(
    sanitizeRichText('<ul><li>甲<hr class="pagebreak"></li><li><hr class="pagebreak">乙</li></ul>'),
    '<ul><li>甲</li><hr class="pagebreak" /><li>乙</li></ul>',
  );
});

test('a break in the middle of an item’s text and breaks outside lists stay where the author put them', () => {
  const mid = '<ol><li>上半<hr class="pagebreak" />下半</li></ol>';
  assert.equal(sanitizeRichText(mid), mid);
  const top = '<p>第一页</p><hr class="pagebreak" /><p>第二页</p>';
  assert.equal(sanitizeRichText(top), top);
  const plain = '纯文本 &amp; 没有标签';
  assert.equal(sanitizeRichText('纯文本 &amp; 没有标签'), plain);
});
