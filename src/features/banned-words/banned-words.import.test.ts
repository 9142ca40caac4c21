import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { splitWords } from './banned-words.service.ts';

test('pasted words split on lines, commas, 顿号, semicolons and spaces', () => {
  assert.deepEqual(splitWords('刷单\r\n赌博，代开发票、 假证;；  高仿\u3000枪支\n\n'), ['刷单', '赌博', '代开发票', '假证', '高仿', '枪支']);
});

test('批量导入 adds the new words, reports the existing and invalid ones, and is audited once', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  await z.bannedWords.add('刷单');
  const page = await admin.get('/admin/banned-words/');
  assert.ok(page.body.includes('href="/admin/banned-words/import"'), 'the list links to 批量导入');
  const form = await admin.get('/admin/banned-words/import');
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes('暂缓发布，交编辑审核'), 'the action these words get, as for one word');

  const long = '长'.repeat(65);
  const sent = await admin.post('/admin/banned-words/import', { words: `赌博\n刷单，代开发票、赌博 ！！ ${long}\n假证` });
  assert.equal(sent.statusCode, 303, 'the result is on the page the post redirects to');
  const res = await admin.get(String(sent.headers.location));
  assert.equal(res.statusCode, 200);
  assert.ok(res.body.includes('新增 3 个，已有 1 个，无效 2 个'), res.body.slice(0, 2000));
  assert.deepEqual((await z.bannedWords.all()).map((w) => w.word).sort(), ['代开发票', '假证', '刷单', '赌博'].sort());
  // Imported words match at once, like single ones.
  assert.deepEqual(await z.bannedWords.find('网上賭博平台'), ['赌博']);
  const audit = await z.audit.list({ limit: 10, offset: 0, action: 'banned_word.import' });
  assert.equal(audit.total, 1);
  assert.deepEqual({ ...(audit.items[0]?.detail as object), words: undefined }, { added: 3, existing: 1, invalid: 2, words: undefined });

  // Nothing new: nothing written, still one summary.
  const again = await admin.get(String((await admin.post('/admin/banned-words/import', { words: '赌博 假证' })).headers.location));
  assert.ok(again.body.includes('新增 0 个，已有 2 个，无效 0 个'));
  assert.equal((await z.bannedWords.all()).length, 4);

  // One Latin letter would hold back nearly every comment; a word that folds to a listed one is listed.
  const folded = await admin.get(String((await admin.post('/admin/banned-words/import', { words: 'a\nＷＡＬＫＣ\nwalkc\n賭博' })).headers.location));
  assert.ok(folded.body.includes('新增 1 个，已有 2 个，无效 1 个'), folded.body.slice(0, 2000));
  assert.deepEqual((await z.bannedWords.all()).map((w) => w.word).sort(), ['代开发票', '假证', '刷单', '赌博', 'ＷＡＬＫＣ'].sort());
  assert.deepEqual(await z.bannedWords.find('青川 nice day'), [], 'comments with an "a" pass');
});

test('an empty import is refused with a message; only admins may import', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const empty = await admin.post('/admin/banned-words/import', { words: ' ，、\n ' });
  assert.equal(empty.statusCode, 422);
  assert.ok(empty.body.includes('请粘贴要导入的违禁词'));
  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.post('/admin/banned-words/import', { words: '赌博' })).statusCode, 403);
  assert.equal((await editor.get('/admin/banned-words/import')).statusCode, 403);
  assert.equal((await z.bannedWords.all()).length, 0);
  // Without the CSRF token the site asks for confirmation (ADR 0005) and writes nothing.
  await admin.post('/admin/banned-words/import', { words: '赌博' }, { withoutToken: true });
  assert.equal((await z.bannedWords.all()).length, 0, 'no CSRF token, nothing written');
});
