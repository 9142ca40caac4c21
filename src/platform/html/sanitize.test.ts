import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeRichText } from './sanitize.ts';

test('images are kept only from the site uploads, by a path that names exactly one uploaded file', () => {
  const kept = ['/uploads/covers/2026/11/a1b2.webp', '/uploads/ads/2026-11/ff00.png'];
  for (const src of kept) assert.ok(sanitizeRichText(`<p><img src="${src}" alt="x"></p>`).includes(`src="${src}"`), src);
  const dropped = [
    '/uploads/../news/5.html',
    '/uploads/%2e%2e/hot/',
    '/uploads/&#46;&#46;/news/5.html',
    '/uploads//evil.example/x.png',
    '/uploads/a.png?next=/member/logout',
    '/uploads/a\\..\\b.png',
    '/news/5.html',
    'https://evil.example/x.png',
    '//evil.example/x.png',
    'data:image/png;base64,AAAA',
  ];
  for (const src of dropped) assert.ok(!sanitizeRichText(`<p>前<img src="${src}">后</p>`).includes('<img'), src);
});

test('links lose script schemes and get rel nofollow; unknown tags and attributes go', () => {
  const out = sanitizeRichText(
    '<p onclick="x()">正文<a href="javascript:alert(1)">链接</a><a href="https://example.com/" target="_self">外链</a><script>alert(1)</script><span style="color:red">字</span></p>',
  );
  assert.ok(!out.includes('onclick') && !out.includes('javascript:') && !out.includes('<script') && !out.includes('style='), out);
  assert.ok(out.includes('<a href="https://example.com/" target="_blank" rel="nofollow ugc noopener">外链</a>'), out);
  assert.ok(out.includes('字') && out.includes('正文'), out);
});

test('a numbered list that continues keeps its start number; anything but a plain number is dropped', () => {
  assert.equal(sanitizeRichText('<ol start="4"><li>四</li><li>五</li></ol>'), '<ol start="4"><li>四</li><li>五</li></ol>');
  assert.equal(sanitizeRichText('<ol start=" 007 " reversed><li>七</li></ol>'), '<ol start="7" reversed="reversed"><li>七</li></ol>');
  for (const bad of ['4;x', '-1', '1e9', '" onclick="x()', '12345678']) {
    assert.equal(sanitizeRichText(`<ol start='${bad}'><li>一</li></ol>`), '<ol><li>一</li></ol>', bad);
  }
  assert.equal(sanitizeRichText('<ul start="3"><li>一</li></ul>'), '<ul><li>一</li></ul>');
});
