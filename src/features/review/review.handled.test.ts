import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

test('/admin/review/<id> of a submission already decided says so, with links on, instead of a 404', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'ed', 'editor');
  const send = async (title: string) => {
    z.clock.advance(120_000);
    const form = { title, category: 'local', summary: '提示。', body: `<p>${title}的正文。</p>`, tags: '', source: '', op: 'submit' };
    const r = await alice.post('/member/articles/new', form);
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    return Number(/id=(\d+)/.exec(String(r.headers.location))?.[1]);
  };

  const approved = await send('通过的稿件');
  assert.equal((await editor.get(`/admin/review/${approved}`)).statusCode, 200, 'pending: the review page');
  await z.dbh.db.updateTable('articles').set({ status: 'published', published_at: z.clock.now().toISOString() }).where('id', '=', approved).execute();
  const done = await editor.get(`/admin/review/${approved}`);
  assert.equal(done.statusCode, 200);
  assert.ok(done.body.includes('该投稿已处理（已通过）'));
  assert.ok(done.body.includes(`href="/news/${approved}.html"`) && done.body.includes('href="/admin/review/"'), 'links to the article and the queue');

  const rejected = await send('退回的稿件');
  const r = await editor.post(`/admin/review/${rejected}/reject`, { reason: '内容不完整' });
  assert.equal(r.statusCode, 303);
  const back = await editor.get(`/admin/review/${rejected}`);
  assert.equal(back.statusCode, 200);
  assert.ok(back.body.includes('该投稿已处理（已退回）') && back.body.includes('href="/admin/review/"'));

  assert.equal((await editor.get('/admin/review/999999')).statusCode, 404, 'an unknown id is still not found');
});
