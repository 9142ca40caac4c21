import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSegmenter, tfidfKeywords } from './index.ts';

const seg = createSegmenter();
const TEXT =
  '乌克兰总统泽连斯基周三在基辅会见了来访的美国国务卿。双方讨论了乌克兰的安全问题和军事援助。' +
  '国务卿表示，美国将继续支持乌克兰，并宣布一项价值3.5亿美元的新援助计划。会谈持续了两个小时。';

test('keywords are the topical words, never stop words or bare numbers', () => {
  const ks = tfidfKeywords(seg, TEXT, 8);
  assert.equal(ks.length, 8);
  assert.equal(ks[0]?.word, '乌克兰', 'the most repeated rare word leads');
  const words = ks.map((k) => k.word);
  assert.ok(words.includes('国务卿'));
  for (const w of words) assert.ok(!['的', '了', '3.5', '两个'].includes(w), w);
  for (let i = 1; i < ks.length; i++) assert.ok(ks[i - 1]!.weight >= ks[i]!.weight);
});

test('a site IDF overrides the built-in one, and the result is deterministic', () => {
  const site = tfidfKeywords(seg, TEXT, 3, (t) => (t === '会谈' ? 100 : undefined));
  assert.equal(site[0]?.word, '会谈');
  assert.deepEqual(tfidfKeywords(seg, TEXT, 8), tfidfKeywords(createSegmenter(), TEXT, 8));
});

test('Latin keywords keep the case they are written in for display', () => {
  const ks = tfidfKeywords(seg, 'iPhone 新机发布：iPhone 的影像系统升级，iPhone 售价不变。', 3);
  const k = ks.find((x) => x.word === 'iphone');
  assert.equal(k?.surface, 'iPhone');
  const ai = tfidfKeywords(seg, '警惕AI换脸诈骗：AI换脸技术被用于诈骗，AI诈骗案件增多。', 5);
  assert.equal(ai.find((x) => x.word === 'ai')?.surface, 'AI', 'Latin inside Chinese text keeps its case');
  assert.deepEqual(tfidfKeywords(seg, '的了是。', 5), []);
});

test('counts, roman numerals and unit words after numbers are not keywords', () => {
  const ks = tfidfKeywords(seg, '全市启动防汛Ⅲ级应急响应，三百多名志愿者赶到地铁2号线沿线，2号线停运。防汛物资运抵。', 10).map((k) => k.word);
  assert.ok(ks.includes('防汛'), ks.join('|'));
  for (const w of ['iii', '三百多名', '号线']) assert.ok(!ks.includes(w), `${w} in ${ks.join('|')}`);
});

test('nounsOnly keeps topics (names, nouns, Latin words) and drops verbs and time words', () => {
  const text = '地铁9号线二期年底开通。地铁9号线开通后，滨江新区到火车东站的通勤时间缩短。乘客可用iPhone刷卡进站，年底前开通。';
  const all = tfidfKeywords(seg, text, 20).map((k) => k.word);
  const nouns = tfidfKeywords(seg, text, 20, undefined, { nounsOnly: true }).map((k) => k.word);
  assert.ok(all.includes('开通') && all.includes('年底'), all.join('|'));
  assert.ok(!nouns.includes('开通') && !nouns.includes('年底'), nouns.join('|'));
  for (const w of ['地铁', 'iphone', '火车']) assert.ok(nouns.includes(w), `${w} in ${nouns.join('|')}`);
});
