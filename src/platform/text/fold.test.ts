import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold } from './index.ts';

test('Traditional characters fold to Simplified', () => {
  assert.equal(fold('烏克蘭總統'), '乌克兰总统');
  assert.equal(fold('頭髮乾燥，後來於臺灣'), '头发干燥,后来于台湾');
});

test('Simplified text is left as written (no vocabulary rewriting)', () => {
  const s = '新增小程序，效果显著，程序员建立了新的软体动物数据库';
  assert.equal(fold(s), s.replaceAll('，', ','));
});

test('full-width letters, digits, punctuation and the ideographic space fold to ASCII', () => {
  assert.equal(fold('ＨＫ－３００１'), 'hk-3001');
  assert.equal(fold('Ａ\u3000Ｂ！'), 'a b!');
  assert.equal(fold('HK–3001'), 'hk-3001', 'en dash inside a code');
});

test('case folds and folding is idempotent', () => {
  assert.equal(fold('iPhone 17 PRO'), 'iphone 17 pro');
  for (const s of ['烏克蘭 ＨＫ－３００１ iPhone', '㎞ ① 增长3.5%']) assert.equal(fold(fold(s)), fold(s));
});

test('compatibility characters fold where that keeps their meaning', () => {
  assert.equal(fold('①号线 ㎞ Ⅲ级 ﬁ ℃'), '1号线 km iii级 fi °c');
  assert.equal(fold('10² m³ ½ …'), '10² m³ ½ …', 'superscripts, fractions and the ellipsis stay');
  assert.equal(fold('cafe\u0301'), 'café', 'combining accents compose');
  assert.equal(fold('a\u00a0b'), 'a b');
});

test('text without a convertible character skips the converter, with the same result as converting it', async () => {
  const { default: OpenCC } = await import('opencc-js');
  const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });
  const simplified =
    '青川县今年新建的乡村公路全长一百二十公里，沿线十二个村的农产品运输时间缩短了一半。县交通局表示，' +
    '干燥天气有利于施工，后续还将在山区路段加装护栏和照明设施，方便群众夜间出行。乾隆年间修建的古桥也完成了加固。';
  for (const text of [simplified, toTraditional(simplified), `${toTraditional(simplified.slice(0, 40))}${simplified.slice(40)}`]) {
    const folded = fold(text);
    // Whatever path fold took, its output is Simplified already: converting it again changes nothing.
    assert.equal(toSimplified(folded), folded);
  }
  assert.equal(fold(toTraditional(simplified)), fold(simplified), 'the Traditional version folds back to the Simplified text');
});
