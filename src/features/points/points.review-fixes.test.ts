import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeArticle, makeCategory } from '../../test/factories.ts';

test('积分账本: the adjustment flash reads member and amount from the ledger, never from the URL', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const admin = await loginAs(z, 'boss', 'admin');
  await loginAs(z, 'bobby');
  const forged = (await admin.get('/admin/points/?adjusted=bobby&amount=-99999')).body;
  assert.ok(!forged.includes('99999') && !forged.includes('已为 bobby 调整'), 'a crafted link cannot make the page claim an adjustment');

  const r = await admin.post('/admin/points/adjust', { username: 'bobby', amount: '30', reason: '活动奖励', key: randomUUID() });
  assert.equal(r.statusCode, 303);
  assert.match(String(r.headers.location), /^\/admin\/points\/\?adjusted=\d+$/);
  const page = (await admin.get(String(r.headers.location))).body;
  assert.match(page, /已为 bobby 调整 \+30 积分/, 'names the member and amount the ledger says');
  // Another transaction id (not an adjustment, or none at all) shows nothing.
  assert.ok(!(await admin.get('/admin/points/?adjusted=999999')).body.includes('已为 bobby 调整'));
});

test('积分明细 links to an article only while it is public', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  const cat = await makeCategory(z);
  const a = await makeArticle(z, { category: cat.slug, title: '会被下架的文章', author: 'writer' });
  const writer = await loginAs(z, 'writer');
  await z.points.reward(writer.member!.id, 'article', { type: 'article', id: a.id }, { memo: '文章通过审核' });
  assert.ok((await writer.get('/member/points/')).body.includes(`href="/news/${a.id}.html"`), 'a public article is linked');

  const staff = await z.members.create({ username: 'bianji', role: 'editor' });
  await z.articles.update(a.id, { status: 'draft' }, staff.id);
  const page = (await writer.get('/member/points/')).body;
  assert.ok(page.includes('文章通过审核'), 'the entry is still listed');
  assert.ok(!page.includes(`href="/news/${a.id}.html"`), 'but no link to a page that is now a 404');
});
