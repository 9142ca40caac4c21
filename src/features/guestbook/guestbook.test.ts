import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs } from '../../test/session.ts';

const XSS = '<script>alert(1)</script><svg onload=alert(2)>';
const messages = (z: TestApp) => z.dbh.db.selectFrom('guestbook_messages').selectAll().orderBy('id').execute();
const auditActions = async (z: TestApp) => (await z.audit.list({ limit: 100, offset: 0 })).items.map((e) => e.action).sort();

test('with approval on, a message waits for review; staff approve and reply, and both show on the public page', async (t) => {
  const z = await createTestApp({ pageCache: true });
  t.after(() => z.close());
  const g = guest(z);
  const page = await g.get('/guestbook/');
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('还没有留言') && page.body.includes('name="nickname"') && page.body.includes('name="website"'));
  assert.match(page.body, /name="_csrf" value=""/, 'the cached page carries no visitor token');

  const res = await g.post('/guestbook/', { nickname: '老张', contact: '13800000000', body: `网站很好用\n第二行${XSS}` });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/guestbook/posted?s=pending');
  assert.ok((await g.get(res.headers.location as string)).body.includes('留言等待审核'));
  const [m] = await messages(z);
  assert.equal(m?.status, 'pending');
  assert.equal(m?.member_id, null);
  assert.ok(!(await g.get('/guestbook/')).body.includes('网站很好用'), 'not shown before approval');
  assert.equal((await g.get('/guestbook/')).headers['x-cache'], 'HIT');

  const editor = await loginAs(z, 'ed', 'editor');
  const list = await editor.get('/admin/guestbook/');
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes('网站很好用') && list.body.includes('13800000000'), 'staff see the contact');
  assert.ok(!list.body.includes(XSS) && list.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;svg onload=alert(2)&gt;'));

  let r = await editor.post(`/admin/guestbook/${m!.id}/approve`);
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, '/admin/guestbook/?status=pending&done=approved');
  let pub = await g.get('/guestbook/');
  assert.equal(pub.headers['x-cache'], 'MISS', 'approving purged the page');
  assert.ok(pub.body.includes('老张') && pub.body.includes('网站很好用<br>第二行'));
  assert.ok(!pub.body.includes('13800000000'), 'the contact is never public');
  assert.ok(!pub.body.includes(XSS) && pub.body.includes('&lt;script&gt;'));

  assert.ok((await editor.get(`/admin/guestbook/${m!.id}`)).body.includes('回复内容'));
  r = await editor.post(`/admin/guestbook/${m!.id}/reply`, { reply: '谢谢支持！<b>欢迎</b>' });
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, '/admin/guestbook/?status=visible&done=replied');
  pub = await g.get('/guestbook/');
  assert.ok(pub.body.includes('管理员回复：') && pub.body.includes('谢谢支持！&lt;b&gt;欢迎&lt;/b&gt;'));
  assert.deepEqual(await auditActions(z), ['guestbook.approve', 'guestbook.reply']);
});

test('with approval off a message shows at once; a member posts under their own name; hide and delete take it away', async (t) => {
  const z = await createTestApp({ pageCache: true });
  t.after(() => z.close());
  await z.settings.update({ guestbookNeedsApproval: false });
  const alice = await loginAs(z, 'alice');
  assert.ok((await alice.get('/guestbook/')).body.includes('还没有留言'));
  const res = await alice.post('/guestbook/', { nickname: '冒充管理员', body: '会员留言' });
  assert.equal(res.headers.location, '/guestbook/posted?s=visible');
  assert.ok((await alice.get(res.headers.location as string)).body.includes('已经发布'));
  const [m] = await messages(z);
  assert.equal(m?.member_id, alice.member!.id);
  assert.equal(m?.nickname, 'alice', "a member's message carries their own name");
  let pub = await guest(z).get('/guestbook/');
  assert.ok(pub.body.includes('会员留言') && pub.body.includes('alice'));

  const admin = await loginAs(z, 'boss', 'admin');
  await admin.post(`/admin/guestbook/${m!.id}/hide`);
  pub = await guest(z).get('/guestbook/');
  assert.ok(!pub.body.includes('会员留言'));
  assert.ok((await admin.get('/admin/guestbook/?status=hidden')).body.includes('会员留言'));
  await admin.post(`/admin/guestbook/${m!.id}/approve`);
  assert.ok((await guest(z).get('/guestbook/')).body.includes('会员留言'));
  const del = await admin.post(`/admin/guestbook/${m!.id}/delete`);
  assert.equal(del.headers.location, '/admin/guestbook/?status=visible&done=removed');
  assert.equal((await messages(z)).length, 0);
  assert.ok(!(await guest(z).get('/guestbook/')).body.includes('会员留言'));
  assert.deepEqual(await auditActions(z), ['guestbook.approve', 'guestbook.delete', 'guestbook.hide']);
  assert.equal((await admin.post(`/admin/guestbook/${m!.id}/approve`)).statusCode, 404);
});

