import { test } from 'node:test';
import assert from 'node:assert/strict';
import { h } from '../../platform/html/jsx.ts';
import { Linked } from './views/submission-form.tsx';

test('form messages link the article addresses they name, and nothing a quoted title could make into another host', () => {
  const html = (text: string) => (<Linked text={text} />).value;
  assert.equal(html('与已发布的文章 /news/8.html 重复'), '与已发布的文章 <a href="/news/8.html">/news/8.html</a> 重复');
  assert.equal(html('见 /news/8_2.html'), '见 <a href="/news/8_2.html">/news/8_2.html</a>');
  for (const text of ['《看 //1249763524/x.html》', '《/page/about.html》', '《x/news/8.html》', '《//evil.example/news/8.html》']) {
    assert.ok(!html(text).includes('<a '), `${text} stays text`);
  }
});
