import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSegmenter, isStopWord } from './index.ts';

const seg = createSegmenter();

test('a Traditional query and Simplified text share their tokens', () => {
  const q = seg.tokens('烏克蘭');
  const doc = new Set(seg.tokens('乌克兰总统周三发表讲话'));
  assert.ok(q.length > 0);
  for (const t of q) assert.ok(doc.has(t), t);
});

test('model codes are kept whole and match however they are written', () => {
  assert.ok(seg.tokens('ＨＫ－３００１型号').includes('hk3001'));
  const forms = ['HK-3001', 'hk3001', 'ＨＫ－３００１', 'HK 3001'];
  const sets = forms.map((f) => new Set(seg.tokens(f)));
  for (const q of forms) for (const doc of sets) for (const t of seg.tokens(q)) assert.ok(doc.has(t), `${q} → ${t}`);
  assert.deepEqual(seg.tokens('iPhone 17'), ['iphone', '17', 'iphone17']);
  assert.deepEqual(seg.tokens('iphone17'), ['iphone17', 'iphone', '17']);
});

test('numbers with units, decimals and percentages stay one token', () => {
  const t = seg.tokens('5G手机时速120km/h，增长3.5%，共1,000台');
  for (const w of ['5g', '120km/h', '3.5%', '3.5', '1000', '手机']) assert.ok(t.includes(w), w);
  assert.ok(seg.tokens('时速 120 km/h').includes('120km/h'));
  assert.deepEqual(seg.words('v2.0.1 版本'), ['v2.0.1', '版本']);
});

test('a number and its Chinese unit make one token whether written together or apart by spaces', () => {
  for (const text of ['投资1.5亿元', '投资1.5 亿元', '投资1.5\u3000亿元', '投资 1.5  亿元']) {
    const t = seg.tokens(text);
    for (const w of ['1.5亿元', '1.5亿', '1.5']) assert.ok(t.includes(w), `${w} in ${JSON.stringify(text)}`);
  }
  const date = seg.tokens('2026 年 3 月');
  for (const w of ['2026年', '3月']) assert.ok(date.includes(w), w);
  // Not across punctuation or a line break: 3，月 and 3\n月 are not 3月.
  assert.ok(!seg.tokens('共3，月底').includes('3月'));
  assert.ok(!seg.tokens('第3\n月报').includes('3月'));
});

test('punctuation, whitespace and stop words are dropped; English words are whole and lowercase', () => {
  const t = seg.tokens('他说：“我们的 Node.js 服务，已经上线了！”');
  assert.ok(t.includes('node.js'));
  assert.ok(!t.some((x) => /^[\p{P}\s]+$/u.test(x)), t.join('|'));
  assert.ok(!t.includes('的') && !t.includes('我们') && !t.includes('了'));
  assert.ok(isStopWord('的') && isStopWord('the') && !isStopWord('乌克兰'));
});

test('a query of only stop words keeps them', () => {
  assert.deepEqual(seg.tokens('的 了 是'), ['的', '了', '是']);
  assert.deepEqual(seg.tokens('The Of'), ['the', 'of']);
  assert.deepEqual(seg.tokens('，。！'), []);
});

test('custom words become one token, idempotently', () => {
  const s = createSegmenter({ words: ['排雷聯盟'] });
  assert.deepEqual(s.words('排雷联盟成立'), ['排雷联盟', '成立']);
  assert.ok(s.tokens('排雷联盟成立').includes('排雷联盟'));
  s.addWords(['排雷联盟', '排雷联盟', '', 'iPhone 17']);
  assert.deepEqual(s.words('排雷聯盟成立'), ['排雷联盟', '成立']);
});

test('segmentation is deterministic', () => {
  const text = '乌克兰总统泽连斯基在基辅会见了来访的美国国务卿，双方讨论了 HK-3001 型号无人机的援助。';
  const a = seg.tokens(text);
  for (let i = 0; i < 3; i++) assert.deepEqual(createSegmenter().tokens(text), a);
  assert.deepEqual(seg.words(text), seg.words(text));
});

test('words come in text order across Chinese, Latin and other scripts', () => {
  assert.deepEqual(seg.words('乌克兰，俄罗斯。HK-3001型号（ソニー）与 5G 手机'), ['乌克兰', '俄罗斯', 'hk-3001', '型号', 'ソニー', '与', '5g', '手机']);
  const long = '乌克兰总统周三发表讲话。'.repeat(200) + '排雷 联盟';
  const words = seg.words(long);
  assert.equal(words.length, 200 * seg.words('乌克兰总统周三发表讲话。').length + 2);
  assert.deepEqual(words.slice(-2), ['排雷', '联盟']);
});

test('a 300,000-character run without punctuation is segmented (no call-stack overflow)', () => {
  const run = '字'.repeat(300_000);
  const words = seg.words(`开头${run}结尾`);
  assert.equal(words.join('').length, 300_004);
  assert.deepEqual(words.slice(-1), ['结尾']);
  assert.ok(seg.tokens(run).length > 0);
});
