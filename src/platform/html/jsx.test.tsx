import { test } from 'node:test';
import assert from 'node:assert/strict';
import { h, attr, jsonForScript, markup, sanitizedHtml } from './jsx.ts';

const evil = `<script>alert("x")</script>&'`;

test('markup templates escape every interpolation exactly as JSX children, quotes included', () => {
  const viaMarkup = markup`<p title="${evil}">${evil}${42}${null}${undefined}${false}${true}${[evil, sanitizedHtml('<b>ok</b>')]}</p>`.value;
  const viaJsx = (
    <p title={evil}>
      {evil}
      {42}
      {null}
      {undefined}
      {false}
      {true}
      {[evil, sanitizedHtml('<b>ok</b>')]}
    </p>
  ).value;
  assert.equal(viaMarkup, viaJsx);
  assert.ok(!viaMarkup.includes('<script>'), 'no markup from the value gets through');
  assert.ok(viaMarkup.includes('&quot;x&quot;') && viaMarkup.includes('&#39;'), 'quotes are escaped, so a value may stand in an attribute');
  assert.ok(viaMarkup.includes('<b>ok</b>'), 'sanitized HTML is kept as it is');
});

test('attr prints one attribute as JSX does, and nothing for null, undefined and false', () => {
  const one = (v: unknown) => markup`<a${attr('href', v)}>x</a>`.value;
  const jsx = (v: unknown) => (<a href={v}>x</a>).value;
  for (const v of [evil, '/news/1.html', 7, true, false, null, undefined]) assert.equal(one(v), jsx(v), String(v));
  assert.equal(one(null), '<a>x</a>');
});

test('jsonForScript cannot close its script element', () => {
  const json = jsonForScript({ a: '</script><!--', b: 'x & y', c: '\u2028\u2029', d: '普通文字' }).value;
  assert.ok(!/[<>&\u2028\u2029]/.test(json));
  assert.deepEqual(JSON.parse(json), { a: '</script><!--', b: 'x & y', c: '\u2028\u2029', d: '普通文字' });
  assert.equal(jsonForScript({ plain: '新闻' }).value, '{"plain":"新闻"}');
});

test('form hints are tied to their fields always, errors as well when shown', async () => {
  const { Field, TextArea } = await import('./forms.tsx');
  const plain = TextArea({ name: 'body', label: '内容', hint: '最多1000字' }).value;
  assert.match(plain, /<textarea[^>]*aria-describedby="h-body"/);
  assert.match(plain, /<small class="hint" id="h-body">最多1000字<\/small>/);
  const failed = Field({ name: 'nickname', label: '昵称', hint: '2到20个字', error: '请填写昵称' }).value;
  assert.match(failed, /<input[^>]*aria-describedby="h-nickname e-nickname"/);
  assert.ok(!Field({ name: 'x', label: 'x' }).value.includes('aria-describedby'));
});
