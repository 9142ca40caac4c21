import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';

test('banned words are found through Traditional characters, case, full-width forms, spacing and markup', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.bannedWords.add('刷单');
  await z.bannedWords.add('FreeMoney');
  assert.deepEqual(await z.bannedWords.find('正常的内容'), []);
  assert.deepEqual(await z.bannedWords.find('招聘兼职刷 单员'), ['刷单']);
  assert.deepEqual(await z.bannedWords.find('<p>刷</p><p>单</p>'), ['刷单']);
  assert.deepEqual(await z.bannedWords.find('ＦＲＥＥ-money now'), ['FreeMoney']);
  // Written in Traditional characters, a word is still the word (and a Traditional entry matches Simplified text).
  await z.bannedWords.add('发票');
  await z.bannedWords.add('賭博');
  assert.deepEqual(await z.bannedWords.find('代开發票，联系我'), ['发票']);
  assert.deepEqual(await z.bannedWords.find('網上赌博平台'), ['賭博']);
  await assert.rejects(z.bannedWords.add('刷单'), /已存在/);
  await assert.rejects(z.bannedWords.add('   '), (e: { fields?: Record<string, string> }) => Boolean(e.fields?.word));
});

test('characters that print as nothing do not split a banned word; short Latin entries match whole words only', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.bannedWords.add('代开发票');
  // Word joiner, soft hyphen, combining grapheme joiner, Mongolian vowel separator, Hangul filler.
  for (const sep of ['\u2060', '\u00ad', '\u034f', '\u180e', '\u3164', '\u200d']) {
    assert.deepEqual(await z.bannedWords.find(`代${sep}开发票`), ['代开发票'], `U+${sep.codePointAt(0)!.toString(16)}`);
  }
  await z.bannedWords.add('AV');
  await z.bannedWords.add('64');
  for (const name of ['David', 'Javier', 'Ava', 'user1964', '大卫David']) assert.deepEqual(await z.bannedWords.find(name), [], name);
  assert.deepEqual(await z.bannedWords.find('免费看AV片'), ['AV']);
  assert.deepEqual(await z.bannedWords.find('看 ａｖ，快'), ['AV']);
  assert.deepEqual(await z.bannedWords.find('数字64号'), ['64']);
  // Spelled out letter by letter, a short entry is still the word; a word that merely contains it is not.
  for (const text of ['看A V片', '看A.V片', '看a_v片', '看 Ａ－Ｖ 片']) assert.deepEqual(await z.bannedWords.find(text), ['AV'], text);
  assert.deepEqual(await z.bannedWords.find('A VERY good day'), [], 'A then a longer word');
  // Combining marks that tell words apart stay: चूत is not चतुर (clever), ข่าว (news) is not ขาว (white).
  await z.bannedWords.add('चूत');
  await z.bannedWords.add('ขาว');
  assert.deepEqual(await z.bannedWords.find('चतुर छात्र'), []);
  assert.deepEqual(await z.bannedWords.find('อ่านข่าววันนี้'), []);
  assert.deepEqual(await z.bannedWords.find('เสื้อขาว'), ['ขาว']);
  // Longer Latin entries still match inside words and spaced out.
  await z.bannedWords.add('casino');
  assert.deepEqual(await z.bannedWords.find('bestcasinos'), ['casino']);
  assert.deepEqual(await z.bannedWords.find('c a s i n o'), ['casino']);
});