test('bad input re-renders the page with field messages and what was typed, and writes nothing', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  let res = await g.post('/guestbook/', { nickname: '', contact: 'c'.repeat(101), body: '   ' });
  assert.equal(res.statusCode, 422);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.ok(res.body.includes('请填写昵称') && res.body.includes('联系方式不能超过100个字') && res.body.includes('请填写留言内容'));
  res = await g.post('/guestbook/', { nickname: '<i>小王</i>', body: '长'.repeat(1001) });
  assert.equal(res.statusCode, 422);
  assert.ok(res.body.includes('留言内容不能超过1000字'));
  assert.ok(res.body.includes('value="&lt;i&gt;小王&lt;/i&gt;"'), 'the nickname is kept, escaped');
  assert.match(res.body, new RegExp(`name="_csrf" value="${g.csrf}"`), 'the re-rendered form carries the token');
  assert.equal((await messages(z)).length, 0);
});

test('banned words hold a message for review, or refuse it, per setting', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.settings.update({ guestbookNeedsApproval: false, bannedWordAction: 'hold' });
  await z.bannedWords.add('代开发票');
  const g = guest(z);
  let res = await g.post('/guestbook/', { nickname: '小李', body: '专业代 开 发票' });
  assert.equal(res.headers.location, '/guestbook/posted?s=pending');
  assert.equal((await messages(z))[0]?.status, 'pending');

  await z.settings.update({ bannedWordAction: 'reject' });
  res = await g.post('/guestbook/', { nickname: '小李', body: '代开发票请联系' });
  assert.equal(res.statusCode, 422);
  assert.ok(res.body.includes('留言包含违禁词：代开发票'));
  assert.equal((await messages(z)).length, 1);
});

test('spam protection: a filled honeypot writes nothing; guests are rate limited per IP', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const g = guest(z);
  assert.equal((await g.post('/guestbook/', { nickname: 'bot', body: 'buy', website: 'x' })).statusCode, 303);
  assert.equal((await messages(z)).length, 0);
  for (let i = 0; i < 5; i++) assert.equal((await g.post('/guestbook/', { nickname: '访客', body: `第${i}条` })).statusCode, 303);
  assert.equal((await g.post('/guestbook/', { nickname: '访客', body: '第6条' })).statusCode, 429);
  assert.equal((await messages(z)).length, 5);
  z.clock.advance(10 * 60_000);
  assert.equal((await g.post('/guestbook/', { nickname: '访客', body: '过一会儿' })).statusCode, 303);
});

test('the public list is paginated, newest first', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await z.settings.update({ guestbookNeedsApproval: false });
  for (let i = 1; i <= 21; i++) {
    await z.dbh.db
      .insertInto('guestbook_messages')
      .values({ member_id: null, nickname: `访客${i}`, contact: '', body: `留言第${i}号`, status: 'visible', ip: '', created_at: z.clock.now().toISOString() })
      .execute();
  }
  const p1 = await guest(z).get('/guestbook/');
  assert.ok(p1.body.includes('留言第21号') && !p1.body.includes('留言第1号<'));
  assert.ok(p1.body.indexOf('留言第21号') < p1.body.indexOf('留言第20号'));
  assert.ok(p1.body.includes('href="/guestbook/?page=2"'));
  const p2 = await guest(z).get('/guestbook/?page=2');
  assert.ok(p2.body.includes('留言第1号<') && p2.body.includes('<title>网站留言_第2页_青川资讯网</title>'));
  assert.equal((await guest(z).get('/guestbook/?page=3')).statusCode, 404);
  assert.equal((await guest(z).get('/guestbook/?page=x')).statusCode, 404);
});

test('replies are validated; the admin pages are for staff only', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await guest(z).post('/guestbook/', { nickname: '老张', body: '请问如何投稿？' });
  const [m] = await messages(z);
  const editor = await loginAs(z, 'ed', 'editor');
  const bad = await editor.post(`/admin/guestbook/${m!.id}/reply`, { reply: '长'.repeat(2001), publish: '1' });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('回复不能超过2000字'));
  assert.equal((await messages(z))[0]?.reply, '');
  const ok = await editor.post(`/admin/guestbook/${m!.id}/reply`, { reply: '登录后点“我要投稿”', publish: '1' });
  assert.equal(ok.headers.location, '/admin/guestbook/?status=visible&done=replied');
  const after = (await messages(z))[0]!;
  assert.deepEqual([after.status, after.reply, after.replied_by], ['visible', '登录后点“我要投稿”', editor.member!.id]);

  const g = guest(z);
  for (const url of ['/admin/guestbook/', `/admin/guestbook/${m!.id}`]) {
    const res = await g.get(url);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/member/login?next=${encodeURIComponent(url)}`);
  }
  const member = await loginAs(z, 'alice');
  assert.equal((await member.get('/admin/guestbook/')).statusCode, 403);
  for (const action of ['approve', 'hide', 'delete', 'reply']) {
    assert.equal((await member.post(`/admin/guestbook/${m!.id}/${action}`, { reply: 'x' })).statusCode, 403, action);
    assert.equal((await g.post(`/admin/guestbook/${m!.id}/${action}`, { reply: 'x' })).statusCode, 303, action);
  }
  assert.equal((await messages(z))[0]?.status, 'visible', 'nothing changed');
});
