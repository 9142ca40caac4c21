import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';

test('banned words: add (validated, duplicates refused), list escaped, remove; each change audited', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  assert.equal((await admin.get('/admin/banned-words/')).statusCode, 200);

  const empty = await admin.post('/admin/banned-words/', { word: '   ' });
  assert.equal(empty.statusCode, 422);
  assert.ok(empty.body.includes('请输入1到64个字符的违禁词'));
  assert.deepEqual(await z.bannedWords.all(), []);

  assert.equal((await admin.post('/admin/banned-words/', { word: '赌博<b>' })).statusCode, 303);
  const dup = await admin.post('/admin/banned-words/', { word: '赌博<b>' });
  assert.equal(dup.statusCode, 409);
  assert.ok(dup.body.includes('该违禁词已存在') && dup.body.includes('value="赌博&lt;b&gt;"'));
  const list = await admin.get('/admin/banned-words/?ok=added');
  assert.ok(list.body.includes('<td>赌博&lt;b&gt;</td>') && list.body.includes('已添加'));
  assert.deepEqual(await z.bannedWords.find('这里有赌 博 b 内容'), ['赌博<b>']);

  const [w] = await z.bannedWords.all();
  assert.ok(list.body.includes(`href="/admin/banned-words/${w?.id}/delete"`), '删除 opens a confirmation page, not a one-click post');
  const confirm = await admin.get(`/admin/banned-words/${w?.id}/delete`);
  assert.ok(confirm.body.includes('确定要删除违禁词“赌博&lt;b&gt;”吗') && confirm.body.includes('确认删除'));
  assert.equal((await z.bannedWords.all()).length, 1, 'showing the confirmation deletes nothing');
  assert.equal((await admin.post(`/admin/banned-words/${w?.id}/delete`)).statusCode, 303);
  assert.deepEqual(await z.bannedWords.all(), []);
  assert.equal((await admin.post('/admin/banned-words/999/delete')).statusCode, 404);
  const entries = (await z.audit.list({ limit: 10, offset: 0 })).items;
  assert.deepEqual(
    entries.map((e) => [e.action, e.detail.word]),
    [
      ['banned_word.remove', '赌博<b>'],
      ['banned_word.add', '赌博<b>'],
    ],
  );
});

test('banned words are for admins only', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const editor = await loginAs(z, 'ed', 'editor');
  assert.equal((await editor.get('/admin/banned-words/')).statusCode, 403);
  assert.equal((await editor.post('/admin/banned-words/', { word: '赌博' })).statusCode, 403);
  assert.deepEqual(await z.bannedWords.all(), []);
});
