import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createZixun } from '../../main.ts';
import { createTestApp, requireOrSkip, ROOT } from '../../test/app.ts';
import { REDIS_URL, redisReachable } from '../../test/redis.ts';
import { loginAs } from '../../test/session.ts';
import { createFileStorage } from '../../platform/storage/index.ts';
import { createOutboxMailer } from '../../platform/mail/index.ts';

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

test('批量导入 answers 303 to its result; reloading the result imports nothing again, and no other log-in can read it', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  const sent = await admin.post('/admin/banned-words/import', { words: '刷单\n代开发票' });
  assert.equal(sent.statusCode, 303);
  const location = String(sent.headers.location);
  assert.match(location, /^\/admin\/banned-words\/import\?result=[A-Za-z0-9_-]{22}$/);
  assert.ok((await admin.get(location)).body.includes('新增 2 个，已有 0 个，无效 0 个'));

  // Removed meanwhile: the reload shows the same result and does not add the word back.
  const [first] = await z.bannedWords.all();
  await z.bannedWords.remove(first!.id);
  const again = await admin.get(location);
  assert.equal(again.statusCode, 200);
  assert.ok(again.body.includes('新增 2 个，已有 0 个，无效 0 个'));
  assert.equal((await z.bannedWords.all()).length, 1, 'nothing imported by the reload');
  assert.equal((await z.audit.list({ limit: 10, offset: 0, action: 'banned_word.import' })).total, 1);

  for (const other of [await loginAs(z, 'boss2', 'admin'), await loginAs(z, 'boss', 'admin')]) {
    const foreign = await other.get(location);
    assert.equal(foreign.statusCode, 404);
    assert.ok(foreign.body.includes('这次导入的结果已过期或不属于当前登录') && !foreign.body.includes('新增 2 个'));
  }
  assert.equal((await (await loginAs(z, 'ed', 'editor')).get(location)).statusCode, 403);
  assert.equal((await admin.get('/admin/banned-words/import?result=%3Cscript%3E')).statusCode, 404);
});

test('with Redis, a batch result written on one instance is read on another (sessions are shared there too)', async (t) => {
  const skip = requireOrSkip('Redis', await redisReachable());
  if (skip) return t.skip(skip);
  const redisPrefix = `t${randomBytes(4).toString('hex')}:`;
  const one = await createTestApp({ redisUrl: REDIS_URL, redisPrefix });
  const two = await createZixun(
    { ...one.config, redisUrl: REDIS_URL, redisPrefix },
    { clock: one.clock, dbh: one.dbh, storage: createFileStorage(path.join(one.tmp, 'uploads')), mailer: createOutboxMailer(undefined), rootDir: ROOT },
  );
  t.after(async () => {
    await two.close();
    await one.close();
  });
  const admin = await loginAs(one, 'boss', 'admin');
  const sent = await admin.post('/admin/banned-words/import', { words: '刷单 假证' });
  assert.equal(sent.statusCode, 303);
  const onTwo = await two.app.inject({ method: 'GET', url: String(sent.headers.location), headers: { cookie: admin.cookie } });
  assert.equal(onTwo.statusCode, 200);
  assert.ok(onTwo.body.includes('新增 2 个，已有 0 个，无效 0 个'));
  const stranger = await loginAs(one, 'boss2', 'admin');
  const foreign = await two.app.inject({ method: 'GET', url: String(sent.headers.location), headers: { cookie: stranger.cookie } });
  assert.equal(foreign.statusCode, 404);
});
