import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';

// The guestbook form in its own words, and what staff see of a held message.

const messages = (z: TestApp) => z.dbh.db.selectFrom('guestbook_messages').selectAll().orderBy('id').execute();

test('the form says members post under their 昵称; nickname errors speak of 留言 and say what is wrong', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  const page = await g.get('/guestbook/');
  assert.ok(page.body.includes('已登录的会员可以不填，将使用您的昵称') && !page.body.includes('将使用您的用户名'));

  const long = await g.post('/guestbook/', { nickname: '长'.repeat(25), body: '你好' });
  assert.equal(long.statusCode, 422);
  assert.ok(long.body.includes('昵称最多20个字') && !long.body.includes('请填写昵称'), 'a long nickname is not reported as missing');
  assert.ok((await g.post('/guestbook/', { nickname: '', body: '你好' })).body.includes('请填写昵称'));

  await loginAs(z, 'alice');
  const taken = await g.post('/guestbook/', { nickname: 'Alice', body: '你好' });
  assert.equal(taken.statusCode, 422);
  assert.ok(taken.body.includes('这个昵称已被本站会员使用，请换一个，或登录后留言'));
  assert.ok(!taken.body.includes('登录后评论'), 'comment wording does not leak into the guestbook');
  assert.equal((await messages(z)).length, 0);
});

test('over the rate limit the form comes back with the text kept and a Chinese message', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  for (let i = 0; i < 5; i++) assert.equal((await g.post('/guestbook/', { nickname: '访客', body: `第${i}条` })).statusCode, 303);
  const res = await g.post('/guestbook/', { nickname: '访客', contact: 'a@example.com', body: '很长的一段留言，不想丢' });
  assert.equal(res.statusCode, 429);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.ok(res.body.includes('留言过于频繁，请过几分钟再提交'));
  assert.ok(res.body.includes('很长的一段留言，不想丢') && res.body.includes('value="a@example.com"'), 'what was typed is kept');
  assert.match(res.body, new RegExp(`name="_csrf" value="${g.csrf}"`));
  assert.equal((await messages(z)).length, 5);
});

test('the admin list names the banned words that hold a message', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.settings.update({ bannedWordAction: 'hold' });
  await z.bannedWords.add('代开发票');
  await guest(z).post('/guestbook/', { nickname: '小李', body: '专业代开发票' });
  await guest(z).post('/guestbook/', { nickname: '小王', body: '网站很好' });
  const editor = await loginAs(z, 'ed', 'editor');
  const list = await editor.get('/admin/guestbook/');
  assert.equal((list.body.match(/命中违禁词/g) ?? []).length, 1, 'only the held message is marked');
  assert.ok(list.body.includes('命中违禁词：代开发票'));
});
