import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { guest, loginAs, type Client } from '../../test/session.ts';
import { makeCategory } from '../../test/factories.ts';

function submission(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: '青川新开一条公交线路',
    category: 'local',
    summary: '新线路连接高铁站和老城区。',
    body: '<p>正文第一段。</p>',
    tags: '公交',
    source: '',
    op: 'submit',
    ...over,
  };
}

async function write(z: TestApp, m: Client, over: Record<string, string> = {}): Promise<number> {
  z.clock.advance(5 * 60_000); // the group's minimum interval between submissions
  const r = await m.post('/member/articles/new', submission(over));
  assert.equal(r.statusCode, 303, r.body.slice(0, 300));
  return Number(/[?&]id=(\d+)/.exec(String(r.headers.location))?.[1]);
}

test('a member deletes their own draft, withdrawn or rejected submission, never a pending or published one', async (t) => {
  const z = await createTestApp();
  t.after(() => z.close());
  await makeCategory(z, { slug: 'local', name: '本地' });
  const alice = await loginAs(z, 'alice');
  const editor = await loginAs(z, 'bianji', 'editor');
  const draft = await write(z, alice, { op: 'draft', title: '一篇草稿' });
  const pending = await write(z, alice, { title: '审核中的投稿' });
  const rejected = await write(z, alice, { title: '被退回的投稿' });
  await z.articles.update(rejected, { status: 'rejected' }, editor.member!.id, { rejectReason: '内容不完整' });

  const list = (await alice.get('/member/articles/')).body;
  assert.ok(list.includes(`action="/member/articles/${draft}/delete"`), 'a draft can be deleted');
  assert.ok(list.includes(`action="/member/articles/${rejected}/delete"`), 'a rejected submission can be deleted');
  assert.ok(!list.includes(`action="/member/articles/${pending}/delete"`), 'a pending one is withdrawn, not deleted');
  assert.ok(list.includes('data-confirm="确定删除这篇文章吗？'), 'the button asks first');

  // Someone else's article, a guest, a missing token: nothing is deleted.
  const bob = await loginAs(z, 'bob');
  assert.equal((await bob.post(`/member/articles/${draft}/delete`)).statusCode, 404);
  assert.equal((await guest(z).post(`/member/articles/${draft}/delete`)).statusCode, 303);
  await alice.post(`/member/articles/${draft}/delete`, {}, { withoutToken: true });
  assert.equal((await z.articles.getAny(draft))!.status, 'draft');

  const r = await alice.post(`/member/articles/${draft}/delete`);
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, `/member/articles/?ok=deleted&id=${draft}`);
  assert.ok((await alice.get(String(r.headers.location))).body.includes('文章已删除。'));
  assert.equal((await z.articles.getAny(draft))!.status, 'deleted');
  assert.equal((await alice.post(`/member/articles/${rejected}/delete`)).statusCode, 303);
  assert.equal((await z.articles.getAny(rejected))!.status, 'deleted');

  // Pending: refused until withdrawn (then it is a draft, and may go).
  const refused = await alice.post(`/member/articles/${pending}/delete`);
  assert.equal(refused.statusCode, 409);
  assert.ok(refused.body.includes('只能删除草稿或未通过审核的文章'));
  await alice.post(`/member/articles/${pending}/withdraw`);
  assert.equal((await alice.post(`/member/articles/${pending}/delete`)).statusCode, 303);
  assert.equal((await z.articles.getAny(pending))!.status, 'deleted');

  // Published: refused, and it stays on the site.
  const published = await write(z, editor, { title: '编辑直接发布的文章' });
  assert.equal((await editor.post(`/member/articles/${published}/delete`)).statusCode, 409);
  assert.equal((await guest(z).get(`/news/${published}.html`)).statusCode, 200);
  assert.ok((await z.audit.list({ limit: 50, offset: 0 })).items.some((e) => e.action === 'article.delete_own' && e.targetId === draft));
});
